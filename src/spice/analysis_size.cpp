// Estimating an analysis's output points from its card (see analysis_size.h for the rules).
#include "spice/analysis_size.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "spice/deck_text.h"

namespace memcosim::spice {
namespace {

using deck_text::lowerCase;

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

std::optional<double> spiceNumber(const std::string& text) {
  const std::string lower = lowerCase(text);
  if (lower.empty() ||
      !(std::isdigit(static_cast<unsigned char>(lower[0])) || lower[0] == '.' || lower[0] == '-' || lower[0] == '+'))
    return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(lower.c_str(), &end);
  if (end == lower.c_str()) return std::nullopt;
  const std::string suffix(end);
  if (!std::all_of(suffix.begin(), suffix.end(), [](unsigned char c) { return std::isalpha(c); })) return std::nullopt;
  if (suffix.rfind("meg", 0) == 0) return value * 1e6;
  if (suffix.rfind("mil", 0) == 0) return value * 25.4e-6;
  if (suffix.empty()) return value;
  switch (suffix[0]) {
    case 'f':
      return value * 1e-15;
    case 'p':
      return value * 1e-12;
    case 'n':
      return value * 1e-9;
    case 'u':
      return value * 1e-6;
    case 'm':
      return value * 1e-3;
    case 'k':
      return value * 1e3;
    case 'g':
      return value * 1e9;
    case 't':
      return value * 1e12;
    default:
      return value;  // a unit without scale ("5v", "1s")
  }
}

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
