#include "services/exporter.h"

#include <filesystem>
#include <map>

#include "services/article_record.h"
#include "services/site_reader.h"
#include "text/iso_time.h"

namespace gazette::services {

namespace {

// ISO 8601 in the edition's offset is not needed for a faithful round trip: UTC is exact.
std::string Iso(std::optional<model::UnixSeconds> t) {
  return t ? text::FormatIso8601Utc(*t) : std::string();
}

}  // namespace

model::Result<std::int64_t> ExportArticles(storage::Store& store, const ExportOptions& options,
                                           std::ostream& out) {
  std::map<std::string, std::vector<model::Section>> sections_by_edition;
  // The first article of a translation group (lowest id) is the one the others translate.
  std::map<model::Id, std::string> group_original;
  std::int64_t written = 0;
  model::Id after = 0;
  for (;;) {
    GAZETTE_ASSIGN_OR_RETURN(auto articles, store.ScanArticles(after, 500));
    if (articles.empty()) break;
    for (const auto& a : articles) {
      after = a.id;
      auto& sections = sections_by_edition[a.edition];
      if (sections.empty()) {
        GAZETTE_ASSIGN_OR_RETURN(sections, store.ListSections(a.edition));
      }
      ArticleRecord r;
      r.id = a.external_id;
      r.edition = a.edition;
      r.title = a.title;
      r.slug = a.slug;
      r.lead = a.lead;
      r.body_html = a.body_html;
      for (const auto& s : SectionChain(sections, a.section_id)) {
        r.section += (r.section.empty() ? "" : "/") + s.name;
      }
      GAZETTE_ASSIGN_OR_RETURN(auto tags, store.GetTags(a.tag_ids));
      for (const auto& t : tags) r.tags.push_back(t.name);
      GAZETTE_ASSIGN_OR_RETURN(auto authors, store.GetAuthors(a.author_ids));
      for (const auto& au : authors) r.authors.push_back(au.name);
      r.published_at = Iso(a.published_at);
      if (a.published_at && a.updated_at > *a.published_at) r.updated_at = Iso(a.updated_at);
      r.status = model::StatusName(a.status);
      r.source = a.source;
      if (a.image_id) {
        GAZETTE_ASSIGN_OR_RETURN(auto media, store.GetMedia(*a.image_id));
        if (media) {
          ImageRecord image;
          const bool url =
              media->file.rfind("http://", 0) == 0 || media->file.rfind("https://", 0) == 0;
          image.src =
              url ? media->file : (std::filesystem::path(options.media_dir) / media->file).string();
          image.caption = media->caption;
          image.credit = media->credit;
          image.alt = media->alt;
          r.image = image;
        }
      }
      if (a.translation_group != 0) {
        auto [it, inserted] = group_original.emplace(a.translation_group, a.external_id);
        if (!inserted) r.translation_of = it->second;
      }
      out << ToJsonLine(r) << '\n';
      ++written;
    }
  }
  if (!out) return model::Unavailable("cannot write the export");
  return written;
}

}  // namespace gazette::services
