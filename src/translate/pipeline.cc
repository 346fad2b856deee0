#include "translate/pipeline.h"

#include "text/html.h"

namespace gazette::translate {
namespace {

// Plain text travels as escaped HTML so that one code path handles every field.
std::string PlainToHtml(const std::string& plain) {
  return text::DecodeEntitiesForTranslation(text::EscapeHtml(plain));
}

}  // namespace

model::Result<std::vector<TranslatedText>> TranslateTexts(Provider& provider,
                                                          std::string_view source_language,
                                                          std::string_view target_language,
                                                          const std::vector<SourceText>& texts) {
  constexpr std::size_t kFields = 3;
  static const char* const kFieldNames[kFields] = {"title", "lead", "body_html"};
  std::vector<text::ProtectedText> protected_texts;
  std::vector<std::string> fragments;
  protected_texts.reserve(texts.size() * kFields);
  for (const auto& source : texts) {
    const std::string fields[kFields] = {PlainToHtml(source.title), PlainToHtml(source.lead),
                                         text::DecodeEntitiesForTranslation(source.body_html)};
    for (const auto& field : fields) {
      protected_texts.push_back(text::Protect(field, source.protect));
      fragments.push_back(protected_texts.back().text);
    }
  }
  GAZETTE_ASSIGN_OR_RETURN(auto outputs,
                           provider.TranslateHtml(fragments, source_language, target_language));
  if (outputs.size() != fragments.size()) {
    return model::Internal(provider.Name() + " returned " + std::to_string(outputs.size()) +
                           " texts for " + std::to_string(fragments.size()));
  }
  std::vector<TranslatedText> result(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::string restored[kFields];
    for (std::size_t f = 0; f < kFields; ++f) {
      const std::size_t k = i * kFields + f;
      auto r = text::Restore(outputs[k], protected_texts[k], kFieldNames[f]);
      restored[f] = std::move(r.text);
      result[i].report.Merge(r.report);
    }
    result[i].title = text::HtmlToPlainText(restored[0]);
    result[i].lead = text::HtmlToPlainText(restored[1]);
    result[i].body_html = std::move(restored[2]);
  }
  return result;
}

}  // namespace gazette::translate
