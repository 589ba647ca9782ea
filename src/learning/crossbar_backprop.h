// Backpropagation through crossbar arrays whose reads are solved as circuits (docs/design.md,
// "Crossbars"; after Yan et al., Neural Networks 128, 2020, where the training circuit of a
// multilayer memristor network applies SGD, momentum and adaptive rates).
//
// Units: weight W_ij = (G⁺_ij − G⁻_ij)/G_max, a row's value a_i = V_i/V_read (the bias row's is 1).
//
// Forward, layer by layer: the rows at V_read·a (the first layer's at the sample's volts), the
// columns at 0 V; one operating point gives every column current I_c = Σ_i G_ic·V_i, and the
// layer's pre-activation is z_j = (I_2j − I_2j+1)/(V_read·G_max). Hidden layers pass a = f(z)
// (sigmoid, tanh, or ReLU clipped at 1) to the next array's rows; the last layer's z are the
// outputs the loss sees.
//
// Backward: δ_L = ∂C/∂z_L. For a layer l > 1, the transposed read of its array: rows at 0 V,
// columns at ±s·δ_j (s = V_read / max|δ| keeps them within the read voltage), so the row
// currents are I_i = Σ_c G_ic·V_c = s·G_max·(Wᵀδ)_i, and δ_{l−1} = f'(z_{l−1}) ⊙ I/(s·G_max).
// The gradient of each device is the outer product of the rows read and the errors:
//     ∂C/∂G⁺_ij = a_i·δ_j / G_max,   ∂C/∂G⁻_ij = −a_i·δ_j / G_max,
// exact for ideal conductances and wires; with wire resistance, nonlinear read views or
// converter quantisation both reads carry the circuit's errors, as in hardware.
//
// Closed-form reads: with ideal wires (r = 0) every row is one node at its driver's voltage and
// every column one node at its end's, so a device sees exactly V_i − V_c and, when every weight
// reads linearly (I = G·ΔV: ideal conductances, pulse-level devices, linear read views), the
// amplifier currents are I = Gᵀ·V_rows (forward) and I = G·V_columns (transposed), G the
// array's M × 2N conductance matrix. With `closedForm` set (the native solver) these products
// replace the operating points; every checkEvery()-th read of the solver is also solved as the
// circuit (and, by the native solver's own check, in ngspice), and a current that differs from
// the product by more than 1e-9 of the read's largest stops the run with an error. With wire
// resistance or a nonlinear read view every read is an operating point.
//
// Converters (0 bits: none): a b-bit DAC rounds every row value and error drive a ∈ [−1, 1] to
// steps of 1/(2^(b−1) − 1) (and clips it there); a b-bit ADC rounds every amplifier current to
// steps of its full scale I_fs = adcRange·V_read·G_max over 2^(b−1) − 1, clipping at ±I_fs.
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <string>
#include <vector>

#include "circuits/crossbar_network.h"
#include "learning/gradient_estimator.h"
#include "learning/loss.h"
#include "learning/weights.h"
#include "solver/dc_solver.h"

namespace memcosim::learning {

struct CrossbarSettings {
  Loss loss;
  int dacBits = 0;          // 0: ideal drivers
  int adcBits = 0;          // 0: ideal amplifier outputs
  double adcRange = 4.0;    // full scale in units of V_read·G_max (4: four fully-on rows)
  bool closedForm = false;  // reads as matrix products where the arrays allow (header comment)
};

/// Relative disagreement between a closed-form read and the circuit's that stops a run.
inline constexpr double kClosedFormTolerance = 1e-9;

class CrossbarBackprop : public GradientEstimator {
 public:
  /// Loads the arrays with the bank's present weights into `circuit` (ngspice or native).
  CrossbarBackprop(solver::DcSolver& circuit, const circuits::CrossbarNetwork& network, WeightBank& weights,
                   CrossbarSettings settings);

  [[nodiscard]] const circuits::CrossbarNetwork& network() const { return network_; }
  [[nodiscard]] WeightBank& weights() override { return weights_; }
  [[nodiscard]] int inputCount() const override { return network_.inputCount(); }
  [[nodiscard]] int outputCount() const override { return network_.outputCount(); }

  /// One forward pass: every layer's row values a (bias included) and pre-activations z.
  struct Forward {
    std::vector<Eigen::VectorXd> rows;  // per layer: the a read (the bias row last)
    std::vector<Eigen::VectorXd> z;     // per layer: the pre-activations
  };
  Forward forward(const Eigen::VectorXd& inputs);
  /// (Wᵀδ) of layer l (l ≥ 1) by its transposed read, one entry per input of the layer.
  Eigen::VectorXd transposedRead(int layer, const Eigen::VectorXd& delta);

  struct Estimate {
    Eigen::VectorXd gradient;  // ∂C/∂G per device, 1/S
    Eigen::VectorXd outputs;   // z of the last layer
    double loss = 0.0;
  };
  Estimate estimateSample(const Eigen::VectorXd& inputs, int label);
  BatchEstimate estimate(const Samples& samples, std::span<const std::size_t> batch) override;
  Eigen::VectorXd predict(const Eigen::VectorXd& inputs) override;
  void writeWeight(std::size_t w) override;

  /// Whether reads are matrix products (closedForm set, ideal wires, linear reads).
  [[nodiscard]] bool closedForm() const { return !conductances_.empty(); }
  /// Reads solved as circuits to check a closed-form one so far.
  [[nodiscard]] long closedFormChecks() const { return closedFormChecks_; }

 private:
  [[nodiscard]] double dac(double value) const;
  [[nodiscard]] double adc(double current) const;
  /// The amplifier currents (before the ADC) of one read of layer l: forward, the rows driven
  /// at `drive` (volts, the bias row last) and the columns' currents; transposed, the columns
  /// at `drive` and the rows' currents.
  Eigen::VectorXd read(int layer, bool transposed, const Eigen::VectorXd& drive);
  /// The same read as an operating point of the loaded circuit.
  Eigen::VectorXd solveRead(int layer, bool transposed, const Eigen::VectorXd& drive);

  solver::DcSolver& circuit_;
  const circuits::CrossbarNetwork& network_;
  WeightBank& weights_;
  CrossbarSettings settings_;
  std::vector<std::size_t> siteHandles_;
  std::vector<std::vector<std::size_t>> rowHandles_, columnHandles_;  // per layer (index l − 1)
  std::vector<std::size_t> rowSenseIndex_, columnSenseIndex_;         // per layer: first saved node
  std::vector<Eigen::MatrixXd> conductances_;  // closed form: per layer, G (rows × columns, siemens)
  long reads_ = 0, closedFormChecks_ = 0;
};

}  // namespace memcosim::learning
