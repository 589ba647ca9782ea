// Screening a deck's .control block before ngspice runs it: what stays inside the run, what is refused.
//
// ngspice executes a deck's `.control` … `.endc` commands itself when the deck is loaded
// (ngSpice_Circ → inp_spsource runs the control word list), exactly as `ngspice -b` does. The
// control language can also reach outside the run: run programs (`shell`, back quotes, `!`),
// read other command files (`source`), change folder (`cd`), load code (`codemodel`, `osdi`),
// or write files anywhere (`write`, `wrdata`, `hardcopy`, `> file`). Each command is
// classified before ngspice sees it:
//   - analyses, `run`, `save`/`set`/`option`, `let`, `alter`/`alterparam`, loops, `print`,
//     `meas`, … : kept;
//   - file writes and reads with a relative path (no `..`): kept; the run happens in a
//     staging folder that becomes the output folder, so they land inside `--out`;
//   - `plot`, `iplot`, `xgraph`, `gnuplot`: skipped with a warning (no graphics; the vectors
//     are in the CSV files);
//   - `quit`/`exit` at the top level: it and the rest of the block are dropped (ngspice would
//     stop there too); inside a loop or `if` it becomes `echo memcosim-quit STATUS file:line`
//     and a `goto` to a label after the last command (the block is wrapped in `repeat 1` …
//     `end`, since ngspice's goto reaches only labels of enclosing blocks), so the rest of the
//     block is skipped when it runs and the runner can see its exit status;
//   - everything else that reaches outside, and commands memcosim does not know: an error
//     naming the file:line, unless `trustDeck` is set.
#pragma once

#include <string>
#include <vector>

#include "spice/printer.h"

namespace memcosim::spice {

struct ScreenedControl {
  std::vector<SourceLine> lines;      // the commands to hand to ngspice (without .control/.endc)
  std::vector<std::string> warnings;  // skipped commands, with file:line
  std::vector<SourceLine> analyses;   // analysis commands (tran, ac, dc, …), for estimating output size
  bool runsDeckAnalyses = false;      // a `run` command: the deck's own analysis cards are run
};

/// Screens the lines between `.control` and `.endc`. Lines longer than kMaxControlLine
/// characters are refused (libngspice 39 corrupts memory on long command lines).
/// Throws std::runtime_error naming the file:line and what to do.
ScreenedControl screenControlBlock(const std::vector<SourceLine>& block, bool trustDeck);

inline constexpr std::size_t kMaxControlLine = 1000;
/// What a `quit STATUS` inside a loop or `if` prints when it runs: "memcosim-quit STATUS file:line".
inline constexpr const char* kQuitMarker = "memcosim-quit";
inline constexpr const char* kQuitLabel = "memcosim_quit";

}  // namespace memcosim::spice
