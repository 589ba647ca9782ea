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
// Then, for the shipped device-weight configs (Iris with MMS memristors, Wisconsin with
// linear-ion-drift memristors: every weight a read view), the time per training sample —
// inputs altered, free phase, nudged phase, gradient, and the mini-batch update written as
// device states — of one epoch over the first N training samples (test pass excluded), once
// with solver = "ngspice" and once with "native", from the same initial weights, and the ratio.
//
// Usage: native_solver_bench [--solves N] [--samples N] [--training-only]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "circuits/eqprop_network.h"
#include "commands/training_run.h"
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

/// Seconds per training sample of one epoch over the first `samples` training samples.
double secondsPerSample(spice::Session& session, commands::TrainConfig config, const std::string& solver, int samples) {
  config.solver = solver;
  commands::TrainingRun run(config, session);
  const auto& train = run.trainer().train();
  const int n = std::min<int>(samples, static_cast<int>(train.labels.size()));
  const learning::Samples subset{train.inputs.topRows(n), {train.labels.begin(), train.labels.begin() + n}};
  learning::Trainer trainer(run.estimator(), config.training, subset, {Eigen::MatrixXd(0, train.inputs.cols()), {}});
  const auto start = Clock::now();
  trainer.runEpoch();
  return seconds(start) / n;
}

void measureTraining(spice::Session& session, const std::string& file, int samples) {
  const auto config = commands::readTrainConfig(std::string(MEMCOSIM_SOURCE_DIR) + "/examples/" + file);
  const double ngspice = secondsPerSample(session, config, "ngspice", samples);
  const double native = secondsPerSample(session, config, "native", samples);
  std::printf("%s (%s weights, %d samples): ngspice %.3g ms/sample, native %.3g ms/sample; ngspice/native %.1fx\n",
              file.c_str(), config.weights.device.c_str(), samples, 1e3 * ngspice, 1e3 * native, ngspice / native);
}

}  // namespace

int main(int argc, char** argv) {
  int solves = 50, samples = 100;
  bool networks = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--training-only") == 0) networks = false;
    if (std::strcmp(argv[i], "--solves") == 0 && i + 1 < argc) solves = std::stoi(argv[++i]);
    if (std::strcmp(argv[i], "--samples") == 0 && i + 1 < argc) samples = std::stoi(argv[++i]);
  }
  spice::Session session;
  if (networks) {
    measure(session, 4, 10, 3, solves);
    measure(session, 64, 32, 10, solves);
    measure(session, 784, 100, 10, std::max(1, solves / 10));
  }
  measureTraining(session, "eqprop_iris_mms.toml", samples);
  measureTraining(session, "eqprop_wisconsin_device.toml", samples);
  return 0;
}
