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
// Then, for the shipped configs (ideal weights on Iris, digits and MNIST; Iris with MMS and
// Wisconsin with linear-ion-drift memristors, every weight a read view; the 64-32-10 crossbar
// network on digits, forward and transposed reads), the time per training sample —
// inputs altered, free phase, nudged phase, gradient, and the mini-batch update written as
// device states — of one epoch over the first N training samples (test pass excluded), once
// with solver = "ngspice" and once with "native", from the same initial weights, and the ratio;
// and the least cosine between the two solvers' gradient estimates on the first samples (up to
// 10; as many as ngspice trains on).
//
// For the ideal-weight configs (Iris, digits, and MNIST and Fashion-MNIST when
// scripts/fetch-mnist.sh has run; those in ngspice over --mnist-samples, default 2), also the assembly alone: every
// weight stamped once into a fixed-pattern matrix and the right-hand side, the least a solver does per sample.
//
// Usage: native_solver_bench [--solves N] [--samples N] [--mnist-samples N] [--training-only]
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>

#include "circuits/eqprop_network.h"
#include "commands/training_run.h"
#include "io/random.h"
#include "learning/eqprop.h"
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
    native.solve();
    nativeSeconds += seconds(start);
    coldIterations += native.iterations();
    for (const auto& node : network.nodes())
      worst = std::max(worst, std::abs(native.voltage(node) - reference.value("v(" + node + ")")));
    for (int k = 0; k < outputs; ++k) native.setSource(network.nudgeSource(k, true), 1e-9);
    start = Clock::now();
    native.solve(/*warmStart=*/true);
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
  config.checkEvery = 0;
  commands::TrainingRun run(config, session);
  const auto& train = run.trainer().train();
  const int n = std::min<int>(samples, static_cast<int>(train.labels.size()));
  const learning::Samples subset{train.inputs.topRows(n), {train.labels.begin(), train.labels.begin() + n}};
  learning::Trainer trainer(run.estimator(), config.training, subset, {Eigen::MatrixXd(0, train.inputs.cols()), {}});
  const auto start = Clock::now();
  trainer.runEpoch();
  return seconds(start) / n;
}

/// The least cosine between the two solvers' EqProp gradient estimates on the first `samples`
/// training samples, from the same initial weights.
double leastCosine(spice::Session& session, commands::TrainConfig config, int samples) {
  config.checkEvery = 0;
  config.solver = "ngspice";
  commands::TrainingRun reference(config, session);
  config.solver = "native";
  commands::TrainingRun native(config, session);
  const auto& train = reference.trainer().train();
  double least = 1.0;
  for (std::size_t r = 0; r < std::min<std::size_t>(static_cast<std::size_t>(samples), train.labels.size()); ++r) {
    const std::size_t batch[] = {r};  // any method's estimate, one sample at a time
    const Eigen::VectorXd x = reference.estimator().estimate(train, batch).gradientSum;
    const Eigen::VectorXd y = native.estimator().estimate(train, batch).gradientSum;
    least = std::min(least, x.dot(y) / (x.norm() * y.norm()));
  }
  return least;
}

