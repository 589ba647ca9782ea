// Programming pulses: the one pulse shape every pulse experiment uses, and a pulse train's run.
//
// A pulse of amplitude A and width w starting at t0 is four PWL points,
//     (t0, 0), (t0 + w/50, A), (t0 + w − w/50, A), (t0 + w, 0),
// flat for 96 % of its width with linear edges of w/50. Programming tables
// (programming/pulse_scheme.h) and characterisation trains (characterise/pulse_train.h) both
// build their sources from it, so they see the same edges.
//
// Call map: pulseShape(A, w, t0) … concatenated into a PWL source
//           → simulatePulses(parameters, source, sampleTimes, R_s, x0, engine, session)
//           → simulateWith (engine.h) → Trace
#pragma once

#include <array>
#include <utility>
#include <vector>

#include "devices/engine.h"

namespace memcosim::devices {

/// One pulse as four PWL points (see above).
std::array<std::pair<double, double>, 4> pulseShape(double amplitude_volt, double width_seconds,
                                                    double start_seconds = 0.0);

/// The device driven by the PWL `source` (time, volts), sampled at `sampleTimes` (uniformly
/// spaced from 0 for the ngspice engine), by `engine`; `session` is needed for Engine::Ngspice
/// and has its loaded circuit replaced. Throws std::invalid_argument if it is missing.
Trace simulatePulses(const ParameterSet& parameters, const std::vector<std::pair<double, double>>& source,
                     const std::vector<double>& sampleTimes, double seriesResistance_ohm, double x0, Engine engine,
                     spice::Session* session, double reltol = kTestBenchReltol);

}  // namespace memcosim::devices
