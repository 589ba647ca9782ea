// CSV formatting.
#include "io/csv.h"

#include <algorithm>
#include <stdexcept>

#include "io/number.h"
#include "io/text.h"

namespace memcosim::io {

std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t position = 0;
  while (true) {
    std::string field;
    while (position < line.size() && (line[position] == ' ' || line[position] == '\t')) ++position;
    if (position < line.size() && line[position] == '"') {
      ++position;
      while (true) {
        if (position >= line.size()) throw std::invalid_argument("unterminated quoted field");
        if (line[position] == '"') {
          if (position + 1 < line.size() && line[position + 1] == '"') {
            field += '"';
            position += 2;
            continue;
          }
          ++position;
          break;
        }
        field += line[position++];
      }
      const auto comma = line.find(',', position);
      if (!trimmed(line.substr(position, comma == std::string::npos ? std::string::npos : comma - position)).empty())
        throw std::invalid_argument("text after the closing quote of field \"" + field + "\"");
      position = comma;
    } else {
      const auto comma = line.find(',', position);
      field = trimmed(line.substr(position, comma == std::string::npos ? std::string::npos : comma - position));
      position = comma;
    }
    fields.push_back(std::move(field));
    if (position == std::string::npos) return fields;
    ++position;  // past the comma
  }
}

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

std::string csvTextWithGaps(const std::vector<std::string>& header, const std::vector<std::vector<double>>& columns) {
  if (header.size() != columns.size())
    throw std::invalid_argument("csv: " + std::to_string(header.size()) + " names for " +
                                std::to_string(columns.size()) + " columns");
  std::size_t rows = 0;
  for (const auto& column : columns) rows = std::max(rows, column.size());
  std::string text;
  for (std::size_t c = 0; c < header.size(); ++c) text += (c ? "," : "") + csvCell(header[c]);
  text += '\n';
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) text += ',';
      if (r < columns[c].size()) text += formatNumber(columns[c][r]);
    }
    text += '\n';
  }
  return text;
}

}  // namespace memcosim::io
