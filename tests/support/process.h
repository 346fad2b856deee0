// Running the gazette binary (or any program) from tests, as a user would.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace gazette::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` to completion, capturing standard output and error.
CommandResult Run(const std::vector<std::string>& argv);

// A program running in the background, stopped (SIGTERM, then SIGKILL) when destroyed.
class Process {
 public:
  // Standard output and error go to `log_file`.
  Process(const std::vector<std::string>& argv, const std::string& log_file);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool Running();
  void Kill(int signal);
  // Waits for the exit; returns the exit code (-1 when killed by a signal).
  int Wait();

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

// The gazette binary under test (the GAZETTE_BINARY environment variable set by CTest).
std::string GazetteBinary();

}  // namespace gazette::testing
