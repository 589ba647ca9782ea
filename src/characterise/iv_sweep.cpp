// I-V sweeps over frequency with either engine, their summaries and output files.
#include "characterise/iv_sweep.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/atomic_file.h"
#include "io/csv.h"
#include "io/number.h"
#include "plot/figures.h"

namespace memcosim::characterise {
namespace {

spice::Waveform stimulus(const IvSweepOptions& options, double frequency_hertz) {
  if (options.wave == Wave::Sine) return spice::Sine{0.0, options.amplitude_volt, frequency_hertz};
  return spice::Pwl{trianglePwl(options.amplitude_volt, frequency_hertz, options.cycles)};
}

void checkOptions(const IvSweepOptions& options) {
  if (!(options.amplitude_volt > 0) || !std::isfinite(options.amplitude_volt))
    throw std::invalid_argument("amplitude must be a positive number of volts");
  if (options.frequencies_hertz.empty()) throw std::invalid_argument("at least one frequency is needed");
  for (double f : options.frequencies_hertz)
    if (!(f > 0) || !std::isfinite(f))
      throw std::invalid_argument("frequency " + io::formatNumber(f) + " Hz is not positive");
  if (options.cycles < 1) throw std::invalid_argument("cycles must be at least 1");
  if (options.pointsPerCycle < 16) throw std::invalid_argument("points per cycle must be at least 16");
  if (options.seriesResistance_ohm < 0) throw std::invalid_argument("series resistance must not be negative");
  // Every sample is kept in memory and written as one CSV row: refuse what cannot fit.
  const double samples =
      static_cast<double>(options.frequencies_hertz.size()) * options.cycles * options.pointsPerCycle;
  if (samples > options.maxPoints)
    throw std::invalid_argument(fmt::format(
        "the sweep would produce {:.3g} samples ({} frequencies x {} cycles x {} points per cycle, about {:.3g} GB "
        "in memory and {:.3g} GB of CSV), over the budget of {:.3g}: lower --cycles or --points-per-cycle, or raise "
        "--max-points",
        samples, options.frequencies_hertz.size(), options.cycles, options.pointsPerCycle, samples * 40 / 1e9,
        samples * 90 / 1e9, options.maxPoints));
}

IvSummary summarise(const devices::Trace& trace, double frequency_hertz, int pointsPerCycle) {
  const IvTrace cycle = lastCycle(trace, pointsPerCycle);
  const ResistanceMetrics resistance = resistanceMetrics(cycle);
  IvSummary summary;
  summary.frequency_hertz = frequency_hertz;
  summary.rMin_ohm = resistance.rMin_ohm;
  summary.rMax_ohm = resistance.rMax_ohm;
  summary.ratio = resistance.ratio;
  summary.setVoltage_volt = resistance.setVoltage_volt;
  summary.resetVoltage_volt = resistance.resetVoltage_volt;
  summary.lobeArea = lobeAreas(cycle).lobes;
  summary.pinchCurrent_ampere = pinchCurrent(cycle);
  for (double i : cycle.current_ampere) summary.peakCurrent_ampere = std::max(summary.peakCurrent_ampere, std::abs(i));
  return summary;
}

/// Throws naming the first non-finite figure: a stimulus so large that v·i overflows (a lobe
/// area of inf V·A) yields a summary nobody can use.
void checkFinite(const IvSummary& s, double amplitude_volt) {
  const std::pair<const char*, double> figures[] = {{"r_min (Ohm)", s.rMin_ohm},
                                                    {"r_max (Ohm)", s.rMax_ohm},
                                                    {"ratio", s.ratio},
                                                    {"lobe area (V*A)", s.lobeArea},
                                                    {"pinch current (A)", s.pinchCurrent_ampere},
                                                    {"peak current (A)", s.peakCurrent_ampere}};
  for (const auto& [name, value] : figures)
    if (!std::isfinite(value))
      throw std::runtime_error(
          fmt::format("the I-V summary at {} Hz has a non-finite {} = {} with amplitude {} V: "
                      "lower the amplitude to a physical value",
                      io::formatNumber(s.frequency_hertz), name, value, io::formatNumber(amplitude_volt)));
}

nlohmann::json optional(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

Wave parseWave(const std::string& name) {
  if (name == "sine") return Wave::Sine;
  if (name == "triangle") return Wave::Triangle;
  throw std::invalid_argument("unknown wave '" + name + "' (expected sine or triangle)");
}

IvTrace lastCycle(const devices::Trace& trace, int pointsPerCycle) {
  const auto n = trace.time.size();
  const auto count = std::min<std::size_t>(n, static_cast<std::size_t>(pointsPerCycle) + 1);
  const auto from = static_cast<std::ptrdiff_t>(n - count);
  auto tail = [&](const std::vector<double>& v) { return std::vector<double>(v.begin() + from, v.end()); };
  return {tail(trace.time), tail(trace.voltage), tail(trace.current), tail(trace.resistance)};
}

IvSweepResult runIvSweep(const devices::ParameterSet& parameters, const IvSweepOptions& options,
                         spice::Session* session) {
  checkOptions(options);
  if (options.engine == devices::Engine::Ngspice && session == nullptr)
    throw std::invalid_argument("the ngspice engine needs a spice::Session");
  const double x0 = options.initialState.value_or(parameters.initialState());
  IvSweepResult result{parameters.model().name, options, {}, {}};
  for (double f : options.frequencies_hertz) {
    devices::Trace trace = devices::simulateWith(options.engine, session, parameters, stimulus(options, f),
                                                 sampleTimes(f, options.cycles, options.pointsPerCycle),
                                                 options.seriesResistance_ohm, x0, options.reltol);
    result.summaries.push_back(summarise(trace, f, options.pointsPerCycle));
    checkFinite(result.summaries.back(), options.amplitude_volt);
    result.traces.push_back(std::move(trace));
  }
  return result;
}

void writeIvSweep(const IvSweepResult& result, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::vector<std::vector<double>> columns(6);
  for (std::size_t k = 0; k < result.traces.size(); ++k) {
    const devices::Trace& t = result.traces[k];
    columns[0].insert(columns[0].end(), t.time.size(), result.summaries[k].frequency_hertz);
    columns[1].insert(columns[1].end(), t.time.begin(), t.time.end());
    columns[2].insert(columns[2].end(), t.voltage.begin(), t.voltage.end());
    columns[3].insert(columns[3].end(), t.current.begin(), t.current.end());
    columns[4].insert(columns[4].end(), t.state.begin(), t.state.end());
    columns[5].insert(columns[5].end(), t.resistance.begin(), t.resistance.end());
  }
  const std::string csv = io::csvText({"frequency", "time", "voltage", "current", "state", "resistance"}, columns);

  nlohmann::json summary;
  summary["model"] = result.model;
  summary["wave"] = result.options.wave == Wave::Sine ? "sine" : "triangle";
  summary["amplitude"] = result.options.amplitude_volt;
  summary["cycles"] = result.options.cycles;
  summary["series_resistance"] = result.options.seriesResistance_ohm;
  summary["engine"] = devices::engineName(result.options.engine);
  for (const IvSummary& s : result.summaries) {
    summary["frequencies"].push_back({{"frequency", s.frequency_hertz},
                                      {"r_min", s.rMin_ohm},
                                      {"r_max", s.rMax_ohm},
                                      {"ratio", s.ratio},
                                      {"lobe_area", s.lobeArea},
                                      {"pinch_current", s.pinchCurrent_ampere},
                                      {"peak_current", s.peakCurrent_ampere},
                                      {"set_voltage", optional(s.setVoltage_volt)},
                                      {"reset_voltage", optional(s.resetVoltage_volt)}});
  }

  std::vector<plot::IvLoop> loops;
  for (std::size_t k = 0; k < result.traces.size(); ++k)
    loops.push_back({result.summaries[k].frequency_hertz, result.traces[k].voltage, result.traces[k].current});

  // Plot first: it is the step most likely to fail (gnuplot missing), and then nothing is left.
  plot::renderPng(plot::ivLoops(result.model, loops), dir / "iv.png");
  io::writeFileAtomically(dir / "iv.csv", csv);
  io::writeFileAtomically(dir / "summary.json", summary.dump(2) + "\n");
}

}  // namespace memcosim::characterise
