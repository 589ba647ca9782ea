// CSV formatting.
#include "io/csv.h"

#include <stdexcept>

#include "io/number.h"

namespace memcosim::io {

std::string csvCell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string csvText(const std::vector<std::string>& header, const std::vector<std::vector<double>>& columns) {
  if (header.size() != columns.size())
    throw std::invalid_argument("csv: " + std::to_string(header.size()) + " names for " +
                                std::to_string(columns.size()) + " columns");
  const std::size_t rows = columns.empty() ? 0 : columns.front().size();
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c].size() != rows)
      throw std::invalid_argument("csv: column '" + header[c] + "' has " + std::to_string(columns[c].size()) +
                                  " values, expected " + std::to_string(rows));
  std::string text;
  for (std::size_t c = 0; c < header.size(); ++c) text += (c ? "," : "") + csvCell(header[c]);
  text += '\n';
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) text += (c ? "," : "") + formatNumber(columns[c][r]);
    text += '\n';
  }
  return text;
}

}  // namespace memcosim::io
