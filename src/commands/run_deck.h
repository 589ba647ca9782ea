// `memcosim run`: a deck's analyses solved in-process, every vector written as CSV.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace memcosim::commands {

struct RunDeckResult {
  std::vector<std::filesystem::path> files;  // one CSV per analysis, in deck order
  std::vector<std::string> warnings;         // from reading the deck
};

/// Loads `deck` into a spice::Session, runs its analysis cards, and writes
/// `outDir/<analysis>.csv` (op.csv, dc.csv, tran.csv; a second analysis of the same kind
/// becomes tran_2.csv …) with one column per vector and the vector names as header.
/// Nothing is written unless every analysis succeeded; each file is replaced atomically.
RunDeckResult runDeck(const std::filesystem::path& deck, const std::filesystem::path& outDir, bool verbose);

}  // namespace memcosim::commands
