// Potentiation/depression pulse trains on physical and pulse-level devices.
#include "characterise/pulse_train.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <stdexcept>

#include "devices/native_device.h"
#include "io/atomic_file.h"
#include "io/csv.h"
#include "plot/figures.h"

namespace memcosim::characterise {
namespace {

void checkOptions(const PulseTrainOptions& o) {
  if (o.count < 2) throw std::invalid_argument("pulse count must be at least 2");
  if (!(o.width_seconds > 0) || !std::isfinite(o.width_seconds))
    throw std::invalid_argument("pulse width must be positive");
  if (!std::isfinite(o.setAmplitude_volt) || !std::isfinite(o.resetAmplitude_volt) || o.setAmplitude_volt == 0 ||
      o.resetAmplitude_volt == 0)
    throw std::invalid_argument("set and reset amplitudes must be non-zero voltages");
  if (!(o.readVoltage_volt != 0) || !std::isfinite(o.readVoltage_volt))
    throw std::invalid_argument("read voltage must be non-zero");
  if (o.seriesResistance_ohm < 0) throw std::invalid_argument("series resistance must not be negative");
}

}  // namespace

std::vector<std::pair<double, double>> pulseTrainPwl(const PulseTrainOptions& o) {
  const double w = o.width_seconds;
  std::vector<std::pair<double, double>> points;
  for (int k = 0; k < 2 * o.count; ++k) {
    const auto pulse = devices::pulseShape(k < o.count ? o.setAmplitude_volt : o.resetAmplitude_volt, w, 2.0 * w * k);
    points.insert(points.end(), pulse.begin(), pulse.end());
  }
  points.emplace_back(2.0 * w * 2 * o.count, 0.0);
  return points;
}

PulseTrainResult runPulseTrain(const devices::ParameterSet& parameters, const PulseTrainOptions& options,
                               spice::Session* session) {
  checkOptions(options);
  const double x0 = options.initialState.value_or(parameters.initialState());
  std::vector<double> times;
  for (int k = 0; k <= 2 * options.count; ++k) times.push_back(2.0 * options.width_seconds * k);
  const devices::Trace trace =
      devices::simulatePulses(parameters, pulseTrainPwl(options), times, options.seriesResistance_ohm, x0,
                              options.engine, session, options.reltol);
  const devices::NativeDevice device(parameters);
  PulseTrainResult result{parameters.model().name, "S", {}, {}, {}};
  for (int k = 1; k <= 2 * options.count; ++k) {
    const double g = device.current(options.readVoltage_volt, trace.state[k]) / options.readVoltage_volt;
    (k <= options.count ? result.potentiation : result.depression).push_back(g);
  }
  result.metrics = pulseMetrics(result.potentiation, result.depression);
  return result;
}

PulseTrainResult runPulseTrain(const std::string& name, devices::pulsed::PulsedDevice& device, int count,
                               std::uint64_t seed) {
  if (count < 2) throw std::invalid_argument("pulse count must be at least 2");
  devices::pulsed::Rng rng(seed);
  PulseTrainResult result{name, "weight", {}, {}, {}};
  for (int k = 0; k < count; ++k) {
    device.pulse(+1, rng);
    result.potentiation.push_back(device.read(rng));
  }
  for (int k = 0; k < count; ++k) {
    device.pulse(-1, rng);
    result.depression.push_back(device.read(rng));
  }
  result.metrics = pulseMetrics(result.potentiation, result.depression);
  return result;
}

void writePulseTrain(const PulseTrainResult& result, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::vector<std::vector<double>> columns(3);
  const std::size_t n = result.potentiation.size();
  for (std::size_t k = 0; k < n + result.depression.size(); ++k) {
    columns[0].push_back(static_cast<double>(k + 1));
    columns[1].push_back(k < n ? 1.0 : -1.0);
    columns[2].push_back(k < n ? result.potentiation[k] : result.depression[k - n]);
  }
  // phase: +1 potentiation (set pulses), -1 depression (reset pulses)
  const std::string csv = io::csvText({"pulse", "phase", "conductance"}, columns);
  const PulseMetrics& m = result.metrics;
  const nlohmann::json summary = {
      {"model", result.model},    {"unit", result.unit}, {"g_min", m.gMin_siemens},
      {"g_max", m.gMax_siemens},  {"nl_ltp", m.nlLtp},   {"nl_ltd", m.nlLtd},
      {"asymmetry", m.asymmetry}, {"states", m.states},  {"state_resolution", m.resolution_siemens}};
  plot::renderPng(plot::conductanceVsPulse(result.model, result.unit, result.potentiation, result.depression),
                  dir / "pulses.png");
  io::writeFileAtomically(dir / "pulses.csv", csv);
  io::writeFileAtomically(dir / "summary.json", summary.dump(2) + "\n");
}

}  // namespace memcosim::characterise