/// Seconds for the assembly alone: every weight of the network stamped once into a matrix with
/// a fixed sparsity pattern (its two diagonal entries, its two off-diagonal slots) and its
/// source node's voltage into the right-hand side, as any solver must at least do once per sample.
double assemblySeconds(const circuits::EqPropNetwork& network) {
  const auto& nodes = network.nodes();
  std::map<std::string, int> index;
  for (std::size_t i = 0; i < nodes.size(); ++i) index[nodes[i]] = static_cast<int>(i);
  std::vector<std::pair<int, int>> ends;
  for (std::size_t w = 0; w < network.weightCount(); ++w)
    ends.emplace_back(index.at(network.sourceNode(w)), index.at(network.targetNode(w)));
  std::mt19937_64 rng(5);
  std::vector<double> g(ends.size());
  for (auto& value : g) value = 1e-7 + 1e-5 * io::uniform01(rng);
  const std::size_t size = nodes.size();
  std::vector<double> voltage(size, 0.5), rhs(size), slots(size + 2 * ends.size());
  const int repeats = std::max(1, static_cast<int>(2e7 / static_cast<double>(slots.size() + 4 * ends.size())));
  const auto start = Clock::now();
  for (int r = 0; r < repeats; ++r) {
    std::fill(slots.begin(), slots.end(), 0.0);
    std::fill(rhs.begin(), rhs.end(), 0.0);
    for (std::size_t w = 0; w < ends.size(); ++w) {
      const auto [a, b] = ends[w];
      slots[static_cast<std::size_t>(a)] += g[w];
      slots[static_cast<std::size_t>(b)] += g[w];
      slots[size + 2 * w] = -g[w];
      slots[size + 2 * w + 1] = -g[w];
      rhs[static_cast<std::size_t>(b)] += g[w] * voltage[static_cast<std::size_t>(a)];
    }
    voltage[0] += 1e-300 * rhs[1];  // each pass depends on the previous one: nothing to hoist
  }
  const double elapsed = seconds(start) / repeats;
  if (!(slots[0] + rhs[0] < 1e300)) std::printf("(unreachable: keeps the loop)\n");
  return elapsed;
}

void measureTraining(spice::Session& session, const std::string& file, int ngspiceSamples, int nativeSamples) {
  const std::string path = std::string(MEMCOSIM_SOURCE_DIR) + "/examples/" + file;
  commands::TrainConfig config;
  double assembly = 0.0;
  try {
    config = commands::readTrainConfig(path);
    config.solver = "native";
    commands::TrainingRun probe(config, session);  // fails here if the data set is not fetched
    const auto* eqprop = dynamic_cast<const learning::EqProp*>(&probe.estimator());
    if (eqprop != nullptr && config.weights.device == "ideal") assembly = assemblySeconds(eqprop->network());
  } catch (const std::exception& error) {
    std::printf("%s: skipped (%s)\n", file.c_str(), error.what());
    return;
  }
  const double ngspice = secondsPerSample(session, config, "ngspice", ngspiceSamples);
  const double native = secondsPerSample(session, config, "native", nativeSamples);
  const double cosine = leastCosine(session, config, std::min(ngspiceSamples, 10));
  std::string floor;
  if (assembly > 0.0)
    floor = fmt::format("; assembly alone {:.3g} ms, native/assembly {:.1f}x", 1e3 * assembly, native / assembly);
  std::printf(
      "%s (%s weights; %d / %d samples): ngspice %.3g ms/sample, native %.3g ms/sample; ngspice/native %.1fx%s; "
      "gradient cosine >= %.7f\n",
      file.c_str(), config.weights.device.c_str(), ngspiceSamples, nativeSamples, 1e3 * ngspice, 1e3 * native,
      ngspice / native, floor.c_str(), cosine);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int solves = 50, samples = 100, mnistSamples = 2;
  bool networks = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--training-only") == 0) networks = false;
    if (std::strcmp(argv[i], "--solves") == 0 && i + 1 < argc) solves = std::stoi(argv[++i]);
    if (std::strcmp(argv[i], "--samples") == 0 && i + 1 < argc) samples = std::stoi(argv[++i]);
    if (std::strcmp(argv[i], "--mnist-samples") == 0 && i + 1 < argc) mnistSamples = std::stoi(argv[++i]);
  }
  spice::Session session;
  if (networks) {
    measure(session, 4, 10, 3, solves);
    measure(session, 64, 32, 10, solves);
    measure(session, 784, 100, 10, std::max(1, solves / 10));
  }
  measureTraining(session, "eqprop_iris.toml", samples, samples);
  measureTraining(session, "eqprop_digits.toml", samples, samples);
  measureTraining(session, "eqprop_mnist.toml", mnistSamples, samples);
  measureTraining(session, "eqprop_fashion_mnist.toml", mnistSamples, samples);
  measureTraining(session, "eqprop_iris_mms.toml", samples, samples);
  measureTraining(session, "eqprop_wisconsin_device.toml", samples, samples);
  measureTraining(session, "crossbar_digits.toml", samples, samples);
  return 0;
}
