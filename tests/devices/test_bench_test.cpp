// Tests for the device test bench: its deck, and the I-V benches in netlists/ (up to date, and
// equal to the native loop when run in plain `ngspice -b`).
#include "devices/test_bench.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "devices/model_views.h"
#include "devices/native_device.h"
#include "io/number.h"
#include "spice/printer.h"
#include "support.h"

using namespace memcosim;
namespace fs = std::filesystem;

namespace {

using memcosim::testing::commandOutput;
using memcosim::testing::readText;

/// Rows "index time v(in) i(vsource)" of ngspice's .print table, strictly increasing in time.
std::vector<std::array<double, 3>> printedRows(const std::string& output) {
  std::vector<std::array<double, 3>> rows;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;
    double index = 0, t = 0, v = 0, i = 0;
    if (std::sscanf(line.c_str(), "%lf %lf %lf %lf", &index, &t, &v, &i) != 4) continue;
    if (!rows.empty() && !(t > rows.back()[0])) continue;
    rows.push_back({t, v, -i});  // device current = −i(vsource)
  }
  return rows;
}

}  // namespace

TEST_CASE("test bench: the device behind a series resistance, one tolerance", "[devices]") {
  const auto& model = devices::ModelRegistry::instance().find("linear-ion-drift");
  const devices::TestBench direct =
      devices::testBench(model, {.title = "direct", .source = spice::Sine{0.0, 1.0, 1.0}});
  CHECK(direct.deviceNode == "in");
  const std::string directText = spice::print(direct.deck, spice::Dialect::Ngspice);
  CHECK_THAT(directText, Catch::Contains("Vsource in 0 DC 0 SIN(0 1 1 0 0 0)\n") &&
                             Catch::Contains("Xdevice in 0 linear_ion_drift_write\n") &&
                             Catch::Contains(".subckt linear_ion_drift_write") &&
                             Catch::Contains(".options reltol=1e-06"));
  CHECK_THAT(directText, !Catch::Contains("Rseries"));

  const devices::TestBench loaded = devices::testBench(model, {.title = "loaded",
                                                               .source = spice::Pwl{{{0.0, 0.5}, {1.0, 0.0}}},
                                                               .seriesResistance_ohm = 1e3,
                                                               .instance = {{"x0", 0.25}},
                                                               .library = "lid.lib",
                                                               .reltol = 1e-7});
  CHECK(loaded.deviceNode == "dev");
  const std::string loadedText = spice::print(loaded.deck, spice::Dialect::Ngspice);
  CHECK_THAT(loadedText, Catch::Contains("Vsource in 0 DC 0.5 PWL(") && Catch::Contains("Rseries in dev 1000\n") &&
                             Catch::Contains("Xdevice dev 0 linear_ion_drift_write params: x0=0.25\n") &&
                             Catch::Contains(".include \"lid.lib\"") && Catch::Contains(".options reltol=1e-07"));
  CHECK_THAT(loadedText, !Catch::Contains(".subckt"));
  CHECK_THROWS_WITH(devices::testBench(model, {.source = spice::Sine{0.0, 1.0, 1.0}, .seriesResistance_ohm = -1.0}),
                    Catch::Contains("series resistance"));
}

TEST_CASE("test benches: netlists/iv_<model>.cir are up to date", "[devices]") {
  const memcosim::testing::TemporaryFolder folder("benches");
  const fs::path& root = folder.path();
  const auto files = devices::writeTestBenches(root / "netlists", root / "models");
  std::size_t expected = 0;
  for (const auto& name : devices::ModelRegistry::instance().names())
    expected += devices::ModelRegistry::instance().find(name).xyceMemristorLevel > 0 ? 2 : 1;
  REQUIRE(files.size() == expected);
  for (const auto& file : files) {
    const fs::path committed = fs::path(MEMCOSIM_SOURCE_DIR) / "netlists" / file.filename();
    INFO(committed.string() << " is stale: run `memcosim models generate` from the repository top");
    CHECK(readText(committed) == readText(file));
  }
}

