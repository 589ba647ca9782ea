// CSV text for tables of numbers (one header row, one row per sample).
#pragma once

#include <string>
#include <vector>

namespace memcosim::io {

/// Columns of equal length as CSV text; numbers in shortest round-trip form.
/// Throws std::invalid_argument if the columns differ in length or the names in count.
std::string csvText(const std::vector<std::string>& header, const std::vector<std::vector<double>>& columns);

/// Quotes a header cell if it holds a comma, quote or line break (RFC 4180).
std::string csvCell(const std::string& text);

}  // namespace memcosim::io
