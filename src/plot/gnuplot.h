// The gnuplot driver: a figure of x-y series rendered as a PNG file (pngcairo terminal).
//
// Call map: fill a Figure (title, axis labels with units, one Series per curve), by hand or
//           with a builder of plot/figures.h
//           → renderPng(figure, png): data and script go to a private temporary folder, gnuplot
//           renders to "<png>.partial.<pid>", which is renamed over <png> only on success.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace memcosim::plot {

enum class Style { lines, points, linespoints };

struct Series {
  std::string name;  ///< legend entry
  std::vector<double> x;
  std::vector<double> y;
};

struct Figure {
  std::string title;
  std::string xLabel;  ///< with unit, e.g. "voltage (V)"
  std::string yLabel;  ///< with unit, e.g. "current (A)"
  std::vector<Series> series;
  Style style = Style::lines;
  bool log_x = false;
  bool log_y = false;
  bool integer_x = false;  ///< x counts (epochs): ticks on whole numbers, one point not alone at an edge
  std::vector<std::pair<std::string, double>> y_tic_labels;  ///< named y ticks (a raster's rows); empty: numbers
  int width_px = 800;
  int height_px = 600;
};

/// The gnuplot script that draws `figure` from `data_file` (one block per series) into `output`.
std::string gnuplotScript(const Figure& figure, const std::filesystem::path& data_file,
                          const std::filesystem::path& output);

/// Renders `figure` to `png` atomically. Throws std::invalid_argument naming the series if a series
/// has x and y of different lengths or no points; std::runtime_error naming `png` (with gnuplot's
/// stderr) if gnuplot is missing, fails, or writes nothing.
void renderPng(const Figure& figure, const std::filesystem::path& png);

}  // namespace memcosim::plot
