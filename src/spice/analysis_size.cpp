// Estimating an analysis's output points from its card (see analysis_size.h for the rules).
#include "spice/analysis_size.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <vector>

#include "io/number.h"
#include "io/text.h"

namespace memcosim::spice {
namespace {

using io::lowerCase;

/// A number as ngspice reads it on a card: "10u", "1meg", "5ns", "2.5e-3V".
std::optional<double> spiceNumber(const std::string& text) { return io::readNumber(text, io::NumberSyntax::SpiceUnit); }

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> result;
  for (std::string word; in >> word;) result.push_back(lowerCase(word));
  return result;
}

std::optional<double> sweepPoints(const std::vector<std::string>& w, std::size_t first) {
  // first → "dec|oct|lin", then n, f1, f2
  if (w.size() < first + 4) return std::nullopt;
  const auto n = spiceNumber(w[first + 1]), f1 = spiceNumber(w[first + 2]), f2 = spiceNumber(w[first + 3]);
  if (!n || !f1 || !f2 || *n <= 0) return std::nullopt;
  if (w[first] == "lin") return *n;
  if (*f1 <= 0 || *f2 <= 0) return std::nullopt;
  if (w[first] == "dec") return std::floor(*n * std::abs(std::log10(*f2 / *f1))) + 1;
  if (w[first] == "oct") return std::floor(*n * std::abs(std::log2(*f2 / *f1))) + 1;
  return std::nullopt;
}

std::optional<double> dcPoints(const std::vector<std::string>& w) {
  double points = 1;
  bool any = false;
  for (std::size_t k = 1; k + 3 < w.size(); k += 4) {
    const auto start = spiceNumber(w[k + 1]), stop = spiceNumber(w[k + 2]), step = spiceNumber(w[k + 3]);
    if (!start || !stop || !step || *step == 0) return std::nullopt;
    points *= std::floor(std::abs(*stop - *start) / std::abs(*step)) + 1;
    any = true;
  }
  return any ? std::optional<double>(points) : std::nullopt;
}

std::optional<double> tranPoints(const std::vector<std::string>& w) {
  std::vector<double> values;
  for (std::size_t k = 1; k < w.size() && w[k] != "uic"; ++k) {
    const auto value = spiceNumber(w[k]);
    if (!value) return std::nullopt;
    values.push_back(*value);
  }
  if (values.size() < 2 || values[0] <= 0) return std::nullopt;
  const double start = values.size() > 2 ? values[2] : 0.0;
  double step = values[0];
  if (values.size() > 3 && values[3] > 0) step = std::min(step, values[3]);
  return std::floor(std::abs(values[1] - start) / step) + 1;
}

}  // namespace

std::optional<double> estimatedPoints(const std::string& analysis) {
  const std::vector<std::string> w = words(analysis);
  if (w.empty()) return std::nullopt;
  std::string kind = w[0];
  if (!kind.empty() && kind[0] == '.') kind.erase(0, 1);
  if (kind == "tran") return tranPoints(w);
  if (kind == "dc") return dcPoints(w);
  if (kind == "ac" || kind == "sp") return sweepPoints(w, 1);
  if (kind == "noise") {  // noise v(out[,ref]) src dec n f1 f2 [ptsPerSummary]
    const auto mode = std::find_if(w.begin() + 1, w.end(),
                                   [](const std::string& x) { return x == "dec" || x == "oct" || x == "lin"; });
    if (mode == w.end()) return std::nullopt;
    return sweepPoints(w, static_cast<std::size_t>(mode - w.begin()));
  }
  return 1.0;
}

}  // namespace memcosim::spice