TEST_CASE("test benches: plain ngspice -b gives the native loop", "[devices]") {
  if (commandOutput("command -v ngspice").empty()) {
    WARN("ngspice is not on PATH; skipped");
    return;
  }
  for (const auto& name : devices::ModelRegistry::instance().names()) {
    const fs::path bench = fs::path(MEMCOSIM_SOURCE_DIR) / "netlists" / ("iv_" + name + ".cir");
    // Run from another folder: the deck's .include must resolve against the deck itself.
    const auto rows = printedRows(commandOutput("cd / && ngspice -b " + bench.string() + " 2>/dev/null"));
    INFO(name << ": " << rows.size() << " printed rows");
    REQUIRE(rows.size() > 1000);
    const devices::ParameterSet parameters(devices::ModelRegistry::instance().find(name));
    const auto& stimulus = parameters.model().characterisation;
    // Compare on a uniform grid (ngspice crowds its time points into fast switching events,
    // which would weight them far beyond their duration): ngspice interpolated linearly.
    const double end = rows.back()[0];
    const int points = 2000;
    std::vector<double> times, printed;
    std::size_t row = 0;
    for (int k = 1; k <= points; ++k) {
      const double t = end * k / points;
      while (row + 2 < rows.size() && rows[row + 1][0] < t) ++row;
      const double s = (t - rows[row][0]) / (rows[row + 1][0] - rows[row][0]);
      times.push_back(t);
      printed.push_back(rows[row][2] + s * (rows[row + 1][2] - rows[row][2]));
    }
    const spice::Waveform sine = spice::Sine{0.0, stimulus.amplitude_volt, stimulus.frequency_hertz};
    const devices::Trace native = devices::simulate(
        parameters, [&](double t) { return devices::waveformValue(sine, t); }, times, 0.0, parameters.initialState());
    double difference = 0.0, norm = 0.0, peak = 0.0, pinch = 0.0;
    for (std::size_t k = 0; k < times.size(); ++k) {
      difference += std::pow(printed[k] - native.current[k], 2);
      norm += std::pow(native.current[k], 2);
    }
    // The printed loop itself is pinched: |i| where v crosses zero, interpolated.
    for (std::size_t k = 1; k < rows.size(); ++k) {
      peak = std::max(peak, std::abs(rows[k][2]));
      if (rows[k - 1][1] * rows[k][1] <= 0 && rows[k][1] != rows[k - 1][1]) {
        const double s = rows[k - 1][1] / (rows[k - 1][1] - rows[k][1]);
        pinch = std::max(pinch, std::abs(rows[k - 1][2] + s * (rows[k][2] - rows[k - 1][2])));
      }
    }
    CHECK(std::sqrt(difference / norm) <= 0.01);
    CHECK(pinch <= 1e-3 * peak);
  }
}

TEST_CASE("test benches: the Xyce bench runs Xyce's own Yakopcic device with memcosim's parameters", "[devices]") {
  const auto& model = devices::ModelRegistry::instance().find("yakopcic");
  const std::string text = spice::print(devices::xyceIvTestBench(model), spice::Dialect::Xyce);
  // Xyce's syntax: `.model <name> MEMRISTOR level=3 …` and `YMEMRISTOR <name> <+> <−> <model> XO=…`.
  CHECK_THAT(text, Catch::Contains("\n.model yakopcic_xyce MEMRISTOR (level=3 a1=0.17 a2=0.17 "));
  const devices::ParameterSet defaults(model);
  for (const auto& [name, value] : defaults.values())
    CHECK_THAT(text, Catch::Contains(" " + name + "=" + io::formatNumber(value)));
  CHECK_THAT(text, Catch::Contains("\nYMEMRISTOR Ydevice in 0 yakopcic_xyce XO=0.11\n"));
  CHECK_THAT(text, Catch::Contains("\n.options timeint reltol=1e-06\n"));
  CHECK_THAT(text, Catch::Contains("\nVsource in 0 DC 0 SIN(0 0.25 100 0 0 0)\n"));
  CHECK_THAT(text, Catch::EndsWith(".tran 1e-05 0.02 0 1e-05 uic\n.print tran v(in) i(vsource)\n.end\n"));
  // Only Xyce runs it; other dialects refuse it, naming the element.
  CHECK_THROWS_WITH(spice::print(devices::xyceIvTestBench(model), spice::Dialect::Ngspice),
                    Catch::Contains("element Ydevice") && Catch::Contains("YMEMRISTOR") && Catch::Contains("ngspice"));
  CHECK_THROWS_WITH(spice::print(devices::xyceIvTestBench(model), spice::Dialect::Gnucap),
                    Catch::Contains("element Ydevice") && Catch::Contains("gnucap"));
  CHECK_THROWS_WITH(devices::xyceIvTestBench(devices::ModelRegistry::instance().find("vteam")),
                    Catch::Contains("vteam") && Catch::Contains("Xyce has no built-in memristor"));
}
