// The public URL scheme, in one place: every layer that prints or parses a public path uses these.
#pragma once

#include <string>

#include "model/content.h"

namespace gazette::model {

// "/fr/"
std::string EditionPath(const std::string& edition);
// "/fr/international/amerique/"
std::string SectionPath(const std::string& edition, const std::string& section_path);
// "/fr/international/amerique/l-otan-envoie-un-message"
std::string ArticlePath(const std::string& edition, const std::string& section_path,
                        const std::string& slug);
// "/fr/tag/russie/"
std::string TagPath(const std::string& edition, const std::string& tag_slug);
// "/fr/author/jean-dupont/"
std::string AuthorPath(const std::string& edition, const std::string& author_slug);
// "/media/2024/07/x.jpg", or the URL itself when `file` is an absolute URL.
std::string MediaPath(const std::string& file);

}  // namespace gazette::model
