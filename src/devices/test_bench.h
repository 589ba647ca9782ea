// The test bench: one device driven by a voltage source through a series resistance.
//
// Every ngspice run of a device experiment is this deck (I-V sweeps, pulse trains and
// programming pulses through simulateNgspice, and the standalone decks netlists/iv_<model>.cir),
// so a bench run in plain `ngspice -b` is the experiment memcosim runs in-process:
//
//     Vsource in 0 DC v_s(0) <waveform>     the drive v_s(t); device current = −i(Vsource)
//     Rseries in dev R_s                    only if R_s > 0; else the device sits on `in`
//     Xdevice <in|dev> 0 <model>_write <instance parameters>
//     .options reltol=kTestBenchReltol
//
// The native engine (native_device.h) integrates the same circuit, v_s = v + R_s f(v, x).
//
// Tolerance. One relative tolerance for every bench, kTestBenchReltol = 1e-6: fully switching
// TEAM and Stanford-PKU differ from the native integration by 1–2 % at ngspice's 1e-5 and agree
// at 1e-6 (README, "Device models"); the other models agree at either. Experiments may
// pass a tighter one (a stiff corner in the tests).
//
// Call map: testBench(model, setup) → TestBench{deck, deviceNode}
//   ├─ simulateNgspice: load into a Session, transient with `uic`, interpolate onto the samples
//   └─ ivTestBench / writeTestBenches: `.include` the model's library, add `.tran` and `.print`
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "devices/model.h"
#include "devices/trace.h"
#include "spice/netlist.h"

namespace memcosim::spice {
class Session;
}

namespace memcosim::devices {

/// ngspice's relative tolerance on every test bench (see "Tolerance" above).
inline constexpr double kTestBenchReltol = 1e-6;

/// What a bench drives and how.
struct TestBenchSetup {
  std::string title;
  spice::Waveform source;
  double seriesResistance_ohm = 0.0;
  spice::ParameterList instance;  ///< write-view instance parameters (m_<name>, x0); empty: its defaults
  std::string library;            ///< `.include`d for the write view; empty: the view is defined in the deck
  double reltol = kTestBenchReltol;
};

struct TestBench {
  spice::Netlist deck;     ///< no analysis: the caller runs or adds one (write views need `uic`)
  std::string deviceNode;  ///< the device's positive pin: "in", or "dev" behind a series resistance
};

/// The bench deck (see above). Throws std::invalid_argument for a negative or non-finite R_s.
TestBench testBench(const ModelDefinition& model, const TestBenchSetup& setup);

/// The experiment of simulate() (native_device.h) in ngspice: the bench with the parameter
/// set's values and x0, a transient with `uic`, maximum step = the sample spacing; ngspice's
/// time points are interpolated linearly onto sampleTimes (uniformly spaced, starting at 0).
/// Throws as simulate() for bad parameters or x0, and std::runtime_error naming the value for a
/// non-finite result.
Trace simulateNgspice(spice::Session& session, const ParameterSet& parameters, const spice::Waveform& source,
                      const std::vector<double>& sampleTimes, double seriesResistance_ohm, double x0,
                      double reltol = kTestBenchReltol);

/// The standalone bench `netlists/iv_<model>.cir` for plain `ngspice -b`: the model's
/// characterisation sine for two cycles on its write view at default parameters, `.include`
/// of `library`, printing v(in) and i(vsource). Generated from the model definition like
/// models/, so a test fails when the committed decks are stale.
spice::Netlist ivTestBench(const ModelDefinition& model, const std::string& library);

/// The same I-V run on Xyce's own implementation of the model (model.xyceMemristorLevel > 0):
/// `.model <model>_xyce MEMRISTOR (level=… <default parameters>)` and `YMEMRISTOR Ydevice in 0
/// <model>_xyce XO=<default x0>` in place of the write view; printed for Xyce only (an
/// independent implementation to compare memcosim's loop with, for users who have Xyce).
/// Throws std::invalid_argument for a model Xyce does not have.
spice::Netlist xyceIvTestBench(const ModelDefinition& model);

/// Writes <netlists>/iv_<model>.cir for every physical model, and iv_<model>_xyce.cir for
/// those Xyce has built in, including `<relative path from
/// netlists to models>/<model>.lib`; returns the files written.
std::vector<std::filesystem::path> writeTestBenches(const std::filesystem::path& netlists,
                                                    const std::filesystem::path& models);

}  // namespace memcosim::devices
