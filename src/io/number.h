// Locale-independent number formatting shared by netlist printers and result writers.
#pragma once

#include <string>

namespace memcosim::io {

/// A number in the shortest form that reads back exactly, independent of the C locale.
std::string formatNumber(double value);

}  // namespace memcosim::io
