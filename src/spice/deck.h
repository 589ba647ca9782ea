// Reading a SPICE deck file from disk into lines that remember their file and line number.
//
// Call map: readDeck(path, options) → { checkIncludes (every .include/.lib, recursively) ,
// screenControlBlock (each .control … .endc) } → Deck, whose lines go to Session::load.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "spice/control_block.h"
#include "spice/printer.h"

namespace memcosim::spice {

struct DeckOptions {
  bool trustDeck = false;  // let .control commands reach outside the run (see control_block.h)
};

struct Deck {
  std::vector<SourceLine> lines;      // origin "path:line"; the first line is the title
  std::vector<std::string> warnings;  // what was changed or dropped, with its file:line
  bool hasControl = false;            // the deck has a .control block: ngspice runs it when loading
  bool hasOutputCards = false;        // .print/.plot/.four cards: `ngspice -b` also runs the dot analyses
  std::vector<SourceLine> analyses;   // analysis cards (.op .dc .tran .ac .noise …) and .control analysis commands
  std::size_t elements = 0;           // element cards (R1 …, X1 …), for estimating the number of vectors
};

/// Reads `path`. Relative `.include`/`.lib` paths are made absolute against the deck's folder
/// (ngspice would resolve them against the working directory), and every included file is
/// checked before ngspice sees the deck: a missing file, a folder, or a file that includes
/// itself (directly or through others) is an error naming the file:line of the `.include`.
/// `.control` … `.endc` blocks are kept, screened by screenControlBlock: ngspice runs them
/// when the deck is loaded, as `ngspice -b` does.
/// Throws std::runtime_error naming the file (and line) when it cannot be read or is refused.
Deck readDeck(const std::filesystem::path& path, const DeckOptions& options = {});

}  // namespace memcosim::spice
