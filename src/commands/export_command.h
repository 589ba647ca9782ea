// `memcosim export RUN_DIR`: a finished (or interrupted) training run's network re-exported as
// a standalone deck in a chosen dialect, as trained or frozen.
//
// exportRun(options) → restoreRun(RUN_DIR) → exportNetwork(network, weights, test sample,
// frozen) → print(dialect) → the deck file, written atomically.
#pragma once

#include <filesystem>
#include <optional>

#include "spice/printer.h"

namespace memcosim::commands {

struct ExportOptions {
  std::filesystem::path run;  // a `memcosim train` output folder
  spice::Dialect dialect = spice::Dialect::Ngspice;
  bool frozen = false;                       // every weight the resistor it is at its state
  std::size_t sample = 0;                    // which test sample's inputs the sources carry
  std::optional<std::filesystem::path> out;  // default: RUN_DIR/network_<dialect>[_frozen].cir
};

/// Writes the deck and returns its path. Throws naming the run folder, the sample index
/// (out of range) or the element a dialect cannot express (e.g. a memristor read view's
/// behavioural source for gnucap: export --frozen instead).
std::filesystem::path exportRun(const ExportOptions& options, bool verbose);

}  // namespace memcosim::commands
