#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"Gazette: a multilingual newspaper publishing platform"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
