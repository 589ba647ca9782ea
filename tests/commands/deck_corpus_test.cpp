// `memcosim run` against plain `ngspice -b`: every vector of every plot of a folder of decks.
//
// For each deck the reference is computed at test time: a copy of the deck with its relative
// includes made absolute gets, at the end of its .control block (before a top-level `quit`),
// or in a new .control block that says `run`, the lines
//     foreach memcosimplot $plots / setplot $memcosimplot / write ref_$memcosimplot / end
// so `ngspice -b` writes each plot it made as a binary rawfile (exact doubles). memcosim runs
// the original deck; the n-th tran plot is compared with tran.csv (n = 1) or tran_n.csv, every vector
// present in both, value by value, to 1e-12 relative (in practice the numbers are identical).
// The decks: tests/data/decks (committed), or the folder or list of deck paths in
// MEMCOSIM_DECK_CORPUS, for measuring a larger set such as ngspice's own tests/ and examples/
// (scripts/deck-corpus.sh); there the test asks for 95% of the decks ngspice -b runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "io/csv.h"
#include "io/text.h"
#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::Outcome;
using memcosim::testing::readText;
using memcosim::testing::runMemcosim;
using memcosim::testing::TemporaryFolder;
using memcosim::io::firstWord;
using memcosim::io::lowerCase;

/// memcosim's vector naming (spice::Session) applied to a rawfile's name and type.
std::string canonicalReferenceName(std::string name, const std::string& type) {
  name = lowerCase(name);
  if (type == "current" && name.rfind("i(@", 0) == 0 && name.back() == ')') return name.substr(2, name.size() - 3);
  // ngspice 39's rawfile writer puts v(…) around every voltage's name, "pole(1)" too.
  if (type == "voltage" && name.rfind("v(", 0) == 0 && name.find('(', 2) != std::string::npos && name.back() == ')')
    name = name.substr(2, name.size() - 3);
  if (name.empty() || name[0] == '@' || name.find('(') != std::string::npos) return name;
  if (name.find("noise_") != std::string::npos) return name;
  if (type == "time" || type == "frequency") return name;
  static const std::vector<std::string> kScales{"v-sweep", "i-sweep", "temp-sweep", "res-sweep"};
  if (std::find(kScales.begin(), kScales.end(), name) != kScales.end()) return name;
  const auto branch = name.find("#branch");
  if (branch != std::string::npos && branch + 7 == name.size()) return "i(" + name.substr(0, branch) + ")";
  if (type == "current") return "i(" + name + ")";
  if (type == "voltage") return "v(" + name + ")";
  return name;
}

struct RawVector {
  std::string name;
  std::vector<double> real, imaginary;
};

/// One plot of an ngspice binary rawfile, or nothing if it is not one this test reads.
std::optional<std::vector<RawVector>> readRawFile(const fs::path& path) {
  const std::string data = readText(path);
  const auto binary = data.find("\nBinary:\n");
  if (binary == std::string::npos) return std::nullopt;
  std::istringstream header(data.substr(0, binary + 1));
  bool complex = false, inVariables = false;
  std::size_t variables = 0, points = 0;
  std::vector<RawVector> vectors;
  for (std::string line; std::getline(header, line);) {
    if (inVariables) {
      std::istringstream fields(line);
      std::string index, name, type;
      fields >> index >> name >> type;
      vectors.push_back({canonicalReferenceName(name, type), {}, {}});
      continue;
    }
    if (line.rfind("Flags:", 0) == 0) {
      complex = line.find("complex") != std::string::npos;
      if (line.find("unpadded") != std::string::npos) return std::nullopt;
    }
    if (line.rfind("No. Variables:", 0) == 0) variables = std::stoul(line.substr(14));
    if (line.rfind("No. Points:", 0) == 0) points = std::stoul(line.substr(11));
    if (line.rfind("Dimensions:", 0) == 0) return std::nullopt;
    if (line.rfind("Variables:", 0) == 0) inVariables = true;
  }
  if (vectors.size() != variables) return std::nullopt;
  const std::size_t perValue = complex ? 2 : 1;
  const char* values = data.data() + binary + 9;
  if (data.size() - (binary + 9) < points * variables * perValue * sizeof(double)) return std::nullopt;
  for (std::size_t p = 0; p < points; ++p)
    for (std::size_t v = 0; v < variables; ++v) {
      double pair[2] = {0, 0};
      std::memcpy(pair, values + ((p * variables + v) * perValue) * sizeof(double), perValue * sizeof(double));
      vectors[v].real.push_back(pair[0]);
      if (complex) vectors[v].imaginary.push_back(pair[1]);
    }
  return vectors;
}

