// Plots of characterisation results as PNG files, drawn by gnuplot (pngcairo terminal).
//
// Call map: fill a PlotSpec (title, axis labels with units, one PlotSeries per curve)
//           → plotSeries(spec, png): data and script go to a private temporary folder, gnuplot
//           renders to "<png>.partial.<pid>", which is renamed over <png> only on success.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace memcosim::characterise {

enum class PlotStyle { lines, points, linespoints };

struct PlotSeries {
  std::string name;  ///< legend entry
  std::vector<double> x;
  std::vector<double> y;
};

struct PlotSpec {
  std::string title;
  std::string xLabel;  ///< with unit, e.g. "voltage (V)"
  std::string yLabel;  ///< with unit, e.g. "current (A)"
  std::vector<PlotSeries> series;
  PlotStyle style = PlotStyle::lines;
  bool log_x = false;
  bool log_y = false;
  int width_px = 800;
  int height_px = 600;
};

/// The gnuplot script that draws `spec` from `data_file` (one block per series) into `output`.
std::string gnuplotScript(const PlotSpec& spec, const std::filesystem::path& data_file,
                          const std::filesystem::path& output);

/// Renders `spec` to `png` atomically. Throws std::invalid_argument naming the series if a series
/// has x and y of different lengths or no points; std::runtime_error naming `png` (with gnuplot's
/// stderr) if gnuplot is missing, fails, or writes nothing.
void plotSeries(const PlotSpec& spec, const std::filesystem::path& png);

}  // namespace memcosim::characterise
