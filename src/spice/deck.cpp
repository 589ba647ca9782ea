// Deck file reader: include checks, .control screening, the analyses a deck asks for.
#include "spice/deck.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "io/text.h"

namespace memcosim::spice {
namespace {

namespace fs = std::filesystem;
using io::firstWord;
using io::lowerCase;

bool isIncludeCard(const std::string& word) { return word == ".include" || word == ".inc" || word == ".lib"; }

const std::set<std::string> kAnalysisCards{".op", ".dc", ".tran",  ".ac", ".noise", ".sens",
                                           ".tf", ".pz", ".disto", ".sp", ".pss"};

/// Where the file name of an `.include file` / `.lib file section` card is: [start, end) and
/// whether it was quoted. Empty when the card names no file (`.lib section` inside a library).
struct IncludeTarget {
  std::size_t keywordEnd = 0, start = 0, end = std::string::npos;
  bool quoted = false;
  std::string file;
};

std::optional<IncludeTarget> includeTarget(const std::string& line) {
  IncludeTarget t;
  t.keywordEnd = line.find_first_of(" \t", line.find_first_not_of(" \t"));
  if (t.keywordEnd == std::string::npos) return std::nullopt;
  const auto pathBegin = line.find_first_not_of(" \t", t.keywordEnd);
  if (pathBegin == std::string::npos) return std::nullopt;
  t.quoted = line[pathBegin] == '"' || line[pathBegin] == '\'';
  t.start = t.quoted ? pathBegin + 1 : pathBegin;
  t.end = t.quoted ? line.find(line[pathBegin], t.start) : line.find_first_of(" \t", t.start);
  t.file = line.substr(t.start, t.end == std::string::npos ? std::string::npos : t.end - t.start);
  if (t.file.empty()) return std::nullopt;
  if (firstWord(line) == ".lib") {  // `.lib name` alone opens a section of a library file
    const auto after = t.end == std::string::npos ? std::string::npos : line.find_first_not_of(" \t", t.end + 1);
    if (after == std::string::npos) return std::nullopt;
  }
  return t;
}

/// `.include file` / `.lib file [section]` with a relative path → the same card, path absolute.
std::string absoluteInclude(const std::string& line, const fs::path& folder) {
  const auto t = includeTarget(line);
  if (!t || fs::path(t->file).is_absolute()) return line;
  const std::string rest = t->end == std::string::npos ? "" : line.substr(t->quoted ? t->end + 1 : t->end);
  return line.substr(0, t->keywordEnd) + " \"" + (folder / t->file).lexically_normal().string() + "\"" + rest;
}

/// A file, or one section of a library file (`.lib file section`), as a link in an include chain.
struct IncludeLink {
  fs::path file;
  std::string section;  // empty for `.include`
  bool operator==(const IncludeLink&) const = default;
  [[nodiscard]] std::string text() const {
    return file.filename().string() + (section.empty() ? "" : " (section " + section + ")");
  }
};

std::string chainText(const std::vector<IncludeLink>& chain, const IncludeLink& last) {
  std::string text;
  for (const auto& link : chain) text += link.text() + " → ";
  return text + last.text();
}

/// The section a `.lib file section` card names ("" for `.include`).
std::string librarySection(const std::string& line, const IncludeTarget& target) {
  if (firstWord(line) != ".lib" || target.end == std::string::npos) return {};
  std::istringstream rest(line.substr(target.end + 1));
  std::string section;
  rest >> section;
  return lowerCase(section);
}

/// Checks the file an include card at `origin` names, and every file that one includes (for
/// `.lib file section`, those the section includes). `chain` holds what leads here, the deck first.
void checkIncludedFile(const fs::path& file, const std::string& section, const std::string& origin,
                       std::vector<IncludeLink>& chain) {
  std::error_code error;
  const auto status = fs::status(file, error);
  if (!fs::exists(status))
    throw std::runtime_error(origin + ": included file '" + file.string() +
                             "' does not exist; check the path (a relative path is taken from the folder of the "
                             "file that includes it)");
  if (fs::is_directory(status))
    throw std::runtime_error(origin + ": '" + file.string() + "' is a folder, not a file; name the file to include");
  const IncludeLink link{fs::canonical(file, error), section};
  if (std::find(chain.begin(), chain.end(), link) != chain.end())
    throw std::runtime_error(origin + ": '" + file.string() + "' includes itself (" + chainText(chain, link) +
                             "), which would never end; remove that .include");
  if (chain.size() > 64)
    throw std::runtime_error(origin + ": includes nested more than 64 deep (" + chainText(chain, link) + ")");
  std::ifstream in(file);
  if (!in) throw std::runtime_error(origin + ": cannot read the included file '" + file.string() + "'");
  chain.push_back(link);
  std::string line;
  bool inSection = section.empty();
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::string word = firstWord(line);
    if (!section.empty()) {  // only the named section: `.lib section` … `.endl`
      std::istringstream fields(line);
      std::string keyword, name, extra;
      fields >> keyword >> name >> extra;
      if (word == ".lib" && extra.empty() && lowerCase(name) == section) inSection = true;
      if (word == ".endl") inSection = false;
    }
    if (!inSection || !isIncludeCard(word)) continue;
    const auto target = includeTarget(line);
    if (!target) continue;
    const fs::path next =
        fs::path(target->file).is_absolute() ? fs::path(target->file) : file.parent_path() / target->file;
    checkIncludedFile(next.lexically_normal(), librarySection(line, *target),
                      file.string() + ":" + std::to_string(number), chain);
  }
  chain.pop_back();
}

/// Reads the deck's lines, keeping each `.control` block aside for screening.
class DeckReader {
 public:
  DeckReader(const fs::path& path, const DeckOptions& options)
      : path_(path), folder_(fs::absolute(path).parent_path()), options_(options) {
    std::error_code error;
    chain_.push_back({fs::canonical(path, error), ""});
  }