/// A CSV written by memcosim run: column name → its non-empty cells.
std::map<std::string, std::vector<double>> readCsv(const fs::path& path) {
  std::map<std::string, std::vector<double>> columns;
  std::istringstream in(readText(path));
  std::string line;
  if (!std::getline(in, line)) return columns;
  const std::vector<std::string> header = memcosim::io::splitCsvLine(line);
  for (const auto& name : header) columns[name];
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = memcosim::io::splitCsvLine(line);
    for (std::size_t c = 0; c < cells.size() && c < header.size(); ++c)
      if (!cells[c].empty()) columns[header[c]].push_back(std::strtod(cells[c].c_str(), nullptr));
  }
  return columns;
}

/// The deck with relative includes absolute and the rawfile writes added (see the top comment).
std::string referenceDeck(const fs::path& deck) {
  const std::string writes =
      "set filetype=binary\nforeach memcosimplot $plots\nsetplot $memcosimplot\nwrite ref_$memcosimplot\nend\n";
  std::istringstream in(readText(deck));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  std::string out;
  bool inControl = false, added = false, hasControl = false;
  int depth = 0;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    std::string line = lines[k];
    const std::string word = k == 0 ? "" : firstWord(line);
    if (word == ".control") inControl = hasControl = true;
    if (inControl && !added) {
      if (word == "if" || word == "while" || word == "repeat" || word == "dowhile" || word == "foreach") ++depth;
      if (word == "end" && depth > 0) --depth;
      if (((word == "quit" || word == "exit") && depth == 0) || word == ".endc") {
        out += writes;
        added = true;
      }
    }
    if (word == ".endc") inControl = false;
    if (!hasControl && word == ".end") {
      out += ".control\nrun\n" + writes + ".endc\n";
      added = hasControl = true;
    }
    if (word == ".include" || word == ".inc" || word == ".lib") {
      std::istringstream fields(line);
      std::string keyword, file, rest;
      fields >> keyword >> file;
      std::getline(fields, rest);
      const bool quoted = file.size() > 1 && (file.front() == '"' || file.front() == '\'');
      if (quoted) file = file.substr(1, file.size() - 2);
      if (!file.empty() && fs::path(file).is_relative() && fs::exists(deck.parent_path() / file))
        line = keyword + " \"" + (deck.parent_path() / file).string() + "\"" + rest;
    }
    out += line + "\n";
  }
  if (!hasControl) out += ".control\nrun\n" + writes + ".endc\n.end\n";
  return out;
}

struct Verdict {
  bool referenceRan = false;  // ngspice -b wrote at least one plot
  bool matched = false;
  bool reproducible = true;  // false: two ngspice -b runs differ, so there is nothing to compare with
  std::size_t vectorsCompared = 0;
  std::string detail;
};

