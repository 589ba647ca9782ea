// The memcosim command-line tool: parses arguments and calls the engine, nothing more.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands/run_deck.h"

namespace {

int runCommand(const std::string& deck, const std::string& outDir, bool verbose) {
  const auto result = memcosim::commands::runDeck(deck, outDir, verbose);
  for (const auto& warning : result.warnings) std::cerr << "warning: " << warning << '\n';
  for (const auto& file : result.files) std::cout << "wrote " << file.string() << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"memcosim: memristive neural networks trained at circuit fidelity (ngspice in process)"};
  app.set_version_flag("--version", std::string("memcosim ") + MEMCOSIM_VERSION);
  app.require_subcommand(1);

  std::string deck;
  std::string outDir;
  bool verbose = false;
  CLI::App* run = app.add_subcommand(
      "run", "Run a SPICE deck's analyses in-process; write every vector as DIR/<analysis>.csv");
  run->add_option("deck", deck, "SPICE deck (.cir) with .op/.dc/.tran cards")->required()->check(CLI::ExistingFile);
  run->add_option("--out", outDir, "Output folder (created if missing)")->required();
  run->add_flag("--verbose", verbose, "Echo ngspice's own output to stderr");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  try {
    if (run->parsed()) return runCommand(deck, outDir, verbose);
  } catch (const std::exception& error) {
    std::cerr << "memcosim: error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
