// Layouts of the figures memcosim draws: titles, axis labels, styles.
#include "plot/figures.h"

#include "io/number.h"

namespace memcosim::plot {
namespace {

std::vector<double> copy(std::span<const double> values) { return {values.begin(), values.end()}; }

}  // namespace

Figure ivLoops(const std::string& model, const std::vector<IvLoop>& loops) {
  Figure figure;
  figure.title = model + " I-V loops";
  figure.xLabel = "voltage (V)";
  figure.yLabel = "current (A)";
  for (const IvLoop& loop : loops)
    figure.series.push_back(
        {io::formatNumber(loop.frequency_hertz) + " Hz", copy(loop.voltage_volt), copy(loop.current_ampere)});
  return figure;
}

Figure conductanceVsPulse(const std::string& model, const std::string& unit, std::span<const double> potentiation,
                          std::span<const double> depression) {
  Figure figure;
  figure.title = model + " conductance vs pulse";
  figure.xLabel = "pulse number";
  figure.yLabel = unit == "S" ? "conductance (S)" : "weight";
  figure.style = Style::linespoints;
  Series up{"potentiation", {}, copy(potentiation)}, down{"depression", {}, copy(depression)};
  for (std::size_t k = 0; k < potentiation.size(); ++k) up.x.push_back(static_cast<double>(k + 1));
  for (std::size_t k = 0; k < depression.size(); ++k)
    down.x.push_back(static_cast<double>(potentiation.size() + k + 1));
  figure.series = {std::move(up), std::move(down)};
  return figure;
}

Figure learningCurves(const std::string& title, std::span<const double> epochs, std::span<const double> trainAccuracy,
                      std::span<const double> testAccuracy) {
  Figure figure;
  figure.title = title;
  figure.xLabel = "epoch";
  figure.yLabel = "accuracy (fraction)";
  figure.style = Style::linespoints;
  figure.integer_x = true;
  figure.series = {{"train accuracy", copy(epochs), copy(trainAccuracy)},
                   {"test accuracy", copy(epochs), copy(testAccuracy)}};
  return figure;
}

Figure accuracyVsRange(const std::string& dataset, std::vector<Series> byModel) {
  Figure figure;
  figure.title = "Test accuracy vs resistance range (" + dataset + ", mean over seeds)";
  figure.xLabel = "R_off / R_on";
  figure.yLabel = "test accuracy (fraction)";
  figure.style = Style::linespoints;
  figure.log_x = true;
  figure.series = std::move(byModel);
  return figure;
}

Figure accuracyVsSetting(const std::string& dataset, const std::string& field, bool logX, std::vector<Series> byModel) {
  Figure figure;
  figure.title = "Test accuracy vs " + field + " (" + dataset + ", mean over seeds)";
  figure.xLabel = field;
  figure.yLabel = "test accuracy (fraction)";
  figure.style = Style::linespoints;
  figure.log_x = logX;
  figure.series = std::move(byModel);
  return figure;
}

}  // namespace memcosim::plot
