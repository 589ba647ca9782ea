// Dialect printers: the one place where a typed Netlist becomes SPICE text.
//
// One printer per dialect (ngspice, Xyce, gnucap). Each printed line remembers where it came
// from ("element R1", "model dmod", ".param gain"), so a simulator error on line N can be
// traced back to the netlist item that produced it.
//
// gnucap executes cards in deck order, so its `.print` cards come before the analyses; it has
// no behavioural B-source, no subcircuit parameters and no `DC x` beside a waveform. What it
// cannot express is a NetlistError naming the item, never a silently different circuit (a
// trained network with memristor weights exports "frozen" for it: see learning/export.h).
#pragma once

#include <string>
#include <vector>

#include "spice/netlist.h"

namespace memcosim::spice {

enum class Dialect { Ngspice, Xyce, Gnucap };

/// Parses "ngspice" / "xyce" / "gnucap" (case-insensitive); throws std::invalid_argument otherwise.
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

/// "ngspice", "xyce" or "gnucap".
std::string dialectName(Dialect dialect);

}  // namespace memcosim::spice
