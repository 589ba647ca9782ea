// Reading a SPICE deck file from disk into lines that remember their file and line number.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "spice/printer.h"

namespace memcosim::spice {

struct Deck {
  std::vector<SourceLine> lines;      // origin "path:line"; the first line is the title
  std::vector<std::string> warnings;  // what was changed or dropped, with its file:line
};

/// Reads `path`. Relative `.include`/`.lib` paths are made absolute against the deck's folder
/// (ngspice would resolve them against the working directory); `.control` … `.endc` blocks are
/// dropped with a warning, because memcosim runs the deck's analysis cards itself.
/// Throws std::runtime_error naming the file (and line) when it cannot be read.
Deck readDeck(const std::filesystem::path& path);

}  // namespace memcosim::spice
