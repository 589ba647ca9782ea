// The figures memcosim draws: I-V loops, conductance vs pulse, learning curves, sweep accuracy.
//
// Call map: a command or an analysis passes its numbers (plain vectors: this layer knows no
// device, trainer or sweep type) → ivLoops / conductanceVsPulse / learningCurves /
// accuracyVsRange → a Figure → renderPng(figure, png) (plot/gnuplot.h). A builder only lays
// out titles, labels, styles and axes, so the same results always look the same.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "plot/gnuplot.h"

namespace memcosim::plot {

/// One I-V loop: the device voltage and current at one drive frequency.
struct IvLoop {
  double frequency_hertz;
  std::span<const double> voltage_volt;
  std::span<const double> current_ampere;
};

/// Current against voltage, one line per frequency ("<f> Hz").
Figure ivLoops(const std::string& model, const std::vector<IvLoop>& loops);

/// Conductance (unit "S") or weight (any other unit) after each pulse: pulses 1..n of
/// `potentiation`, then n+1..n+m of `depression`, as two series.
Figure conductanceVsPulse(const std::string& model, const std::string& unit, std::span<const double> potentiation,
                          std::span<const double> depression);

/// Train and test accuracy per epoch.
Figure learningCurves(const std::string& title, std::span<const double> epochs, std::span<const double> trainAccuracy,
                      std::span<const double> testAccuracy);

/// Mean test accuracy against R_off/R_on (logarithmic axis) for one data set, one series per
/// model and setting.
Figure accuracyVsRange(const std::string& dataset, std::vector<Series> byModel);

/// Mean test accuracy against the numeric config field `field` (a sweep's one varying grid
/// field at one R_off/R_on), one series per model; a logarithmic axis when `logX`.
Figure accuracyVsSetting(const std::string& dataset, const std::string& field, bool logX, std::vector<Series> byModel);

}  // namespace memcosim::plot
