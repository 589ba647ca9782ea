// A training method as `memcosim train` sees it: the config it reads and how it assembles a
// gradient estimator over its circuit. Each method is one class in one file that registers
// itself by name; `method = "<name>"` at the top of a config selects it (default "eqprop").
//
// Life cycle:
//   registerTrainingMethod(name, factory)            static initialisation of the method's file
//   → parseTrainConfig: makeTrainingMethod(name)
//       → readCircuit(root)                          where [network] is read: the circuit's section
//       → readSettings(root, training)               after [training]: the method's own section
//   → TrainingRun: circuit(inputs, outputs)          the weight sites, sized by the data set
//       → (the run builds the weight bank for circuit->weightCount() weights and the solver)
//       → estimator(circuit, bank, solver, loss, seed) what learning::Trainer drives
//
// A method's settings are read once and never change, so a config may share them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "circuits/weight_sites.h"
#include "io/config.h"
#include "learning/gradient_estimator.h"
#include "learning/loss.h"
#include "learning/weights.h"
#include "solver/dc_solver.h"

namespace memcosim::commands {

class TrainingMethod {
 public:
  TrainingMethod() = default;
  TrainingMethod(const TrainingMethod&) = delete;
  TrainingMethod& operator=(const TrainingMethod&) = delete;
  virtual ~TrainingMethod() = default;

  /// The name a config selects it by ("eqprop").
  [[nodiscard]] virtual std::string name() const = 0;
  /// How plots and reports name it ("EqProp").
  [[nodiscard]] virtual std::string title() const = 0;
  /// The range [low, high] (volts) the data section scales every feature into; called before
  /// readCircuit, for circuits that encode inputs by their level (a spike latency).
  virtual void setInputRange(double /*low*/, double /*high*/) {}
  /// Reads the sections that shape the circuit (finishing each: unknown fields are errors).
  virtual void readCircuit(io::ConfigTable& root) = 0;
  /// Reads the method's own section; `training` is [training], still open, for fields that
  /// configs older than `method` kept there.
  virtual void readSettings(io::ConfigTable& root, io::ConfigTable& training) = 0;

  /// The circuit whose weights are trained, for `inputs` features and `outputs` classes.
  [[nodiscard]] virtual std::unique_ptr<circuits::WeightSites> circuit(int inputs, int outputs) const = 0;
  /// The estimator over `circuit` (made by circuit() above) with the weights of `bank`, which
  /// loads the circuit into `solver` once. All three outlive it. `seed` is the run's, for an
  /// estimator that draws (TTv2's choppers).
  [[nodiscard]] virtual std::unique_ptr<learning::GradientEstimator> estimator(const circuits::WeightSites& circuit,
                                                                               learning::WeightBank& bank,
                                                                               solver::DcSolver& solver,
                                                                               const learning::Loss& loss,
                                                                               std::uint64_t seed) const = 0;
};

using TrainingMethodFactory = std::function<std::unique_ptr<TrainingMethod>()>;

/// Registers a method under `name`; returns true (to initialise a static with).
bool registerTrainingMethod(const std::string& name, TrainingMethodFactory factory);
/// A new method named `name` with its defaults; std::invalid_argument naming the known ones.
std::unique_ptr<TrainingMethod> makeTrainingMethod(const std::string& name);
/// Every registered name, sorted.
std::vector<std::string> trainingMethodNames();

}  // namespace memcosim::commands