bool sameNumber(double a, double b) {
  if (a == b || (std::isnan(a) && std::isnan(b))) return true;
  return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

std::string compareVector(const RawVector& reference, const std::vector<double>& real,
                          const std::vector<double>* imag) {
  // A padded rawfile stretches a short vector (a `meas` or `let` scalar) to the plot's length.
  if (real.size() > reference.real.size() || real.empty())
    return reference.name + ": " + std::to_string(real.size()) + " values, ngspice " +
           std::to_string(reference.real.size());
  for (std::size_t k = 0; k < real.size(); ++k) {
    const bool same =
        sameNumber(real[k], reference.real[k]) && (imag == nullptr || sameNumber((*imag)[k], reference.imaginary[k]));
    if (!same) {
      std::ostringstream text;
      text.precision(17);
      text << reference.name << "[" << k << "]: " << real[k] << " vs ngspice " << reference.real[k];
      return text.str();
    }
  }
  return {};
}

Verdict compareWithReference(const fs::path& deck, const fs::path& folder,
                             const std::map<std::string, fs::path>& references);

/// Runs `ngspice -b` on the reference copy of `deck` in `folder`; its plots by name ("tran2" → file).
std::map<std::string, fs::path> runReference(const fs::path& deck, const fs::path& folder) {
  fs::create_directories(folder);
  std::ofstream(folder / "deck.cir") << referenceDeck(deck);
  const std::string command =
      "cd '" + folder.string() + "' && timeout 120 ngspice -b deck.cir </dev/null >ngspice.log 2>&1";
  [[maybe_unused]] const int ignored = std::system(command.c_str());
  std::map<std::string, fs::path> references;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("ref_", 0) == 0 && name != "ref_const") references[name.substr(4)] = entry.path();
  }
  return references;
}

/// Whether two `ngspice -b` runs of a deck gave the same numbers (not so with random sources
/// seeded from the clock: transient noise, Monte Carlo).
bool referencesAgree(const std::map<std::string, fs::path>& first, const std::map<std::string, fs::path>& second) {
  if (first.size() != second.size()) return false;
  for (const auto& [plotName, file] : first) {
    if (second.count(plotName) == 0) return false;
    const auto a = readRawFile(file), b = readRawFile(second.at(plotName));
    if (a.has_value() != b.has_value() || (a && a->size() != b->size())) return false;
    if (!a) continue;
    for (std::size_t k = 0; k < a->size(); ++k) {
      const RawVector& x = (*a)[k];
      const RawVector& y = (*b)[k];
      if (x.real.size() != y.real.size() ||
          !compareVector(x, y.real, y.imaginary.empty() ? nullptr : &y.imaginary).empty())
        return false;
    }
  }
  return true;
}

Verdict compareDeck(const fs::path& deck) {
  TemporaryFolder folder("corpus");
  const auto references = runReference(deck, folder / "reference");
  Verdict verdict = compareWithReference(deck, folder.path(), references);
  if (verdict.referenceRan && !verdict.matched && verdict.detail.rfind("memcosim run failed", 0) != 0 &&
      !referencesAgree(references, runReference(deck, folder / "reference_again"))) {
    verdict.referenceRan = false;
    verdict.reproducible = false;
    verdict.detail = "two ngspice -b runs differ (random sources): " + verdict.detail;
  }
  return verdict;
}

