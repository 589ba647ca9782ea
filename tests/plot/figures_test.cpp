// Tests for the figure layouts (src/plot/figures.cpp).
#include "plot/figures.h"

#include <catch2/catch.hpp>

#include <vector>

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
  const Figure range = accuracyVsRange("iris", {{"mms", {10, 100}, {0.8, 0.9}}});
  CHECK(range.title == "Test accuracy vs resistance range (iris, mean over seeds)");
  CHECK(range.log_x);
  CHECK(range.series.size() == 1);
}
