#include "translate/apertium.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace gazette::translate {
namespace {

namespace fs = std::filesystem;

// Between fragments of one batch: markup to Apertium, so never translated or merged.
std::string Separator(std::size_t index) {
  return "\n<gz-b n=\"" + std::to_string(index) + "\"/>\n";
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A private folder for one run's files, removed when the run ends.
class RunDir {
 public:
  RunDir() {
    std::string pattern = (fs::temp_directory_path() / "gazette-apertium-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~RunDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

ApertiumProvider::ApertiumProvider(ApertiumOptions options) : options_(std::move(options)) {}

model::Result<std::string> ApertiumProvider::ModeFor(std::string_view source,
                                                     std::string_view target) const {
  const std::string s2(source), t2(target), s3 = Iso639_3(source), t3 = Iso639_3(target);
  for (const std::string& mode : {s2 + "-" + t2, s3 + "-" + t3, s2 + "-" + t3, s3 + "-" + t2}) {
    std::error_code ec;
    if (fs::exists(fs::path(options_.modes_dir) / (mode + ".mode"), ec)) return mode;
  }
  std::vector<std::string> installed;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(options_.modes_dir, ec)) {
    if (entry.path().extension() == ".mode") installed.push_back(entry.path().stem().string());
  }
  std::sort(installed.begin(), installed.end());
  std::string list;
  for (const auto& m : installed) list += (list.empty() ? "" : ", ") + m;
  return model::InvalidInput("Apertium has no " + s2 + "\u2192" + t2 +
                                 " translation pair (installed: " + (list.empty() ? "none" : list) +
                                 ")",
                             "to");
}

model::Result<std::vector<std::string>> ApertiumProvider::TranslateHtml(
    const std::vector<std::string>& fragments, std::string_view source, std::string_view target) {
  GAZETTE_ASSIGN_OR_RETURN(const std::string mode, ModeFor(source, target));
  if (fragments.empty()) return std::vector<std::string>{};
  RunDir dir;
  if (dir.path().empty())
    return model::Unavailable("cannot create a temporary folder for Apertium");
  const fs::path in_path = dir.path() / "in.html";
  const fs::path out_path = dir.path() / "out.html";
  const fs::path err_path = dir.path() / "err.txt";
  {
    std::ofstream in(in_path, std::ios::binary);
    for (std::size_t i = 0; i < fragments.size(); ++i) {
      in << fragments[i] << Separator(i);
    }
    if (!in) return model::Unavailable("cannot write Apertium's input file");
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  std::vector<std::string> args = {options_.binary, "-f", "html", "-u", mode};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawn_error =
      posix_spawnp(&pid, options_.binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    return model::Unavailable("cannot run '" + options_.binary +
                              "' (install the Debian package apertium)");
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string err = ReadAll(err_path);
    if (err.size() > 300) err.resize(300);
    return model::Unavailable("apertium " + mode + " failed: " + err);
  }

  const std::string out = ReadAll(out_path);
  std::vector<std::string> result;
  std::size_t from = 0;
  for (std::size_t i = 0; i < fragments.size(); ++i) {
    const std::string sep = Separator(i);
    std::size_t at = out.find(sep, from);
    if (at == std::string::npos) {
      // The separators are markup; Apertium keeps them. If one is lost, nothing can be trusted.
      return model::Internal("apertium lost the separator of fragment " + std::to_string(i));
    }
    result.push_back(out.substr(from, at - from));
    from = at + sep.size();
  }
  return result;
}

}  // namespace gazette::translate
