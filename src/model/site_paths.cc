#include "model/site_paths.h"

namespace gazette::model {

std::string EditionPath(const std::string& edition) { return "/" + edition + "/"; }

std::string SectionPath(const std::string& edition, const std::string& section_path) {
  return "/" + edition + "/" + section_path + "/";
}

std::string ArticlePath(const std::string& edition, const std::string& section_path,
                        const std::string& slug) {
  return "/" + edition + "/" + section_path + "/" + slug;
}

std::string TagPath(const std::string& edition, const std::string& tag_slug) {
  return "/" + edition + "/tag/" + tag_slug + "/";
}

std::string AuthorPath(const std::string& edition, const std::string& author_slug) {
  return "/" + edition + "/author/" + author_slug + "/";
}

std::string MediaPath(const std::string& file) {
  if (file.rfind("http://", 0) == 0 || file.rfind("https://", 0) == 0) return file;
  return "/media/" + file;
}

}  // namespace gazette::model
