// The command line: one table of subcommands. Each Run function lives in its own file.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace gazette::cli;
  const char* kDatabaseHelp =
      "Database instead of [site] database: postgresql://user@host/db or a SQLite file";
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
  serve_cmd->add_option("--database", serve.database, kDatabaseHelp);

  ImportOptions import;
  auto* import_cmd = app.add_subcommand(
      "import", "Import articles from a JSON Lines file (formats/articles-jsonl)");
  import_cmd->add_option("--data", import.data_dir, "Site folder")->required();
  import_cmd->add_option("file", import.file, "FILE.jsonl")->required();
  import_cmd->add_flag("--quiet", import.quiet, "No progress line");
  import_cmd->add_option("--database", import.database, kDatabaseHelp);

  ExportOptions export_options;
  auto* export_cmd = app.add_subcommand("export", "Export every article as JSON Lines");
  export_cmd->add_option("--data", export_options.data_dir, "Site folder")->required();
  export_cmd->add_option("--out", export_options.out, "Output file (default: standard output)");
  export_cmd->add_option("--database", export_options.database, kDatabaseHelp);

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

  TranslateOptions translate;
  auto* translate_cmd = app.add_subcommand(
      "translate", "Machine-translate articles into another edition, as drafts to review");
  translate_cmd->add_option("--data", translate.data_dir, "Site folder")->required();
  translate_cmd->add_option("--to", translate.to, "Target edition code")->required();
  translate_cmd->add_option("--article", translate.article, "External id of one article");
  translate_cmd->add_option("--provider", translate.provider,
                            "apertium, apy or libretranslate (default: [translation] provider)");
  translate_cmd->add_option("--from", translate.from, "Bulk: source edition (default edition)");
  translate_cmd->add_option("--section", translate.section, "Bulk: a section path");
  translate_cmd->add_option("--since", translate.since, "Bulk: published on or after (ISO 8601)");
  translate_cmd->add_option("--until", translate.until, "Bulk: published before (ISO 8601)");
  translate_cmd->add_flag("--quiet", translate.quiet, "No progress bar");

  PublishOptions publish;
  auto* publish_cmd = app.add_subcommand(
      "publish", "Publish a reviewed draft (refused while its integrity report has problems)");
  publish_cmd->add_option("--data", publish.data_dir, "Site folder")->required();
  publish_cmd->add_option("--article", publish.article, "External id")->required();
  publish_cmd->add_option("--at", publish.at, "Publication date-time (ISO 8601)");
  MigrateDbOptions migrate_db;
  auto* migrate_db_cmd = app.add_subcommand(
      "migrate-db", "Copy the site's SQLite database into PostgreSQL (for cluster mode)");
  migrate_db_cmd->add_option("--data", migrate_db.data_dir, "Site folder")->required();
  migrate_db_cmd->add_option("--to", migrate_db.to, "postgresql://user@host/database")
      ->required();
  migrate_db_cmd->add_flag("--quiet", migrate_db.quiet, "No progress line");

  BackupOptions backup;
  auto* backup_cmd =
      app.add_subcommand("backup", "Copy the site's SQLite database to FILE while it serves");
  backup_cmd->add_option("--data", backup.data_dir, "Site folder")->required();
  backup_cmd->add_option("--out", backup.out, "Backup file to create")->required();

  ReindexOptions reindex;
  auto* reindex_cmd = app.add_subcommand("reindex", "Rebuild the search index from the articles");
  reindex_cmd->add_option("--data", reindex.data_dir, "Site folder")->required();
  reindex_cmd->add_flag("--quiet", reindex.quiet, "No progress bar");

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
  if (*translate_cmd) return RunTranslate(translate);
  if (*publish_cmd) return RunPublish(publish);
  if (*migrate_db_cmd) return RunMigrateDb(migrate_db);
  if (*backup_cmd) return RunBackup(backup);
  if (*reindex_cmd) return RunReindex(reindex);
  if (*user_cmd) return RunUser(user);
  return 2;
}
