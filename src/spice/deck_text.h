// Small text helpers for reading deck lines: case folding, first word, trimming.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace memcosim::spice::deck_text {

/// `text` in lower case (SPICE is case-insensitive).
inline std::string lowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// `text` without leading and trailing blanks and tabs.
inline std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

/// The first blank-separated word of `line`, in lower case ("" for a blank line).
inline std::string firstWord(const std::string& line) {
  const std::string text = trimmed(line);
  return lowerCase(text.substr(0, text.find_first_of(" \t")));
}

}  // namespace memcosim::spice::deck_text
