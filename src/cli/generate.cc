#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/site.h"
#include "services/article_record.h"
#include "services/generator.h"

namespace gazette::cli {

int RunGenerate(const GenerateOptions& options) {
  std::ofstream out(options.out, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(model::Unavailable("cannot write '" + options.out + "'"));
  services::GeneratorOptions g;
  g.count = options.count;
  g.seed = options.seed;
  g.edition = options.edition;
  g.translation_of_edition = options.translation_of;
  services::GenerateArchive(
      g, [&](const services::ArticleRecord& r) { out << services::ToJsonLine(r) << '\n'; });
  out.flush();
  if (!out) return Fail(model::Unavailable("cannot write '" + options.out + "'"));
  std::cerr << "generated " << options.count << " articles in " << options.out << "\n";
  return 0;
}

}  // namespace gazette::cli
