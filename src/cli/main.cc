// The command line: one table of subcommands. Each Run function lives in its own file.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace gazette::cli;
  CLI::App app{
      "Gazette: a multilingual newspaper publishing platform.\n"
      "A site is a folder with gazette.toml, gazette.db and media/."};
  app.require_subcommand(1);

  InitOptions init;
  auto* init_cmd =
      app.add_subcommand("init", "Create a site (configuration, database, media folder) in DIR");
  init_cmd->add_option("--data", init.data_dir, "Site folder to create")->required();
  init_cmd->add_flag("--demo", init.demo,
                     "Load the demo content (reference article and a generated archive)");
  init_cmd->add_option("--base-url", init.base_url,
                       "Public address of the site, e.g. https://news.example");
  init_cmd->add_option("--admin-user", init.admin_user, "Username of the first administrator");
  init_cmd->add_option("--admin-password", init.admin_password,
                       "Password of the first administrator (default: generated, printed once)");

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the site over HTTP until SIGINT/SIGTERM");
  serve_cmd->add_option("--data", serve.data_dir, "Site folder")->required();
  serve_cmd->add_option("--listen", serve.listen,
                        "Address to listen on (default from gazette.toml: 127.0.0.1:8080)");
  serve_cmd->add_option("--threads", serve.threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  serve_cmd->add_flag("--no-cache", serve.no_cache,
                      "Render every page on every request (no page cache)");
  serve_cmd->add_flag("--quiet", serve.quiet, "No access log");
  serve_cmd->add_option("--theme", serve.theme_dir, "Theme folder (default: the built-in theme)");

  ImportOptions import;
  auto* import_cmd = app.add_subcommand(
      "import", "Import articles from a JSON Lines file (formats/articles-jsonl)");
  import_cmd->add_option("--data", import.data_dir, "Site folder")->required();
  import_cmd->add_option("file", import.file, "FILE.jsonl")->required();
  import_cmd->add_flag("--quiet", import.quiet, "No progress line");

  ExportOptions export_options;
  auto* export_cmd = app.add_subcommand("export", "Export every article as JSON Lines");
  export_cmd->add_option("--data", export_options.data_dir, "Site folder")->required();
  export_cmd->add_option("--out", export_options.out, "Output file (default: standard output)");

  GenerateOptions generate;
  auto* generate_cmd =
      app.add_subcommand("generate", "Write a deterministic synthetic archive as JSON Lines");
  generate_cmd->add_option("--count", generate.count, "Number of articles")
      ->required()
      ->check(CLI::Range(1, 10000000));
  generate_cmd->add_option("--seed", generate.seed, "Seed: the same seed gives the same archive");
  generate_cmd->add_option("--edition", generate.edition,
                           "Edition (language) of the articles: fr or en");
  generate_cmd->add_option("--translation-of", generate.translation_of,
                           "Edition whose generated articles every third article translates");
  generate_cmd->add_option("--out", generate.out, "Output file")->required();

  UserOptions user;
  auto* user_cmd = app.add_subcommand("user", "Manage newsroom accounts");
  user_cmd->require_subcommand(1);
  for (const char* action : {"add", "passwd", "list", "disable", "enable"}) {
    const std::string help = std::string(action) == "add"      ? "Create a user"
                             : std::string(action) == "passwd" ? "Change a user's password"
                             : std::string(action) == "list"   ? "List users"
                             : std::string(action) == "disable"
                                 ? "Disable a user and end their sessions"
                                 : "Enable a disabled user";
    auto* sub = user_cmd->add_subcommand(action, help);
    sub->add_option("--data", user.data_dir, "Site folder")->required();
    sub->callback([&user, action] { user.action = action; });
    if (std::string(action) == "list") continue;
    sub->add_option("username", user.username, "Username")->required();
    if (std::string(action) == "add") {
      sub->add_option("--role", user.role, "administrator, editor, reporter or translator");
      sub->add_option("--name", user.display_name, "Display name");
    }
    if (std::string(action) == "add" || std::string(action) == "passwd") {
      sub->add_option("--password", user.password,
                      "Password (default: asked without echo, or read from a pipe)");
    }
  }

  CLI11_PARSE(app, argc, argv);

  if (*init_cmd) return RunInit(init);
  if (*serve_cmd) return RunServe(serve);
  if (*import_cmd) return RunImport(import);
  if (*export_cmd) return RunExport(export_options);
  if (*generate_cmd) return RunGenerate(generate);
  if (*user_cmd) return RunUser(user);
  return 2;
}
