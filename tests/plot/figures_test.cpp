// Tests for the figure layouts (src/plot/figures.cpp).
#include "plot/figures.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "plot/gnuplot.h"

using namespace memcosim::plot;

TEST_CASE("figures: one I-V loop per frequency, named by it", "[plot]") {
  const std::vector<double> v{-1, 0, 1}, i{-1e-3, 0, 1e-3};
  const Figure figure = ivLoops("team", {{1.0, v, i}, {100.0, v, i}});
  CHECK(figure.title == "team I-V loops");
  CHECK(figure.xLabel == "voltage (V)");
  CHECK(figure.yLabel == "current (A)");
  REQUIRE(figure.series.size() == 2);
  CHECK(figure.series[0].name == "1 Hz");
  CHECK(figure.series[1].name == "100 Hz");
  CHECK(figure.series[1].x == v);
  CHECK(figure.series[1].y == i);
}

TEST_CASE("figures: conductance vs pulse numbers depression after potentiation", "[plot]") {
  const std::vector<double> up{1, 2, 3}, down{3, 2};
  const Figure siemens = conductanceVsPulse("mms", "S", up, down);
  CHECK(siemens.yLabel == "conductance (S)");
  CHECK(siemens.style == Style::linespoints);
  REQUIRE(siemens.series.size() == 2);
  CHECK(siemens.series[0].x == std::vector<double>{1, 2, 3});
  CHECK(siemens.series[1].x == std::vector<double>{4, 5});
  CHECK(siemens.series[1].y == down);
  CHECK(conductanceVsPulse("soft-bounds", "weight", up, down).yLabel == "weight");
}

TEST_CASE("figures: learning curves and accuracy against the range", "[plot]") {
  const std::vector<double> epochs{1, 2}, train{0.5, 0.8}, test{0.4, 0.7};
  const Figure curves = learningCurves("iris", epochs, train, test);
  REQUIRE(curves.series.size() == 2);
  CHECK(curves.series[0].name == "train accuracy");
  CHECK(curves.series[1].y == test);
  // Epochs are counted: whole-number ticks, and a single epoch is not drawn at the plot's edge.
  const std::string script = gnuplotScript(curves, "d.dat", "o.png");
  CHECK(script.find("set xtics 1\n") != std::string::npos);
  CHECK(script.find("set xrange") == std::string::npos);
  const std::vector<double> one{1}, a{0.5}, b{0.4};
  CHECK(gnuplotScript(learningCurves("iris", one, a, b), "d.dat", "o.png").find("set xrange [0:2]") !=
        std::string::npos);
  const Figure range = accuracyVsRange("iris", {{"mms", {10, 100}, {0.8, 0.9}}});
  CHECK(range.title == "Test accuracy vs resistance range (iris, mean over seeds)");
  CHECK(range.log_x);
  CHECK(range.series.size() == 1);
  CHECK(gnuplotScript(range, "d.dat", "o.png").find("set xtics 1") == std::string::npos);
}

TEST_CASE("figures: named y ticks replace numbers (a raster's rows)", "[plot]") {
  Figure raster{"spikes", "time (us)", "engine", {{"native", {1, 2}, {1, 1}}, {"ngspice", {1.5}, {2}}}};
  raster.y_tic_labels = {{"native", 1.0}, {"ngspice", 2.0}};
  const std::string script = gnuplotScript(raster, "d.dat", "o.png");
  CHECK(script.find("set ytics ('native' 1, 'ngspice' 2)\nset yrange [0.5:2.5]\n") != std::string::npos);
}
