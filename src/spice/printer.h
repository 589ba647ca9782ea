// Dialect printers: the one place where a typed Netlist becomes SPICE text.
//
// One printer per dialect (ngspice, Xyce). Each printed line remembers where it came from
// ("element R1", "model dmod", ".param gain"), so a simulator error on line N can be traced
// back to the netlist item that produced it.
#pragma once

#include <string>
#include <vector>

#include "spice/netlist.h"

namespace memcosim::spice {

enum class Dialect { Ngspice, Xyce };

/// Parses "ngspice" / "xyce" (case-insensitive); throws std::invalid_argument otherwise.
Dialect parseDialect(const std::string& name);

/// One line of a deck and where it came from: the netlist item that printed it
/// ("element R1", "model dmod") or the file position it was read from ("deck.cir:12").
struct SourceLine {
  std::string text;
  std::string origin;
};

/// The deck as lines, first line the title, last line `.end`.
std::vector<SourceLine> printLines(const Netlist& netlist, Dialect dialect);

/// The deck as one text with '\n' line ends.
std::string print(const Netlist& netlist, Dialect dialect);

}  // namespace memcosim::spice
