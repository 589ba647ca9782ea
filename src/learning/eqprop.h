// Equilibrium propagation on a resistive network solved by ngspice (docs/design.md, "EqProp").
//
// Free phase: the operating point with the sample on the input sources. Nudged phase: the
// operating point again with I = −β ∂C/∂V injected into each output node (+ into o_k+, − into
// o_k−, since y_k = V(o_k+) − V(o_k−)). The gradient of the loss with respect to a conductance
// G_w whose voltage drop is ΔV_w is estimated as
//     ∂C/∂G_w ≈ A^{2m_w} · [(ΔV_w^β)² − (ΔV_w^0)²] / (2β)
// (Scellier & Bengio 2017; Kendall et al. 2020), and a step ΔG_w = −η ∂C/∂G_w is the update
// rule ΔG = −(η/β)[(ΔV^β)² − (ΔV^0)²] with the ½ absorbed into η.
//
// A weight whose read current is not linear in its drop, I = G·h(ΔV) with h'(0) = 1 (the
// sinh of Stanford–PKU or nonlinear ion drift), contributes G·∫₀^ΔV h to the network's
// co-content, so its estimate is A^{2m_w}·∫_{ΔV^0}^{ΔV^β} h(u) du / β (WeightBank::readCoContent),
// which is the quadratic one above when h(u) = u. With the quadratic estimate such weights
// learn from a gradient that is wrong by the factor h(ΔV)/ΔV (about 7 at 1 V for
// Stanford–PKU's V0 = 0.25 V).
//
// The factor A^{2m_w}, m_w = the number of amplifier stages between weight w and the outputs,
// is this project's correction for the bidirectional amplifiers: forward gain A, backward
// current gain 1/A make every node downstream of an amplifier behave as a reciprocal network
// whose voltages are divided by A, where the nudge is β/A² instead of β. EqProp is exact in
// that virtual network; mapped back, the raw estimate of every weight upstream of an amplifier
// is A² too small per stage. tests/learning checks the corrected estimate against finite
// differences of the free-phase loss.
//
// ngspice 39 has no way to start an `op` from the previous solution once a circuit is loaded
// (`.nodeset` is read only with the deck, and `op` re-initialises junction voltages), so the
// nudged phase is solved from the same initial guess as the free phase; the nudge is small,
// and both phases converge in a few Newton iterations (bench/eqprop_bench measures the cost).
//
// As a GradientEstimator (learning/gradient_estimator.h), a mini-batch's estimate is the sum
// of the per-sample estimates in the batch's order.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "circuits/eqprop_network.h"
#include "learning/gradient_estimator.h"
#include "learning/loss.h"
#include "learning/weights.h"
#include "solver/dc_solver.h"

namespace memcosim::learning {

struct EqPropSettings {
  double beta_siemens = 1e-7;  // nudge strength β (siemens: amperes per unit ∂C/∂V)
  Loss loss;
  bool amplifierCorrection = true;  // the A^{2m} factor above
};

/// One phase's solution: the voltage drop across every weight and the differential outputs.
struct PhaseSolution {
  Eigen::VectorXd drops;
  Eigen::VectorXd outputs;
};

class EqProp : public GradientEstimator {
 public:
  /// Loads the network with the bank's present weights into `circuit` (ngspice or native).
  EqProp(solver::DcSolver& circuit, const circuits::EqPropNetwork& network, WeightBank& weights,
         EqPropSettings settings);

  [[nodiscard]] const EqPropSettings& settings() const { return settings_; }
  [[nodiscard]] const circuits::EqPropNetwork& network() const { return network_; }
  [[nodiscard]] WeightBank& weights() override { return weights_; }
  [[nodiscard]] int inputCount() const override { return network_.inputCount(); }
  [[nodiscard]] int outputCount() const override { return network_.outputCount(); }

  /// Sets the input sources (volts, one per input) in place.
  void setInputs(const Eigen::VectorXd& inputs);
  PhaseSolution freePhase();
  /// Operating point with `currents` (amperes, into o_k+ and out of o_k−); the nudge sources
  /// are back at zero afterwards.
  PhaseSolution nudgedPhase(const Eigen::VectorXd& currents);

  struct Estimate {
    Eigen::VectorXd gradient;  // ∂C/∂G per weight, V²/S
    Eigen::VectorXd outputs;   // free-phase outputs
    double loss = 0.0;         // free-phase loss
  };
  /// Both phases for one sample and the EqProp gradient estimate.
  Estimate estimateSample(const Eigen::VectorXd& inputs, int label);
  /// estimateSample() of every sample in `batch`, the gradients summed in the batch's order.
  BatchEstimate estimate(const Samples& samples, std::span<const std::size_t> batch) override;
  /// The free phase only: outputs for `inputs`.
  Eigen::VectorXd predict(const Eigen::VectorXd& inputs) override;

  /// Puts the bank's present value of weight w into the circuit, at the network's site for it.
  void writeWeight(std::size_t w) override { circuit_.alter(siteHandles_[w], weights_.siteValue(w)); }

 private:
  /// The free phase starts from the solver's initial guess, so it does not depend on earlier
  /// samples (a resumed run repeats it exactly); the nudged phase may start from the free one.
  PhaseSolution solve(bool warmStart);
  /// Sets the nudge sources: currents(k) into o_k+, out of o_k−.
  void setNudges(const Eigen::VectorXd& currents);

  solver::DcSolver& circuit_;
  const circuits::EqPropNetwork& network_;
  WeightBank& weights_;
  EqPropSettings settings_;
  Eigen::VectorXd layerFactor_;                         // A^{2m} per weight
  std::vector<std::size_t> sourceIndex_, targetIndex_;  // per weight, into the node list
  std::vector<std::size_t> outputIndex_;                // o0p, o0n, o1p, ... into the node list
  // The elements altered in place, looked up once (solver::DcSolver::handle).
  std::vector<std::size_t> siteHandles_;   // per weight
  std::vector<std::size_t> inputHandles_;  // in0p, in0n, in1p, ...
  std::vector<std::size_t> nudgeHandles_;  // Inudge0p, Inudge0n, ...
};

}  // namespace memcosim::learning
