// Deck file reader.
#include "spice/deck.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

namespace memcosim::spice {
namespace {

std::string lowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string firstWord(const std::string& line) {
  const auto begin = line.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  const auto end = line.find_first_of(" \t", begin);
  return lowerCase(line.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
}

/// `.include file` / `.lib file [section]` with a relative path → the same card, path absolute.
std::string absoluteInclude(const std::string& line, const std::filesystem::path& folder) {
  const auto keywordEnd = line.find_first_of(" \t", line.find_first_not_of(" \t"));
  if (keywordEnd == std::string::npos) return line;
  const auto pathBegin = line.find_first_not_of(" \t", keywordEnd);
  if (pathBegin == std::string::npos) return line;
  const bool quoted = line[pathBegin] == '"' || line[pathBegin] == '\'';
  const auto start = quoted ? pathBegin + 1 : pathBegin;
  const auto end = quoted ? line.find(line[pathBegin], start) : line.find_first_of(" \t", start);
  const std::string file = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (file.empty() || std::filesystem::path(file).is_absolute()) return line;
  const std::string rest = end == std::string::npos ? "" : line.substr(quoted ? end + 1 : end);
  return line.substr(0, keywordEnd) + " \"" + (folder / file).lexically_normal().string() + "\"" + rest;
}

}  // namespace

Deck readDeck(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot open the deck file");
  const std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  Deck deck;
  std::string line;
  std::size_t number = 0;
  std::size_t controlStart = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string origin = path.string() + ":" + std::to_string(number);
    const std::string word = number == 1 ? std::string() : firstWord(line);
    if (controlStart != 0) {
      if (word == ".endc") controlStart = 0;
      continue;
    }
    if (word == ".control") {
      controlStart = number;
      deck.warnings.push_back(origin + ": .control block ignored (memcosim runs the deck's .op/.dc/.tran cards)");
      continue;
    }
    if (word == ".include" || word == ".inc" || word == ".lib") line = absoluteInclude(line, folder);
    deck.lines.push_back({line, origin});
    if (word == ".end") break;
  }
  if (in.bad()) throw std::runtime_error(path.string() + ": read error");
  if (controlStart != 0)
    throw std::runtime_error(path.string() + ":" + std::to_string(controlStart) + ": .control without .endc");
  if (deck.lines.empty()) throw std::runtime_error(path.string() + ": empty deck (no title line)");
  return deck;
}

}  // namespace memcosim::spice
