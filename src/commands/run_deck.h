// `memcosim run`: a deck's analyses solved by ngspice in a child process, every plot written as CSV.
//
// Call map: runDeck → readDeck (includes checked, .control screened) → output budget check
// → staging folder DIR/.memcosim-run-XXXXXX → fork: the child loads the deck into a
// spice::Session (ngspice runs the .control block, or memcosim runs the analysis cards),
// writes one CSV per plot into the staging folder (its working folder, where the deck's own
// `write`/`wrdata` files land too) and reports over a pipe → the parent moves every file
// into DIR only if the child succeeded; a crash or error leaves DIR as it was.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace memcosim::commands {

struct RunDeckOptions {
  bool verbose = false;    // echo ngspice's own output to stderr
  bool trustDeck = false;  // allow .control commands that reach outside the run (shell, source, absolute paths …)
  double maxValues = 2e7;  // output budget: estimated points × vectors of any one analysis
};

struct RunDeckResult {
  std::vector<std::filesystem::path>
      files;                          // one CSV per plot in the order ngspice made them, then the deck's own files
  std::vector<std::string> warnings;  // from reading the deck and from its results, with file:line
  int interruptedBy = 0;              // SIGINT/SIGTERM/SIGHUP that stopped the run (nothing written), or 0
};

/// Runs `deck` and writes `outDir/<analysis>.csv` (op.csv, dc.csv, tran.csv; a second plot
/// of the same kind becomes tran_2.csv …, matching ngspice's tran1, tran2 …) with one column
/// per vector (complex ones as re(name), im(name)) and the vector names as header. A deck with
/// a .control block runs that block, as `ngspice -b` does; a deck without one runs its
/// analysis cards. All files appear together or none does. Throws std::runtime_error naming the
/// deck (and line) on a refused command, an include problem, an output over the budget, an
/// ngspice error (with what ngspice printed) or a crash inside ngspice.
RunDeckResult runDeck(const std::filesystem::path& deck, const std::filesystem::path& outDir,
                      const RunDeckOptions& options);

}  // namespace memcosim::commands
