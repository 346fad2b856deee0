// `gazette user add|passwd|list|disable|enable`: newsroom accounts from the command line.
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/site.h"
#include "model/permissions.h"
#include "services/accounts.h"
#include "services/site_reader.h"

namespace gazette::cli {

namespace {

// Reads a password from standard input: without echo on a terminal (asked twice), or the
// first line when input is a pipe (scripts).
model::Result<std::string> ReadPassword() {
  if (!isatty(STDIN_FILENO)) {
    std::string line;
    if (!std::getline(std::cin, line) || line.empty()) {
      return model::InvalidInput("no password given (use --password or type it)", "password");
    }
    return line;
  }
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  auto ask = [&](const char* prompt) {
    std::cerr << prompt << std::flush;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    std::string line;
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
    return line;
  };
  const std::string first = ask("Password: ");
  const std::string second = ask("Password again: ");
  if (first != second) return model::InvalidInput("the passwords differ", "password");
  return first;
}

model::Result<model::User> FindUser(storage::Store& store, const std::string& username) {
  GAZETTE_ASSIGN_OR_RETURN(auto user, store.FindUser(username));
  if (!user) return model::NotFound("no user named '" + username + "'");
  return *user;
}

}  // namespace

int RunUser(const UserOptions& options) {
  auto site = OpenSite(options.data_dir);
  if (!site.ok()) return Fail(site.error());
  storage::Store& store = *site->store;
  services::Accounts accounts(store, services::AccountsOptions{}, services::SystemNow);

  if (options.action == "list") {
    auto users = store.ListUsers();
    if (!users.ok()) return Fail(users.error());
    for (const auto& u : *users) {
      std::cout << u.username << "\t" << model::RoleName(u.role) << "\t"
                << (u.disabled ? "disabled" : "active") << "\t" << u.display_name << "\n";
    }
    return 0;
  }
  if (options.action == "add") {
    auto role = model::ParseRole(options.role);
    if (!role) {
      return Fail(model::InvalidInput(
          "unknown role '" + options.role + "': administrator, editor, reporter or translator",
          "role"));
    }
    std::string password = options.password;
    if (password.empty()) {
      auto typed = ReadPassword();
      if (!typed.ok()) return Fail(typed.error());
      password = *typed;
    }
    auto user = accounts.CreateUser(options.username, options.display_name, *role, password);
    if (!user.ok()) return Fail(user.error());
    std::cout << "Created " << model::RoleName(user->role) << " " << user->username << "\n";
    return 0;
  }
  auto user = FindUser(store, options.username);
  if (!user.ok()) return Fail(user.error());
  if (options.action == "passwd") {
    std::string password = options.password;
    if (password.empty()) {
      auto typed = ReadPassword();
      if (!typed.ok()) return Fail(typed.error());
      password = *typed;
    }
    if (auto changed = accounts.ChangePassword(user->id, password); !changed.ok()) {
      return Fail(changed.error());
    }
    std::cout << "Changed the password of " << user->username << "; their sessions ended\n";
    return 0;
  }
  if (options.action == "disable" || options.action == "enable") {
    const bool disable = options.action == "disable";
    if (auto done = accounts.SetDisabled(user->id, disable); !done.ok()) return Fail(done.error());
    std::cout << (disable ? "Disabled " : "Enabled ") << user->username << "\n";
    return 0;
  }
  return Fail(model::InvalidInput("unknown user action '" + options.action + "'"));
}

model::Result<std::string> CreateFirstAdministrator(storage::Store& store,
                                                    const std::string& username,
                                                    const std::string& password) {
  services::Accounts accounts(store, services::AccountsOptions{}, services::SystemNow);
  const std::string chosen = password.empty() ? services::Accounts::GeneratePassword() : password;
  GAZETTE_ASSIGN_OR_RETURN(auto user,
                           accounts.CreateUser(username, "", model::Role::kAdministrator, chosen));
  (void)user;
  return chosen;
}

}  // namespace gazette::cli
