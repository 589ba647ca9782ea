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
// Converters (0 bits: none): a b-bit DAC rounds every row value and error drive a ∈ [−1, 1] to
// steps of 1/(2^(b−1) − 1) (and clips it there); a b-bit ADC rounds every amplifier current to
// steps of its full scale I_fs = adcRange·V_read·G_max over 2^(b−1) − 1, clipping at ±I_fs.
#pragma once

#include <Eigen/Dense>
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
  int dacBits = 0;        // 0: ideal drivers
  int adcBits = 0;        // 0: ideal amplifier outputs
  double adcRange = 4.0;  // full scale in units of V_read·G_max (4: four fully-on rows)
};

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
  void writeWeight(std::size_t w) override { circuit_.alter(siteHandles_[w], weights_.siteValue(w)); }

 private:
  [[nodiscard]] double dac(double value) const;
  [[nodiscard]] double adc(double current) const;
  /// Solves and returns the currents of layer l's amplifiers: the rows' or the columns'.
  Eigen::VectorXd currents(int layer, bool columns);

  solver::DcSolver& circuit_;
  const circuits::CrossbarNetwork& network_;
  WeightBank& weights_;
  CrossbarSettings settings_;
  std::vector<std::size_t> siteHandles_;
  std::vector<std::vector<std::size_t>> rowHandles_, columnHandles_;  // per layer (index l − 1)
  std::vector<std::size_t> rowSenseIndex_, columnSenseIndex_;         // per layer: first saved node
};

}  // namespace memcosim::learning
