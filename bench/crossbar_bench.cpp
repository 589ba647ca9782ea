// Crossbar backpropagation: training samples per second, and where the time goes, measured in
// one run.
//
// For the 64-32-10 network on digits (examples/crossbar_digits.toml: a 65×64 and a 33×20
// array, ideal conductances) and the Wisconsin network with 100 Ω wire segments (a 31×20 and an
// 11×4 array, every read an operating point of the wired arrays), one epoch over the first N
// training samples (forward reads, transposed read, outer-product gradient, mini-batch update
// written into the circuit; test pass excluded), from the same initial weights, with reads
//   (ngspice)      operating points in in-process ngspice;
//   (native MNA)   operating points of the native solver;
//   (closed form)  matrix products (ideal wires only: learning/crossbar_backprop.h);
// and for each the share of the time spent inside the solver (altering sources and weights,
// solving, reading the amplifier nodes) against the rest (orchestration: activations, the
// gradient, the optimiser, the weight bank).
//
// Usage: crossbar_bench [--samples N]
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "commands/sweep_command.h"
#include "commands/training_run.h"
#include "learning/trainer.h"
#include "solver/dc_solver.h"
#include "spice/session.h"

using namespace memcosim;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

/// A solver that times every call into the one it wraps; `name` is what it reports (the
/// crossbar reads in closed form when it is "native").
class TimedDc : public solver::DcSolver {
 public:
  TimedDc(solver::DcSolver& inner, std::string name) : inner_(inner), name_(std::move(name)) {}
  void load(const spice::Netlist& netlist) override { inner_.load(netlist); }
  void save(const std::vector<std::string>& nodes) override { inner_.save(nodes); }
  void alter(const std::string& element, double value) override {
    const auto start = Clock::now();
    inner_.alter(element, value);
    inside += seconds(start);
  }
  std::size_t handle(const std::string& element) override { return inner_.handle(element); }
  void alter(std::size_t handle, double value) override {
    const auto start = Clock::now();
    inner_.alter(handle, value);
    inside += seconds(start);
  }
  const std::vector<double>& solveNodes(bool warmStart) override {
    const auto start = Clock::now();
    const auto& v = inner_.solveNodes(warmStart);
    inside += seconds(start);
    ++solves;
    return v;
  }
  [[nodiscard]] std::string name() const override { return name_; }

  double inside = 0.0;  // seconds in the wrapped solver
  long solves = 0;

 private:
  solver::DcSolver& inner_;
  std::string name_;
};

struct Measure {
  double perSample = 0.0;  // seconds
  double solverShare = 0.0;
  long solves = 0;
};

/// One epoch over the first `samples` training samples of `config`, reads by `reads`.
Measure epoch(spice::Session& session, commands::TrainConfig config, const std::string& reads, int samples) {
  config.solver = "native";
  config.checkEvery = 0;
  commands::TrainingRun run(config, session);  // its data, circuit and initial weights
  std::unique_ptr<solver::DcSolver> inner;
  if (reads == "ngspice")
    inner = std::make_unique<solver::NgspiceDc>(session);
  else
    inner = std::make_unique<solver::NativeDc>(nullptr, 0, 0.0);
  TimedDc timed(*inner, reads == "closed form" ? "native" : "timed");
  const auto estimator = config.method->estimator(run.circuit(), run.weights(), timed, config.loss, config.seed);
  const auto& train = run.trainer().train();
  const int n = std::min<int>(samples, static_cast<int>(train.labels.size()));
  const learning::Samples subset{train.inputs.topRows(n), {train.labels.begin(), train.labels.begin() + n}};
  learning::Trainer trainer(*estimator, config.training, subset, {Eigen::MatrixXd(0, train.inputs.cols()), {}});
  timed.inside = 0.0;
  const auto start = Clock::now();
  trainer.runEpoch();
  const double total = seconds(start);
  return {total / n, timed.inside / total, timed.solves};
}

void measure(spice::Session& session, const std::string& file, double wire_ohm, int samples) {
  const std::string path = std::string(MEMCOSIM_SOURCE_DIR) + "/examples/" + file;
  commands::TrainConfig config = commands::readTrainConfig(path);
  if (wire_ohm > 0.0)
    config = commands::parseTrainConfig(
        commands::applySettings(config.text, {{"crossbar.wire_resistance", std::to_string(wire_ohm)}}), path);
  const Measure ngspice = epoch(session, config, "ngspice", samples);
  const Measure native = epoch(session, config, "native MNA", samples);
  std::printf("%s%s, %d samples:\n", file.c_str(),
              wire_ohm > 0.0 ? fmt::format(" with {} Ω wires", wire_ohm).c_str() : "", samples);
  std::printf("  ngspice      %8.1f samples/s  (%.1f%% of the time in ngspice, %.1f reads per sample)\n",
              1.0 / ngspice.perSample, 100.0 * ngspice.solverShare, static_cast<double>(ngspice.solves) / samples);
  std::printf("  native MNA   %8.1f samples/s  (%.1f%% in the solver);  ngspice/native %.1fx\n", 1.0 / native.perSample,
              100.0 * native.solverShare, ngspice.perSample / native.perSample);
  if (wire_ohm == 0.0) {
    const Measure closed = epoch(session, config, "closed form", samples);
    std::printf("  closed form  %8.1f samples/s  (%.1f%% in the solver: weight writes);  ngspice/closed form %.1fx\n",
                1.0 / closed.perSample, 100.0 * closed.solverShare, ngspice.perSample / closed.perSample);
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int samples = 200;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--samples") == 0 && i + 1 < argc) samples = std::stoi(argv[++i]);
  spice::Session session;
  measure(session, "crossbar_digits.toml", 0.0, samples);
  measure(session, "crossbar_wisconsin.toml", 100.0, samples);
  return 0;
}
