// CSV text for tables of numbers (one header row, one row per sample).
#pragma once

#include <string>
#include <vector>

namespace memcosim::io {

/// Columns of equal length as CSV text; numbers in shortest round-trip form.
/// Throws std::invalid_argument if the columns differ in length or the names in count.
std::string csvText(const std::vector<std::string>& header, const std::vector<std::vector<double>>& columns);

/// Columns of any lengths as CSV text: as many rows as the longest column, shorter ones
/// leave their cells empty ("" between the commas). Throws if the names differ in count.
std::string csvTextWithGaps(const std::vector<std::string>& header, const std::vector<std::vector<double>>& columns);

/// The fields of one CSV line (RFC 4180 quotes, "" inside quotes; whitespace around fields
/// trimmed). Throws std::invalid_argument for an unterminated quote or text after a closing one.
std::vector<std::string> splitCsvLine(const std::string& line);

/// Quotes a header cell if it holds a comma, quote or line break (RFC 4180).
std::string csvCell(const std::string& text);

}  // namespace memcosim::io
