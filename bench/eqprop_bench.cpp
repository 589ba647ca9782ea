// Time per EqProp training sample against bare operating-point solves of the same circuit.
//
// For the network of a training config (default examples/eqprop_iris.toml), measured in one run:
//   (op)     one bare `op` of the loaded circuit, inputs unchanged;
//   (sample) one training sample: inputs altered, free phase, nudges altered, nudged phase,
//            gradient, and the mini-batch update (altering every changed conductance) spread
//            over the batch, i.e. an epoch's time divided by its samples, test pass excluded;
//   (reload) the same sample with the netlist re-loaded before each of the two phases, as a
//            wrapper that writes a deck per solve would do.
// Goals (issue #4): sample / (2·op) ≤ 2.5 and reload / sample ≥ 5.
// With --memory it then trains on until 10^5 operating points have been solved and prints the
// resident memory after 10^3 and after 10^5 solves (goal: within 5%).
//
// Usage: eqprop_bench [CONFIG] [--samples N] [--memory]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <unistd.h>
#include <string>

#include "commands/training_run.h"
#include "learning/eqprop.h"
#include "resident_memory.h"

using namespace memcosim;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  std::string configFile = std::string(MEMCOSIM_SOURCE_DIR) + "/examples/eqprop_iris.toml";
  int samples = 0;
  bool memory = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--memory") == 0)
      memory = true;
    else if (std::strcmp(argv[i], "--samples") == 0 && i + 1 < argc)
      samples = std::stoi(argv[++i]);
    else
      configFile = argv[i];
  }
  const auto config = commands::readTrainConfig(configFile);
  spice::Session session;
  commands::TrainingRun run(config, session);
  auto& solver = dynamic_cast<learning::EqProp&>(run.estimator());
  const auto& train = run.trainer().train();
  const int n = samples > 0 ? std::min<int>(samples, static_cast<int>(train.labels.size()))
                            : static_cast<int>(train.labels.size());
  std::printf("network %s: %zu weights, %d training samples timed\n", configFile.c_str(), run.circuit().weightCount(),
              n);

  solver.setInputs(train.inputs.row(0).transpose());
  const int ops = std::max(200, 2 * n);
  auto start = Clock::now();
  for (int k = 0; k < ops; ++k) (void)session.operatingPoint();
  const double op = std::chrono::duration<double>(Clock::now() - start).count() / ops;

  // One epoch over the first n samples: the trainer's own loop, minus its test pass.
  learning::Samples subset{train.inputs.topRows(n), {train.labels.begin(), train.labels.begin() + n}};
  learning::Trainer trainer(solver, config.training, subset, {Eigen::MatrixXd(0, train.inputs.cols()), {}});
  start = Clock::now();
  trainer.runEpoch();
  const double sample = std::chrono::duration<double>(Clock::now() - start).count() / n;

  const auto deck = run.weights().netlist(run.circuit());
  const int reloads = std::max(20, n / 4);
  start = Clock::now();
  for (int k = 0; k < reloads; ++k) {
    session.load(deck);
    (void)solver.estimateSample(train.inputs.row(k % n).transpose(), train.labels[k % n]);
    session.load(deck);  // the nudged phase of a re-loading wrapper reads a second deck
  }
  const double reload = std::chrono::duration<double>(Clock::now() - start).count() / reloads;

  std::printf("  (op)     bare operating point:           %9.1f us\n", op * 1e6);
  std::printf("  (sample) training sample (2 phases+update): %6.1f us\n", sample * 1e6);
  std::printf("  (reload) sample re-loading the netlist:  %9.1f us\n", reload * 1e6);
  std::printf("  sample / (2 op)  = %.2f  (goal <= 2.5)\n", sample / (2.0 * op));
  std::printf("  reload / sample  = %.1fx (goal >= 5x)\n", reload / sample);
  if (!memory) return 0;

  // Two operating points per training sample; RSS after 10^3 and after 10^5 of them.
  long solves = 0, early = 0;
  learning::Trainer longRun(solver, config.training, train, {Eigen::MatrixXd(0, train.inputs.cols()), {}});
  while (solves < 100000) {
    for (Eigen::Index r = 0; r < train.inputs.rows() && solves < 100000; ++r) {
      (void)solver.estimateSample(train.inputs.row(r).transpose(), train.labels[static_cast<std::size_t>(r)]);
      solves += 2;
      if (solves == 1000) early = residentKilobytes();
    }
    longRun.runEpoch();  // and the updates of a real run
    solves += 2 * static_cast<long>(train.labels.size());
  }
  const long late = residentKilobytes();
  std::printf("  RSS after 1e3 solves %ld kB, after 1e5 solves %ld kB: growth %.2f%% (goal <= 5%%)\n", early, late,
              100.0 * (late - early) / early);
  return 0;
}
