// Tests for the gnuplot driver: PNG output, errors, scratch folders.
#include "plot/gnuplot.h"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

#include <cstdlib>
#include <fstream>

using namespace memcosim::plot;
using memcosim::testing::TemporaryFolder;

namespace {

bool gnuplotAvailable() { return std::system("gnuplot --version > /dev/null 2>&1") == 0; }

/// This process's plot scratch folders in the system temp folder.
int myScratchFolders() {
  const std::string prefix = "memcosim_plot_" + std::to_string(::getpid()) + "_";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) ++count;
  return count;
}

}  // namespace

TEST_CASE("plot: writes a PNG with the PNG signature and leaves no partial file", "[plot]") {
  if (!gnuplotAvailable()) {
    WARN("gnuplot not on PATH: plot test skipped");
    return;
  }
  const TemporaryFolder scratch("plot");
  const auto& folder = scratch.path();
  const auto png = folder / "loop's plot.png";
  Figure figure;
  figure.title = "pinched loop, 'quoted' title";
  figure.xLabel = "voltage (V)";
  figure.yLabel = "current (A)";
  figure.series = {{"1 Hz", {-1, 0, 1, 0, -1}, {-1e-3, 0, 2e-3, 0, -1e-3}}, {"10 Hz", {-1, 1}, {-1e-3, 1e-3}}};
  figure.style = Style::linespoints;
  renderPng(figure, png);
  REQUIRE(std::filesystem::exists(png));
  std::ifstream in(png, std::ios::binary);
  char signature[8] = {};
  in.read(signature, 8);
  CHECK(std::string(signature, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++files;
  CHECK(files == 1);
}

TEST_CASE("plot: bad series and gnuplot errors name the file", "[plot]") {
  Figure figure;
  figure.series = {{"broken", {1, 2}, {1}}};
  CHECK_THROWS_WITH(renderPng(figure, "/tmp/x.png"), Catch::Contains("broken") && Catch::Contains("/tmp/x.png"));
  if (!gnuplotAvailable()) return;
  figure.series = {{"ok", {1, 2}, {1, 2}}};
  CHECK_THROWS_WITH(renderPng(figure, "/nonexistent-folder/out.png"), Catch::Contains("/nonexistent-folder/out.png"));
}

TEST_CASE("plot: scratch folders go, also on error, and those of killed processes are removed", "[plot]") {
  if (!gnuplotAvailable()) return;
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  const auto stale = std::filesystem::temp_directory_path() / ("memcosim_plot_" + std::to_string(dead) + "_Zq9xYw");
  std::filesystem::create_directories(stale);
  std::ofstream(stale / "series.dat") << "1 2\n";

  const TemporaryFolder folder("plot_scratch");
  Figure figure;
  figure.series = {{"ok", {1, 2}, {1, 2}}};
  renderPng(figure, folder / "fine.png");
  CHECK(myScratchFolders() == 0);
  CHECK_FALSE(std::filesystem::exists(stale));
  CHECK_THROWS(renderPng(figure, folder / "missing" / "out.png"));  // gnuplot fails
  CHECK(myScratchFolders() == 0);
}
