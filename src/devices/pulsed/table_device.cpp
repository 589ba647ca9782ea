// Conductance-vs-pulse table parsing and the table-driven pulsed device.
#include "devices/pulsed/table_device.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "io/csv.h"
#include "io/number.h"
#include "io/text.h"

namespace memcosim::devices::pulsed {
namespace {

/// The cells of one line of the table (trailing blanks and a Windows '\r' dropped).
std::vector<std::string> splitCells(const std::string& line, const std::string& where) {
  try {
    return io::splitCsvLine(io::trimmed(line, " \t\r"));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(where + ": " + e.what());
  }
}

bool isBlank(const std::string& line) { return io::trimmed(line, " \t\r").empty(); }

std::vector<double> sortedUnique(std::vector<double> levels) {
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

}  // namespace

ConductanceTable parseConductanceTable(const std::string& text, const std::string& source) {
  std::stringstream stream(text);
  std::string line;
  int line_number = 0;
  std::vector<std::string> header;
  while (header.empty() && std::getline(stream, line)) {
    ++line_number;
    if (!isBlank(line)) header = splitCells(line, source + ":" + std::to_string(line_number));
  }
  for (auto& cell : header) cell = io::lowerCase(cell);
  const bool with_phase = header == std::vector<std::string>{"pulse", "phase", "conductance"};
  if (!with_phase && header != std::vector<std::string>{"pulse", "conductance"})
    throw std::invalid_argument(source + ":" + std::to_string(line_number) +
                                ": header must be 'pulse,conductance' or 'pulse,phase,conductance'");
  std::vector<double> up;
  std::vector<double> down;
  while (std::getline(stream, line)) {
    ++line_number;
    if (isBlank(line)) continue;
    const std::string where = source + ":" + std::to_string(line_number);
    const auto cells = splitCells(line, where);
    if (cells.size() != header.size())
      throw std::invalid_argument(where + ": expected " + std::to_string(header.size()) + " fields, found " +
                                  std::to_string(cells.size()));
    io::parseNumber(cells[0], io::NumberSyntax::Plain, where + ": field 'pulse'");
    const double g = io::parseNumber(cells.back(), io::NumberSyntax::Plain, where + ": field 'conductance'");
    if (!with_phase) {
      up.push_back(g);
      down.push_back(g);
      continue;
    }
    const std::string phase = io::lowerCase(cells[1]);
    if (phase == "ltp" || phase == "potentiation" || phase == "set")
      up.push_back(g);
    else if (phase == "ltd" || phase == "depression" || phase == "reset")
      down.push_back(g);
    else
      throw std::invalid_argument(where + ": field 'phase': '" + cells[1] +
                                  "' is not ltp/potentiation/set or ltd/depression/reset");
  }
  ConductanceTable table{sortedUnique(up), sortedUnique(down)};
  if (table.upLevels.size() < 2 || table.downLevels.size() < 2)
    throw std::invalid_argument(source + ": needs at least 2 distinct conductance levels for each direction");
  return table;
}

ConductanceTable readConductanceTable(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(path.string() + ": cannot open the conductance table");
  std::stringstream text;
  text << in.rdbuf();
  return parseConductanceTable(text.str(), path.string());
}

namespace {
Variation withoutDeviceSpread(Variation variation) {
  variation.deviceToDevice = 0.0;
  variation.boundDeviceToDevice = 0.0;
  return variation;
}
}  // namespace

TableDevice::TableDevice(ConductanceTable table, const Variation& variation, std::uint64_t seed, bool start_at_max)
    : PulsedDevice(StepParameters{}, withoutDeviceSpread(variation), seed), table_(std::move(table)) {
  if (table_.upLevels.size() < 2 || table_.downLevels.size() < 2)
    throw std::invalid_argument("table device: needs at least 2 distinct levels for each direction");
  const double low = std::min(table_.upLevels.front(), table_.downLevels.front());
  const double high = std::max(table_.upLevels.back(), table_.downLevels.back());
  const std::size_t steps = std::max(table_.upLevels.size(), table_.downLevels.size()) - 1;
  setBounds(low, high, (high - low) / static_cast<double>(steps));
  setWeight(start_at_max ? high : low);
}

double TableDevice::nominalStep(int direction, double weight) const {
  const double tolerance = 1e-12 * (maximum() - minimum());
  if (direction > 0) {
    const auto next = std::upper_bound(table_.upLevels.begin(), table_.upLevels.end(), weight + tolerance);
    return next == table_.upLevels.end() ? 0.0 : *next - weight;
  }
  const auto next = std::lower_bound(table_.downLevels.begin(), table_.downLevels.end(), weight - tolerance);
  return next == table_.downLevels.begin() ? 0.0 : weight - *std::prev(next);
}

}  // namespace memcosim::devices::pulsed
