// The two engines that run a device experiment on the test bench, and the choice between them.
//
// Call map: parseEngine("native" | "ngspice") → Engine
//   → simulateWith(engine, session, parameters, source, sampleTimes, R_s, x0)
//     ├─ Native:  simulate (native_device.h), Rosenbrock integration of v_s = v + R_s f(v, x)
//     └─ Ngspice: simulateNgspice (test_bench.h), a transient of the bench deck in `session`
// Both return the same Trace at the same sample times, so every experiment above (I-V sweeps,
// pulse trains, programming pulses) is written once for either engine.
#pragma once

#include <string>
#include <vector>

#include "devices/model.h"
#include "devices/test_bench.h"
#include "devices/trace.h"
#include "spice/netlist.h"

namespace memcosim::spice {
class Session;
}

namespace memcosim::devices {

enum class Engine { Ngspice, Native };

/// "ngspice" | "native"; throws std::invalid_argument naming both for anything else.
Engine parseEngine(const std::string& name);

/// "ngspice" | "native".
std::string engineName(Engine engine);

/// The device driven by `source` through `seriesResistance_ohm` from state x0, sampled at
/// `sampleTimes` (uniformly spaced from 0 for Ngspice) by `engine`; `reltol` applies to Ngspice
/// only. `session` is needed for Ngspice and has its loaded circuit replaced: throws
/// std::invalid_argument if it is missing; otherwise as simulate() / simulateNgspice().
Trace simulateWith(Engine engine, spice::Session* session, const ParameterSet& parameters,
                   const spice::Waveform& source, const std::vector<double>& sampleTimes, double seriesResistance_ohm,
                   double x0, double reltol = kTestBenchReltol);

}  // namespace memcosim::devices
