// The gnuplot driver: PNG plots with atomic replacement of the output file.
#include "plot/gnuplot.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "io/atomic_file.h"
#include "io/number.h"

namespace memcosim::plot {
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

std::string styleName(Style style) {
  switch (style) {
    case Style::points:
      return "points pointtype 7 pointsize 0.6";
    case Style::linespoints:
      return "linespoints pointtype 7 pointsize 0.6 linewidth 2";
    case Style::lines:
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

constexpr const char* kScratchPrefix = "memcosim_plot_";

/// Removes scratch folders "memcosim_plot_<pid>_*" of processes that no longer run (killed
/// while gnuplot was drawing, so their destructor never ran).
void removeStaleScratch(const std::filesystem::path& temporary) {
  std::error_code error;
  std::filesystem::directory_iterator entries(temporary, error);
  if (error) return;
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kScratchPrefix, 0) != 0) continue;
    const std::string rest = name.substr(std::string(kScratchPrefix).size());
    const auto underscore = rest.find('_');
    if (underscore == 0 || underscore == std::string::npos || rest.find_first_not_of("0123456789") != underscore ||
        underscore > 9)
      continue;
    const long pid = std::stol(rest.substr(0, underscore));
    if (pid != ::getpid() && !io::processAlive(pid)) std::filesystem::remove_all(entry.path(), error);
  }
}

/// A fresh private folder under the system temporary directory (mkdtemp: unique even across
/// processes), removed with its files on destruction, also when plotting throws.
class ScratchFolder {
 public:
  ScratchFolder() {
    const auto temporary = std::filesystem::temp_directory_path();
    removeStaleScratch(temporary);
    std::string pattern = (temporary / (kScratchPrefix + std::to_string(::getpid()) + "_XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("plot: cannot create a scratch folder " + pattern + ": " + std::strerror(errno));
    path_ = pattern;
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ScratchFolder(ScratchFolder&&) = delete;
  ScratchFolder& operator=(ScratchFolder&&) = delete;
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Legend entries up to this many characters sit beside the plot, longer ones below it.
constexpr std::size_t kLegendBesideChars = 24;

constexpr std::array<const char*, 8> kColours = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                 "#E69F00", "#56B4E9", "#000000", "#F0E442"};

}  // namespace

std::string gnuplotScript(const Figure& figure, const std::filesystem::path& data_file,
                          const std::filesystem::path& output) {
  std::ostringstream script;
  script << "set terminal pngcairo enhanced size " << figure.width_px << "," << figure.height_px << "\n"
         << "set output " << quoted(output.string()) << "\n"
         << "set encoding utf8\n"
         << "set title " << quoted(figure.title) << " noenhanced\n"
         << "set xlabel " << quoted(figure.xLabel) << " noenhanced\n"
         << "set ylabel " << quoted(figure.yLabel) << " noenhanced\n"
         << "set grid\n";
  // Long legend entries (a sweep's config and grid values) go below the plot, which would
  // otherwise be squeezed to the left, its title cut off.
  std::size_t longest = 0;
  for (const Series& series : figure.series) longest = std::max(longest, series.name.size());
  script << (longest > kLegendBesideChars ? "set key outside below left Left reverse noenhanced\n"
                                          : "set key outside right top noenhanced\n");
  if (figure.log_x) script << "set logscale x\n";
  if (figure.log_y) script << "set logscale y\n";
  if (figure.integer_x) {
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (const Series& series : figure.series)
      for (const double x : series.x) {
        low = std::min(low, x);
        high = std::max(high, x);
      }
    if (high - low <= 20.0) script << "set xtics 1\n";
    script << "set format x '%.0f'\n";
    if (high - low < 1.0) script << "set xrange [" << low - 1.0 << ":" << high + 1.0 << "]\n";
  }
  if (!figure.y_tic_labels.empty()) {
    script << "set ytics (";
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (std::size_t k = 0; k < figure.y_tic_labels.size(); ++k) {
      const auto& [label, y] = figure.y_tic_labels[k];
      script << (k > 0 ? ", " : "") << quoted(label) << " " << io::formatNumber(y);
      low = std::min(low, y);
      high = std::max(high, y);
    }
    script << ")\nset yrange [" << io::formatNumber(low - 0.5) << ":" << io::formatNumber(high + 0.5) << "]\n";
  }
  script << "plot ";
  for (std::size_t k = 0; k < figure.series.size(); ++k) {
    if (k > 0) script << ", \\\n     ";
    script << quoted(data_file.string()) << " index " << k << " using 1:2 with " << styleName(figure.style)
           << " linecolor rgb '" << kColours[k % kColours.size()] << "' title " << quoted(figure.series[k].name);
  }
  script << "\n";
  return script.str();
}

void renderPng(const Figure& figure, const std::filesystem::path& png) {
  if (figure.series.empty()) throw std::invalid_argument("plot " + png.string() + ": no series to draw");
  std::ostringstream data;
  for (const Series& series : figure.series) {
    if (series.x.size() != series.y.size() || series.x.empty())
      throw std::invalid_argument("plot " + png.string() + ": series '" + series.name + "' has " +
                                  std::to_string(series.x.size()) + " x and " + std::to_string(series.y.size()) +
                                  " y values; they must be equal and non-zero");
    for (std::size_t k = 0; k < series.x.size(); ++k)
      data << io::formatNumber(series.x[k]) << ' ' << io::formatNumber(series.y[k]) << '\n';
    data << "\n\n";
  }
  io::removeStalePartials(png.parent_path());
  const ScratchFolder folder;
  const auto data_file = folder.path() / "series.dat";
  const auto script_file = folder.path() / "plot.gp";
  const auto error_file = folder.path() / "stderr.txt";
  std::filesystem::path partial = png;
  partial += ".partial." + std::to_string(::getpid());
  std::ofstream(data_file) << data.str();
  std::ofstream(script_file) << gnuplotScript(figure, data_file, partial);

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

}  // namespace memcosim::plot
