// Case folding, trimming and splitting of text (the io utility kit).
#include "io/text.h"

#include <algorithm>
#include <cctype>

namespace memcosim::io {

std::string lowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trimmed(std::string_view text, std::string_view blanks) {
  const auto begin = text.find_first_not_of(blanks);
  if (begin == std::string_view::npos) return {};
  return std::string(text.substr(begin, text.find_last_not_of(blanks) - begin + 1));
}

std::string firstWord(std::string_view line) {
  const std::string text = trimmed(line);
  return lowerCase(text.substr(0, text.find_first_of(" \t")));
}

std::vector<std::string> splitTrimmed(std::string_view text, char delimiter) {
  std::vector<std::string> pieces;
  std::size_t begin = 0;
  while (true) {
    const auto end = text.find(delimiter, begin);
    pieces.push_back(trimmed(text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin)));
    if (end == std::string_view::npos) return pieces;
    begin = end + 1;
  }
}

}  // namespace memcosim::io
