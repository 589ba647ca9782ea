// Text helpers every layer shares: case folding, trimming, the first word, splitting a list.
//
// These and io/number.h (numbers to and from text), io/csv.h (CSV lines) and io/random.h
// (portable random draws) are the project's one utility kit. It lives in io/ because io is the
// floor of the layer order (io → spice/data → devices → …): every layer may include it, and
// number formatting and CSV splitting were here already, so reading a number sits beside
// writing one instead of in a second floor.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace memcosim::io {

/// `text` in lower case, byte by byte in the C locale's sense (SPICE names, keywords and
/// model names are case-insensitive ASCII).
std::string lowerCase(std::string text);

/// `text` without the leading and trailing characters in `blanks` (blanks and tabs unless told).
std::string trimmed(std::string_view text, std::string_view blanks = " \t");

/// The first blank-separated word of `line`, in lower case ("" for a blank line).
std::string firstWord(std::string_view line);

/// The pieces of `text` between `delimiter`s, each trimmed of blanks and tabs. Empty pieces are
/// kept ("a,,b" gives "a", "", "b"; "" gives one empty piece). For quoted CSV fields use
/// io::splitCsvLine.
std::vector<std::string> splitTrimmed(std::string_view text, char delimiter);

}  // namespace memcosim::io
