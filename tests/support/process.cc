#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "temp_dir.h"

namespace gazette::testing {

namespace {

std::vector<char*> Argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

CommandResult Run(const std::vector<std::string>& argv) {
  TempDir dir;
  const std::string out_file = dir / "out";
  const std::string err_file = dir / "err";
  auto args = Argv(argv);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = open("/dev/null", O_RDONLY);
    dup2(out, 1);
    dup2(err, 2);
    dup2(in, 0);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return {ExitCode(status), ReadFile(out_file), ReadFile(err_file)};
}

Process::Process(const std::vector<std::string>& argv, const std::string& log_file) {
  auto args = Argv(argv);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int log = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = open("/dev/null", O_RDONLY);
    dup2(log, 1);
    dup2(log, 2);
    dup2(in, 0);
    execv(args[0], args.data());
    _exit(127);
  }
}

Process::~Process() {
  if (!Running()) return;
  Kill(SIGTERM);
  for (int i = 0; i < 100 && Running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (Running()) Kill(SIGKILL);
  Wait();
}

bool Process::Running() {
  if (reaped_) return false;
  const pid_t r = waitpid(pid_, &status_, WNOHANG);
  if (r == pid_) reaped_ = true;
  return !reaped_;
}

void Process::Kill(int signal) {
  if (!reaped_) kill(pid_, signal);
}

int Process::Wait() {
  if (!reaped_) {
    waitpid(pid_, &status_, 0);
    reaped_ = true;
  }
  return ExitCode(status_);
}

std::string GazetteBinary() {
  const char* binary = std::getenv("GAZETTE_BINARY");
  if (binary == nullptr)
    throw std::runtime_error("GAZETTE_BINARY is not set (run the tests with ctest)");
  return binary;
}

}  // namespace gazette::testing
