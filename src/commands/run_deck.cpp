// Running a deck file and writing its vectors as CSV.
#include "commands/run_deck.h"

#include <map>
#include <stdexcept>

#include "io/atomic_file.h"
#include "io/csv.h"
#include "spice/deck.h"
#include "spice/session.h"

namespace memcosim::commands {
namespace {

/// CSV columns of a plot: real vectors as they are, complex ones as re(name), im(name).
std::string plotCsv(const spice::Plot& plot) {
  std::vector<std::string> header;
  std::vector<std::vector<double>> columns;
  for (const auto& v : plot.vectors) {
    if (v.imaginary.empty()) {
      header.push_back(v.name);
      columns.push_back(v.real);
    } else {
      header.push_back("re(" + v.name + ")");
      columns.push_back(v.real);
      header.push_back("im(" + v.name + ")");
      columns.push_back(v.imaginary);
    }
  }
  return io::csvText(header, columns);
}

}  // namespace

RunDeckResult runDeck(const std::filesystem::path& deckPath, const std::filesystem::path& outDir, bool verbose) {
  const spice::Deck deck = spice::readDeck(deckPath);
  spice::Session session(spice::Session::Options{verbose});
  session.load(deck.lines);
  const std::vector<spice::Plot> plots = session.runDeckAnalyses();
  if (plots.empty())
    throw std::runtime_error(deckPath.string() + ": the deck has no analysis card (.op, .dc, .tran or .ac)");

  std::filesystem::create_directories(outDir);
  RunDeckResult result;
  result.warnings = deck.warnings;
  std::map<std::string, int> seen;
  for (const auto& plot : plots) {
    const int count = ++seen[plot.type];
    const std::string name = plot.type + (count == 1 ? "" : "_" + std::to_string(count)) + ".csv";
    const auto file = outDir / name;
    io::writeFileAtomically(file, plotCsv(plot));
    result.files.push_back(file);
  }
  return result;
}

}  // namespace memcosim::commands