  void add(std::string line, std::size_t number) {
    const std::string origin = path_.string() + ":" + std::to_string(number);
    const std::string word = number == 1 ? std::string() : firstWord(line);
    if (controlStart_ != 0) {
      if (word == ".endc") {
        endControl({line, origin});
      } else {
        control_.push_back({line, origin});
      }
      return;
    }
    if (word == ".control") {
      controlStart_ = number;
      deck_.hasControl = true;
      deck_.lines.push_back({line, origin});
      return;
    }
    if (isIncludeCard(word)) {
      line = absoluteInclude(line, folder_);
      if (const auto target = includeTarget(line))
        checkIncludedFile(target->file, librarySection(line, *target), origin, chain_);
    }
    if (kAnalysisCards.count(word) != 0) deck_.analyses.push_back({line, origin});
    if (word == ".print" || word == ".plot" || word == ".four" || word == ".fourier") deck_.hasOutputCards = true;
    if (number != 1 && !word.empty() && std::isalpha(static_cast<unsigned char>(word[0]))) ++deck_.elements;
    deck_.lines.push_back({line, origin});
    ended_ = word == ".end";
  }

  [[nodiscard]] bool ended() const { return ended_; }

  Deck finish() {
    if (controlStart_ != 0)
      throw std::runtime_error(path_.string() + ":" + std::to_string(controlStart_) +
                               ": .control without .endc; close the block with .endc");
    if (deck_.lines.empty()) throw std::runtime_error(path_.string() + ": empty deck (no title line)");
    return std::move(deck_);
  }

 private:
  void endControl(const SourceLine& endLine) {
    ScreenedControl screened = screenControlBlock(control_, options_.trustDeck);
    deck_.lines.insert(deck_.lines.end(), screened.lines.begin(), screened.lines.end());
    deck_.lines.push_back(endLine);
    deck_.warnings.insert(deck_.warnings.end(), screened.warnings.begin(), screened.warnings.end());
    deck_.analyses.insert(deck_.analyses.end(), screened.analyses.begin(), screened.analyses.end());
    control_.clear();
    controlStart_ = 0;
  }

  fs::path path_, folder_;
  DeckOptions options_;
  std::vector<IncludeLink> chain_;
  Deck deck_;
  std::vector<SourceLine> control_;
  std::size_t controlStart_ = 0;
  bool ended_ = false;
};

}  // namespace

Deck readDeck(const fs::path& path, const DeckOptions& options) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot open the deck file");
  if (fs::is_directory(path)) throw std::runtime_error(path.string() + ": is a folder, not a deck file");
  DeckReader reader(path, options);
  std::string line;
  for (std::size_t number = 1; !reader.ended() && std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    reader.add(line, number);
  }
  if (in.bad()) throw std::runtime_error(path.string() + ": read error");
  return reader.finish();
}

}  // namespace memcosim::spice
