// Tests for gnuplot PNG output.
#include "characterise/plot.h"

#include <catch2/catch.hpp>

#include "support.h"

#include <cstdlib>
#include <fstream>

using namespace memcosim::characterise;

namespace {
bool gnuplotAvailable() { return std::system("gnuplot --version > /dev/null 2>&1") == 0; }
}  // namespace

TEST_CASE("plot: writes a PNG with the PNG signature and leaves no partial file", "[characterise]") {
  if (!gnuplotAvailable()) {
    WARN("gnuplot not on PATH: plot test skipped");
    return;
  }
  const memcosim::testing::TemporaryFolder scratch("plot");
  const auto& folder = scratch.path();
  const auto png = folder / "loop's plot.png";
  PlotSpec spec;
  spec.title = "pinched loop, 'quoted' title";
  spec.x_label = "voltage (V)";
  spec.y_label = "current (A)";
  spec.series = {{"1 Hz", {-1, 0, 1, 0, -1}, {-1e-3, 0, 2e-3, 0, -1e-3}}, {"10 Hz", {-1, 1}, {-1e-3, 1e-3}}};
  spec.style = PlotStyle::linespoints;
  plotSeries(spec, png);
  REQUIRE(std::filesystem::exists(png));
  std::ifstream in(png, std::ios::binary);
  char signature[8] = {};
  in.read(signature, 8);
  CHECK(std::string(signature, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++files;
  CHECK(files == 1);
}

TEST_CASE("plot: bad series and gnuplot errors name the file", "[characterise]") {
  PlotSpec spec;
  spec.series = {{"broken", {1, 2}, {1}}};
  CHECK_THROWS_WITH(plotSeries(spec, "/tmp/x.png"), Catch::Contains("broken") && Catch::Contains("/tmp/x.png"));
  if (!gnuplotAvailable()) return;
  spec.series = {{"ok", {1, 2}, {1, 2}}};
  CHECK_THROWS_WITH(plotSeries(spec, "/nonexistent-folder/out.png"), Catch::Contains("/nonexistent-folder/out.png"));
}
