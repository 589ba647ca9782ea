// Checks every compact model must pass (docs/design.md, "Device models"), shared by the per-model tests.
#pragma once

#include <catch2/catch.hpp>

#include "support.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "devices/model.h"
#include "devices/model_views.h"
#include "devices/native_device.h"
#include "devices/test_bench.h"
#include "iv_helpers.h"
#include "spice/session.h"

namespace memcosim::devices::testing {

/// A sine stimulus v = amplitude·sin(2π f t) applied for `cycles` periods.
struct SineStimulus {
  double amplitude_V;
  double frequency_Hz;
  int cycles = 2;
  int samplesPerCycle = 2000;

  [[nodiscard]] std::vector<double> sampleTimes() const {
    std::vector<double> times;
    const int count = cycles * samplesPerCycle;
    for (int k = 0; k <= count; ++k) times.push_back(k / (frequency_Hz * samplesPerCycle));
    return times;
  }
  [[nodiscard]] spice::Sine waveform() const { return {0.0, amplitude_V, frequency_Hz}; }
  [[nodiscard]] SineStimulus atFrequency(double hz) const {
    SineStimulus s = *this;
    s.frequency_Hz = hz;
    return s;
  }
};

/// e(v, x) of one of `model`'s expressions with the parameters' defaults overridden by `overrides`.
inline double evaluateModelExpr(const Expr& e, const ModelDefinition& model,
                                const std::map<std::string, double>& overrides, double v, double x) {
  ParameterSet parameters(model);
  for (const auto& [name, value] : overrides) parameters.set(name, value);
  std::vector<std::string> names = {"v", "x"};
  std::vector<double> values = {v, x};
  for (const auto& [name, value] : parameters.values()) {
    names.push_back(name);
    values.push_back(value);
  }
  return CompiledExpr(e, names)(values);
}

inline Trace simulateSine(const ParameterSet& parameters, const SineStimulus& stimulus,
                          double seriesResistance_ohm = 0.0) {
  const spice::Waveform waveform = stimulus.waveform();
  return simulate(
      parameters, [&](double t) { return waveformValue(waveform, t); }, stimulus.sampleTimes(), seriesResistance_ohm,
      parameters.initialState());
}

/// Pinched loop and state within bounds, natively.
inline void checkPinchedAndBounded(const ParameterSet& parameters, const SineStimulus& stimulus) {
  const Trace trace = simulateSine(parameters, stimulus);
  const double peak = peakMagnitude(trace.current);
  REQUIRE(peak > 0.0);
  INFO("peak current " << peak << " A, pinch current " << pinchCurrent(trace.voltage, trace.current));
  CHECK(pinchCurrent(trace.voltage, trace.current) <= 1e-3 * peak);
  const StateBounds bounds = parameters.stateBounds();
  for (const double x : trace.state) {
    REQUIRE(x >= bounds.minimum);
    REQUIRE(x <= bounds.maximum);
  }
  // The state must move: a loop with no hysteresis proves nothing.
  const auto [lowest, highest] = std::minmax_element(trace.state.begin(), trace.state.end());
  CHECK(*highest - *lowest > 1e-3 * (bounds.maximum - bounds.minimum));
}

/// Lobe area over the last cycle at f, 10 f, 100 f: strictly decreasing. Returns the areas.
inline std::vector<double> checkLobeAreaShrinks(const ParameterSet& parameters, SineStimulus stimulus) {
  std::vector<double> areas;
  for (int decade = 0; decade < 3; ++decade) {
    const Trace trace = simulateSine(parameters, stimulus);
    const std::size_t lastCycle = trace.time.size() - 1 - static_cast<std::size_t>(stimulus.samplesPerCycle);
    areas.push_back(lobeArea(trace.voltage, trace.current, lastCycle));
    stimulus.frequency_Hz *= 10.0;
  }
  INFO("lobe areas " << areas[0] << ", " << areas[1] << ", " << areas[2] << " W");
  CHECK(areas[0] > areas[1]);
  CHECK(areas[1] > areas[2]);
  CHECK(areas[2] > 0.0);
  return areas;
}

/// nRMS difference of the current between ngspice (write view, `reltol`) and the native integrator.
inline double ngspiceNativeDifference(const ParameterSet& parameters, const SineStimulus& stimulus,
                                      double seriesResistance_ohm = 0.0, double reltol = 1e-5) {
  const Trace native = simulateSine(parameters, stimulus, seriesResistance_ohm);
  spice::Session session;
  const Trace ngspice = simulateNgspice(session, parameters, stimulus.waveform(), stimulus.sampleTimes(),
                                        seriesResistance_ohm, parameters.initialState(), reltol);
  const double difference = normalisedRmsDifference(ngspice.current, native.current);
  WARN(parameters.model().name << " at " << stimulus.frequency_Hz << " Hz, reltol " << reltol
                               << ": ngspice vs native current nRMS = " << difference
                               << ", state nRMS = " << normalisedRmsDifference(ngspice.state, native.state));
  return difference;
}

/// The two engines on one sine from x0, and their current nRMS difference.
struct EngineRuns {
  Trace native, ngspice;
  double difference = 0.0;
};

inline EngineRuns runBothEngines(const ParameterSet& parameters, const SineStimulus& stimulus, double x0,
                                 double seriesResistance_ohm = 0.0, double reltol = 1e-5) {
  const spice::Waveform waveform = stimulus.waveform();
  EngineRuns runs;
  runs.native = simulate(
      parameters, [&](double t) { return waveformValue(waveform, t); }, stimulus.sampleTimes(), seriesResistance_ohm,
      x0);
  spice::Session session;
  runs.ngspice =
      simulateNgspice(session, parameters, waveform, stimulus.sampleTimes(), seriesResistance_ohm, x0, reltol);
  runs.difference = normalisedRmsDifference(runs.ngspice.current, runs.native.current);
  return runs;
}

/// Lowest and highest state of a trace.
inline std::pair<double, double> stateRange(const Trace& trace) {
  const auto [lowest, highest] = std::minmax_element(trace.state.begin(), trace.state.end());
  return {*lowest, *highest};
}

/// An aggressive corner (fast switching, high exponents, tight window): both engines run to
/// the end, keep the state within the parameter set's bounds (ngspice to 1e-9 of the range:
/// its state node is solved, not assigned) and agree within 1% (current nRMS).
inline EngineRuns checkCornerAgrees(const ParameterSet& parameters, const SineStimulus& stimulus, double x0,
                                    double seriesResistance_ohm = 0.0, double reltol = 1e-5) {
  EngineRuns runs;
  REQUIRE_NOTHROW(runs = runBothEngines(parameters, stimulus, x0, seriesResistance_ohm, reltol));
  const StateBounds bounds = parameters.stateBounds();
  const double slack = 1e-9 * (bounds.maximum - bounds.minimum);
  for (const Trace* trace : {&runs.native, &runs.ngspice}) {
    const auto [lowest, highest] = stateRange(*trace);
    INFO("state range [" << lowest << ", " << highest << "] in [" << bounds.minimum << ", " << bounds.maximum << "]");
    CHECK(lowest >= bounds.minimum - slack);
    CHECK(highest <= bounds.maximum + slack);
    REQUIRE(trace->time.size() == stimulus.sampleTimes().size());
  }
  WARN(parameters.model().name << " corner: ngspice vs native current nRMS = " << runs.difference);
  CHECK(runs.difference <= 0.01);
  return runs;
}

/// Both engines reach `bound` (to 1% of the range) and never pass the parameter set's bounds.
inline void checkStateReaches(const ParameterSet& parameters, const SineStimulus& stimulus, double x0, double bound,
                              double reltol = 1e-5) {
  const EngineRuns runs = checkCornerAgrees(parameters, stimulus, x0, 0.0, reltol);
  const StateBounds bounds = parameters.stateBounds();
  const double tolerance = 0.01 * (bounds.maximum - bounds.minimum);
  for (const Trace* trace : {&runs.native, &runs.ngspice}) {
    const auto [lowest, highest] = stateRange(*trace);
    INFO("bound " << bound << ", state range [" << lowest << ", " << highest << "]");
    CHECK(std::min(std::abs(lowest - bound), std::abs(highest - bound)) <= tolerance);
  }
}

/// Both engines refuse x0 outside the bounds, naming it.
inline void checkInitialStateRefused(const ParameterSet& parameters, double x0, const std::string& named) {
  const SineStimulus stimulus{0.1, 1.0, 1, 32};
  const spice::Waveform waveform = stimulus.waveform();
  CHECK_THROWS_WITH(
      simulate(
          parameters, [&](double t) { return waveformValue(waveform, t); }, stimulus.sampleTimes(), 0.0, x0),
      Catch::Contains(named) && Catch::Contains("outside the bounds"));
  spice::Session session;
  CHECK_THROWS_WITH(simulateNgspice(session, parameters, waveform, stimulus.sampleTimes(), 0.0, x0),
                    Catch::Contains(named) && Catch::Contains("outside the bounds"));
}

/// Both engines refuse a parameter set whose constraint fails, naming the values.
inline void checkInconsistentRefused(const ParameterSet& parameters, const std::string& named) {
  const SineStimulus stimulus{0.1, 1.0, 1, 32};
  const spice::Waveform waveform = stimulus.waveform();
  CHECK_THROWS_WITH(simulate(
                        parameters, [&](double t) { return waveformValue(waveform, t); }, stimulus.sampleTimes(), 0.0,
                        parameters.stateBounds().minimum),
                    Catch::Contains(named));
  spice::Session session;
  CHECK_THROWS_WITH(
      simulateNgspice(session, parameters, waveform, stimulus.sampleTimes(), 0.0, parameters.stateBounds().minimum),
      Catch::Contains(named));
}

/// admsXml accepts the generated Verilog-A (skipped with a warning if admsXml is missing).
inline void checkVerilogAParses(const ModelDefinition& model) {
  if (std::system("command -v admsXml > /dev/null 2>&1") != 0) {
    WARN("admsXml not installed: Verilog-A parse check skipped");
    return;
  }
  const memcosim::testing::TemporaryFolder folder("va_" + identifierName(model.name));
  const auto& dir = folder.path();
  const auto file = dir / (identifierName(model.name) + ".va");
  std::ofstream(file) << verilogA(model);
  const std::string command = "cd '" + dir.string() + "' && admsXml '" + file.string() + "' > admsXml.log 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream logFile(dir / "admsXml.log");
  const std::string log((std::istreambuf_iterator<char>(logFile)), std::istreambuf_iterator<char>());
  INFO("admsXml output:\n" << log << "\nVerilog-A:\n" << verilogA(model));
  CHECK(status == 0);
  CHECK(log.find("error") == std::string::npos);
}

/// A filament-length model (TEAM, VTEAM): the held rate is zero at the bound it moves
/// towards (xoff for positive voltages, xon for negative ones), the plain rate away from it,
/// and moving xon/xoff to [1 nm, 6 nm] moves the hold with them.
inline void checkRateHeldAtLengthBounds(const ModelDefinition& model) {
  const Expr held = heldStateRate(model);
  CHECK(evaluateModelExpr(held, model, {}, 1.0, 3e-9) == 0.0);
  CHECK(evaluateModelExpr(held, model, {}, -1.0, 0.0) == 0.0);
  CHECK(evaluateModelExpr(held, model, {}, -1.0, 3e-9) == evaluateModelExpr(model.stateRate, model, {}, -1.0, 3e-9));
  CHECK(evaluateModelExpr(held, model, {}, 1.0, 0.0) == evaluateModelExpr(model.stateRate, model, {}, 1.0, 0.0));
  const std::map<std::string, double> moved = {{"xon", 1e-9}, {"xoff", 6e-9}};
  CHECK(evaluateModelExpr(held, model, moved, 1.0, 3e-9) ==
        Approx(evaluateModelExpr(model.stateRate, model, moved, 1.0, 3e-9)));
  CHECK(evaluateModelExpr(held, model, moved, 1.0, 6e-9) == 0.0);
  CHECK(evaluateModelExpr(held, model, moved, -1.0, 1e-9) == 0.0);
  CHECK(evaluateModelExpr(held, model, moved, -1.0, 3e-9) < 0.0);
}

}  // namespace memcosim::devices::testing
