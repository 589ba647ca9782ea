// Native MNA solver against in-process ngspice on EqProp networks, measured in one run.
//
// For each network (Iris-sized 4-10-3, digits-sized 64-32-10, Kendall-sized 784-100-10; inputs
// as ± pairs, random conductances in [1e-7, 1e-5] S), with the tolerances EqProp uses:
//   (ngspice) one `op` in the loaded circuit after altering every input source in place;
//   (native)  the same solve from a cold start (zero initial guess);
//   (warm)    a nudged phase: the native solve warm-started from the free solution after a
//             1 nA nudge on every output (which ngspice cannot do);
// and the largest node-voltage difference between ngspice and the native solution.
//
// Usage: native_solver_bench [--solves N]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "circuits/eqprop_network.h"
#include "io/random.h"
#include "solver/mna_solver.h"
#include "spice/session.h"

using namespace memcosim;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

void measure(spice::Session& session, int inputs, int hidden, int outputs, int solves) {
  circuits::EqPropNetworkSpec spec;
  spec.inputs = inputs;
  spec.hidden = {hidden};
  spec.outputs = outputs;
  const circuits::EqPropNetwork network(spec);
  std::mt19937_64 rng(1);
  std::vector<double> g(network.weightCount());
  for (auto& value : g) value = 1e-7 + (1e-5 - 1e-7) * io::uniform01(rng);
  const spice::Netlist netlist = network.netlist({g});
  session.load(netlist);
  session.save(network.nodes());
  solver::MnaSolver native(netlist);
  std::vector<std::vector<double>> samples(static_cast<std::size_t>(solves), std::vector<double>(inputs));
  for (auto& sample : samples)
    for (auto& value : sample) value = 1.2 * io::uniform01(rng);

  double worst = 0.0, ngspiceSeconds = 0.0, nativeSeconds = 0.0, warmSeconds = 0.0;
  long coldIterations = 0, warmIterations = 0;
  for (const auto& sample : samples) {
    for (int i = 0; i < inputs; ++i) {
      session.alter(network.inputSource(i, true), sample[i]);
      session.alter(network.inputSource(i, false), -sample[i]);
      native.setSource(network.inputSource(i, true), sample[i]);
      native.setSource(network.inputSource(i, false), -sample[i]);
    }
    auto start = Clock::now();
    const spice::Plot reference = session.operatingPoint();
    ngspiceSeconds += seconds(start);
    start = Clock::now();
    native.operatingPoint();
    nativeSeconds += seconds(start);
    coldIterations += native.iterations();
    for (const auto& node : network.nodes())
      worst = std::max(worst, std::abs(native.voltage(node) - reference.value("v(" + node + ")")));
    for (int k = 0; k < outputs; ++k) native.setSource(network.nudgeSource(k, true), 1e-9);
    start = Clock::now();
    native.operatingPoint(/*warmStart=*/true);
    warmSeconds += seconds(start);
    warmIterations += native.iterations();
    for (int k = 0; k < outputs; ++k) native.setSource(network.nudgeSource(k, true), 0.0);
  }
  const double n = solves;
  std::printf(
      "%d-%d-%d (%zu weights): ngspice op %.3g ms, native cold %.3g ms (%.1f Newton steps), warm %.3g ms "
      "(%.1f steps); ngspice/native %.1fx, ngspice/warm %.1fx; max |dV| %.2g V\n",
      inputs, hidden, outputs, network.weightCount(), 1e3 * ngspiceSeconds / n, 1e3 * nativeSeconds / n,
      coldIterations / n, 1e3 * warmSeconds / n, warmIterations / n, ngspiceSeconds / nativeSeconds,
      ngspiceSeconds / warmSeconds, worst);
}

}  // namespace

int main(int argc, char** argv) {
  int solves = 50;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--solves") == 0 && i + 1 < argc) solves = std::stoi(argv[++i]);
  spice::Session session;
  measure(session, 4, 10, 3, solves);
  measure(session, 64, 32, 10, solves);
  measure(session, 784, 100, 10, std::max(1, solves / 10));
  return 0;
}
