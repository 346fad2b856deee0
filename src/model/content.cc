#include "model/content.h"

namespace gazette::model {

const char* StatusName(ArticleStatus status) {
  switch (status) {
    case ArticleStatus::kDraft:
      return "draft";
    case ArticleStatus::kReview:
      return "review";
    case ArticleStatus::kScheduled:
      return "scheduled";
    case ArticleStatus::kPublished:
      return "published";
    case ArticleStatus::kUnpublished:
      return "unpublished";
  }
  return "draft";
}

std::optional<ArticleStatus> ParseStatus(std::string_view name) {
  for (auto s : {ArticleStatus::kDraft, ArticleStatus::kReview, ArticleStatus::kScheduled,
                 ArticleStatus::kPublished, ArticleStatus::kUnpublished}) {
    if (name == StatusName(s)) return s;
  }
  return std::nullopt;
}

}  // namespace gazette::model
