// gnuplot-driven PNG plots with atomic replacement of the output file.
#include "characterise/plot.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "io/number.h"

namespace memcosim::characterise {
namespace {

/// A gnuplot single-quoted string literal ('' stands for one quote inside).
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\'')
      out += "''";
    else if (ch == '\n')
      out += ' ';
    else
      out += ch;
  }
  return out + "'";
}

/// A POSIX shell single-quoted word.
std::string shellWord(const std::string& text) {
  std::string out = "'";
  for (char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string styleName(PlotStyle style) {
  switch (style) {
    case PlotStyle::points:
      return "points pointtype 7 pointsize 0.6";
    case PlotStyle::linespoints:
      return "linespoints pointtype 7 pointsize 0.6 linewidth 2";
    case PlotStyle::lines:
      break;
  }
  return "lines linewidth 2";
}

std::string readAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A fresh private folder under the system temporary directory, removed on destruction.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("memcosim_plot_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  ~TemporaryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

constexpr std::array<const char*, 8> kColours = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                 "#E69F00", "#56B4E9", "#000000", "#F0E442"};

}  // namespace

std::string gnuplotScript(const PlotSpec& spec, const std::filesystem::path& data_file,
                          const std::filesystem::path& output) {
  std::ostringstream script;
  script << "set terminal pngcairo enhanced size " << spec.width_px << "," << spec.height_px << "\n"
         << "set output " << quoted(output.string()) << "\n"
         << "set encoding utf8\n"
         << "set title " << quoted(spec.title) << " noenhanced\n"
         << "set xlabel " << quoted(spec.x_label) << " noenhanced\n"
         << "set ylabel " << quoted(spec.y_label) << " noenhanced\n"
         << "set grid\nset key outside right top noenhanced\n";
  if (spec.log_x) script << "set logscale x\n";
  if (spec.log_y) script << "set logscale y\n";
  script << "plot ";
  for (std::size_t k = 0; k < spec.series.size(); ++k) {
    if (k > 0) script << ", \\\n     ";
    script << quoted(data_file.string()) << " index " << k << " using 1:2 with " << styleName(spec.style)
           << " linecolor rgb '" << kColours[k % kColours.size()] << "' title " << quoted(spec.series[k].name);
  }
  script << "\n";
  return script.str();
}

void plotSeries(const PlotSpec& spec, const std::filesystem::path& png) {
  if (spec.series.empty()) throw std::invalid_argument("plot " + png.string() + ": no series to draw");
  std::ostringstream data;
  for (const PlotSeries& series : spec.series) {
    if (series.x.size() != series.y.size() || series.x.empty())
      throw std::invalid_argument("plot " + png.string() + ": series '" + series.name + "' has " +
                                  std::to_string(series.x.size()) + " x and " + std::to_string(series.y.size()) +
                                  " y values; they must be equal and non-zero");
    for (std::size_t k = 0; k < series.x.size(); ++k)
      data << io::formatNumber(series.x[k]) << ' ' << io::formatNumber(series.y[k]) << '\n';
    data << "\n\n";
  }
  const TemporaryFolder folder;
  const auto data_file = folder.path() / "series.dat";
  const auto script_file = folder.path() / "plot.gp";
  const auto error_file = folder.path() / "stderr.txt";
  std::filesystem::path partial = png;
  partial += ".partial." + std::to_string(::getpid());
  std::ofstream(data_file) << data.str();
  std::ofstream(script_file) << gnuplotScript(spec, data_file, partial);

  const std::string command = "gnuplot " + shellWord(script_file.string()) + " 2> " + shellWord(error_file.string());
  const int status = std::system(command.c_str());
  const std::string errors = readAll(error_file);
  std::error_code ignored;
  const bool exited = WIFEXITED(status);
  const int code = exited ? WEXITSTATUS(status) : -1;
  if (status == -1 || !exited || code != 0) {
    std::filesystem::remove(partial, ignored);
    const std::string reason = code == 127
                                   ? "gnuplot was not found on PATH (install gnuplot, e.g. Debian's gnuplot-nox)"
                                   : "gnuplot failed with status " + std::to_string(code);
    throw std::runtime_error("plot " + png.string() + ": " + reason + (errors.empty() ? "" : ": " + errors));
  }
  if (!std::filesystem::exists(partial) || std::filesystem::file_size(partial) == 0) {
    std::filesystem::remove(partial, ignored);
    throw std::runtime_error("plot " + png.string() + ": gnuplot wrote no image" +
                             (errors.empty() ? "" : ": " + errors));
  }
  std::filesystem::rename(partial, png);
}

}  // namespace memcosim::characterise
