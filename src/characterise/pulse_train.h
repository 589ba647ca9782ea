// Pulse characterisation: conductance after each programming pulse, potentiation then depression.
//
// A physical model receives `count` set pulses (amplitude setAmplitude_volt, width width_s) and
// then `count` reset pulses, each followed by a rest of the same width at 0 V; after every
// pulse the conductance is read as G = i(v_read, x)/v_read from the model's current equation
// (an ideal, non-disturbing read). A pulse-level device (devices/pulsed) receives `count`
// potentiating then `count` depressing pulses and its weight is read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "characterise/pulse_metrics.h"
#include "devices/model.h"
#include "devices/pulse.h"
#include "devices/pulsed/pulsed_device.h"
#include "devices/trace.h"

namespace memcosim::characterise {

struct PulseTrainOptions {
  double setAmplitude_volt = 1.0;
  double resetAmplitude_volt = -1.0;
  double width_seconds = 1e-3;
  int count = 50;
  double readVoltage_volt = 0.1;
  double seriesResistance_ohm = 0.0;
  devices::Engine engine = devices::Engine::Native;
  std::optional<double> initialState;  // default: the model's initial state
  double reltol = devices::kTestBenchReltol;
};

struct PulseTrainResult {
  std::string model;
  std::string unit;                  // "S" for physical models, "weight" for pulse-level devices
  std::vector<double> potentiation;  // after each set pulse
  std::vector<double> depression;    // after each reset pulse
  PulseMetrics metrics;
};

PulseTrainResult runPulseTrain(const devices::ParameterSet& parameters, const PulseTrainOptions& options,
                               spice::Session* session);
PulseTrainResult runPulseTrain(const std::string& name, devices::pulsed::PulsedDevice& device, int count,
                               std::uint64_t seed);

/// The programming waveform of runPulseTrain: pulse k occupies [2kw, 2kw + w] (devices::pulseShape,
/// edges of w/50), then rests at 0 V until 2(k+1)w.
std::vector<std::pair<double, double>> pulseTrainPwl(const PulseTrainOptions& options);

/// Writes DIR/pulses.csv (pulse,phase,conductance), DIR/summary.json and DIR/pulses.png.
void writePulseTrain(const PulseTrainResult& result, const std::filesystem::path& dir);

}  // namespace memcosim::characterise
