// Numbers to and from text, independent of the C locale: the shortest round-trip form for
// writing, and one parser for plain and SPICE numbers (part of the io utility kit, io/text.h).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace memcosim::io {

/// A number in the shortest form that reads back exactly, independent of the C locale.
std::string formatNumber(double value);

/// How much of SPICE's number syntax a text may use. Every form is read in the C locale
/// (std::from_chars: a German locale's decimal comma cannot change what a file means) and
/// accepts a leading '+'.
///   Plain       a decimal literal and nothing else: "2.5", "-1e-3", "+4" (data files, tables).
///   SpiceScale  a literal and an optional scale suffix, nothing after it: "1k", "2.5meg", "3u"
///               (model parameters, where a stray letter is more likely a typo than a unit).
///   SpiceUnit   as ngspice reads cards: a scale suffix may be followed by letters of a unit,
///               and letters that are no scale are a unit alone: "10uF", "5ns", "1megohm", "5v".
/// Scale suffixes, case-insensitive: f 1e-15, p 1e-12, n 1e-9, u 1e-6, m 1e-3, mil 25.4e-6,
/// k 1e3, meg 1e6, g 1e9, t 1e12.
enum class NumberSyntax { Plain, SpiceScale, SpiceUnit };

/// What a text that is not a number of the asked syntax gets: the text, what is wrong with it
/// and, for a bad suffix, the suffixes there are.
class NumberError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// The value of `text` (not trimmed: blanks are not part of a number), or nothing if it is not
/// a number of `syntax`. Infinity and NaN are never numbers here.
std::optional<double> readNumber(std::string_view text, NumberSyntax syntax);

/// The value of `text`; otherwise NumberError "<what>: '<text>' is not a number", "... is not a
/// finite number" (inf, nan, 1e999) or "... has an unknown suffix 'x' (use f p n u m mil k meg
/// g t, or an exponent like 1e3)".
double parseNumber(std::string_view text, NumberSyntax syntax, std::string_view what);

}  // namespace memcosim::io