Verdict compareWithReference(const fs::path& deck, const fs::path& folder,
                             const std::map<std::string, fs::path>& references) {
  Verdict verdict;
  if (references.empty()) {
    verdict.detail = "ngspice -b wrote no plot";
    return verdict;
  }
  verdict.referenceRan = true;
  const Outcome run = runMemcosim("run '" + deck.string() + "' --out '" + (folder / "out").string() + "'", folder);
  if (run.exitCode != 0) {
    verdict.detail = "memcosim run failed: " + run.err.substr(0, 400);
    return verdict;
  }
  // ngspice numbers plots with one counter for all kinds (op1 tran1 tran2 dc2 …): the n-th plot
  // of a kind, in creation order, is memcosim's <kind>.csv or <kind>_n.csv.
  std::map<std::string, std::vector<std::pair<int, std::string>>> byKind;
  for (const auto& [plotName, file] : references) {
    std::string kind = plotName;
    while (!kind.empty() && std::isdigit(static_cast<unsigned char>(kind.back()))) kind.pop_back();
    byKind[kind].emplace_back(std::stoi("0" + plotName.substr(kind.size())), plotName);
  }
  for (auto& [kind, plots] : byKind) std::sort(plots.begin(), plots.end());
  for (const auto& [kind, plots] : byKind)
    for (std::size_t ordinal = 1; ordinal <= plots.size(); ++ordinal) {
      const std::string& plotName = plots[ordinal - 1].second;
      const auto reference = readRawFile(references.at(plotName));
      if (!reference) continue;  // unpadded or multi-dimensional: not compared
      const fs::path csv = folder / "out" / (kind + (ordinal == 1 ? "" : "_" + std::to_string(ordinal)) + ".csv");
      if (!fs::exists(csv)) {
        verdict.detail = "no " + csv.filename().string() + " for ngspice's plot " + plotName;
        return verdict;
      }
      const auto columns = readCsv(csv);
      for (const RawVector& vector : *reference) {
        const auto real = columns.find(vector.imaginary.empty() ? vector.name : "re(" + vector.name + ")");
        if (real == columns.end()) continue;
        const std::vector<double>* imag = nullptr;
        if (!vector.imaginary.empty()) {
          const auto found = columns.find("im(" + vector.name + ")");
          if (found == columns.end()) continue;
          imag = &found->second;
        }
        const std::string difference = compareVector(vector, real->second, imag);
        if (!difference.empty()) {
          verdict.detail = plotName + " " + difference;
          return verdict;
        }
        ++verdict.vectorsCompared;
      }
    }
  verdict.matched = verdict.vectorsCompared > 0;
  if (!verdict.matched) verdict.detail = "no vector in common";
  return verdict;
}

/// The decks in `source`: a folder (every .cir and .sp under it) or a file listing deck paths, one a line.
std::vector<fs::path> corpusDecks(const fs::path& source) {
  std::vector<fs::path> decks;
  if (fs::is_regular_file(source)) {
    std::istringstream in(readText(source));
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) decks.emplace_back(line);
    return decks;
  }
  const fs::path& folder = source;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const std::string extension = lowerCase(entry.path().extension().string());
    if (entry.is_regular_file() && (extension == ".cir" || extension == ".sp")) decks.push_back(entry.path());
  }
  std::sort(decks.begin(), decks.end());
  return decks;
}

}  // namespace

TEST_CASE("run matches ngspice -b on every vector of the deck corpus", "[app][corpus]") {
  const char* external = std::getenv("MEMCOSIM_DECK_CORPUS");
  const fs::path folder = external != nullptr ? fs::path(external) : fs::path(MEMCOSIM_TEST_DATA) / "decks";
  const std::vector<fs::path> decks = corpusDecks(folder);
  REQUIRE_FALSE(decks.empty());
  std::size_t ran = 0, matched = 0, vectors = 0, random = 0;
  std::string failures;
  for (const auto& deck : decks) {
    const Verdict verdict = compareDeck(deck);
    if (!verdict.reproducible) {
      ++random;
      failures += "\n  (not counted) " + deck.string() + ": " + verdict.detail;
      continue;
    }
    if (!verdict.referenceRan) {
      if (external == nullptr) failures += "\n  " + deck.filename().string() + ": " + verdict.detail;
      continue;
    }
    ++ran;
    vectors += verdict.vectorsCompared;
    if (verdict.matched)
      ++matched;
    else
      failures += "\n  " + deck.string() + ": " + verdict.detail;
  }
  const std::string summary = std::to_string(matched) + " of " + std::to_string(ran) +
                              " decks that ngspice -b runs matched every common vector (" + std::to_string(vectors) +
                              " vectors compared, " + std::to_string(decks.size()) + " decks tried)";
  std::cout << summary << failures << '\n';
  INFO(summary << failures);
  if (external != nullptr) {
    CHECK(static_cast<double>(matched) >= 0.95 * static_cast<double>(ran));
  } else {
    CHECK(ran == decks.size());
    CHECK(matched == ran);
  }
}
