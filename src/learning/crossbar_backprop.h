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
// Writes. Each device's pulses are the bank's (its write policy turns the optimiser's step into
// a pulse count and polarity). With WriteScheme::Isolated every device is written alone and no
// other device sees a voltage. The parallel schemes write an array row by row, set pulses first
// and then reset pulses: for row r, in pulse slot k = 1 … K_r (K_r its largest count of the
// phase's polarity), the row is driven at the pulse amplitude V_p and the columns whose device
// in row r takes a k-th pulse are held at 0 V, so each selected device sees V_p. The other
// lines are biased so that no unselected device sees more than a fraction of it:
//   V/2: unselected rows and columns at V_p/2. The unselected devices of row r and the devices
//        of the other rows in selected columns see V_p/2 (half-selected); the rest 0.
//   V/3: unselected rows at V_p/3, unselected columns at 2V_p/3. Half-selected devices see
//        V_p/3; the devices of other rows in unselected columns see −V_p/3.
// Over a phase, device (i, c) is half-selected in K_i − n_ic slots of its own row and in
// Σ_{r≠i} n_rc slots of the others, and (V/3) sees −V_p/3 in the remaining Σ_{r≠i} K_r − n_rc.
// After the bank has written the selected pulses, each device takes its half-select pulses as
// disturb pulses of its physical model's write view (WeightBank::disturb: the model's state
// equation under V_p/2 or ±V_p/3 for the pulse width, below a threshold no change), the
// positive ones first. A device's polarity in the batch is the sign of its conductance change
// (at a bound, the bound it is pressed against). The parallel schemes need a physical model.
//
// Coupled arrays for asymmetric devices (algorithm ≠ SGD; the network has arrays = 2, a fast
// array A under the slow array C: circuits/crossbar_network.h). Per mini-batch, in the notation
// of Gokmen & Haensch (Front. Neurosci. 14:103, 2020) and Onen, Gokmen et al. (arXiv 2201.13377):
//   Tiki-Taka v1: the forward read sums W = γA + C (A's rows at γ times C's row voltages) and
//     the transposed read gives W_effᵀδ = (C-rows' currents) + γ(A-rows' currents). The
//     gradient ∇_W L(γA + C) is applied to A by the trainer's optimiser (A ← A − η∇ as pulses);
//     C takes no gradient. Every k = transfer_every batches one row r of A (the next in turn,
//     bias row included; in the papers' out×in notation a column) is read by driving A's row r
//     alone at V_read, v_j = (I_2j − I_2j+1)/(V_read·G_max) = A_rj, and written into C's row:
//     C_r· ← C_r· + α·v (α = transfer_rate), ΔG = ±α·v_j·G_max/2 on the pair's two devices.
//   Stochastic Hamiltonian Descent: A is the momentum p of W = C, outside the forward read
//     (γ = 0): after the optimiser's step p ← p − η∇_W L(W) (as pulses, the devices' asymmetry
//     acting as friction), every row of A is read as above and W ← W + λ·p (λ = hamiltonian_rate)
//     is written into C, both arrays updated every batch. The full text of the paper was not
//     available; this is the coupled update as docs/design.md states it.
//   TTv2 (Gokmen, Front. Artif. Intell. 4:699148, 2021) and chopped TTv2 (c-TTv2; Rasch, Carta,
//     Fagbohungbe & Gokmen, arXiv 2303.04721, 2023): W = C (γ = 0). Every batch A_i· ← A_i· −
//     η·c_i·∇_{W_i·}L, with c_i = ±1 the chopper of input row i (always +1 in TTv2). Every
//     k = transfer_every batches one row r of A (in turn) is read, v = A_r·, into a digital
//     buffer H_r· ← H_r· + β·c_r·v (β = transfer_rate); where |H_rj| ≥ θ (θ = buffer_threshold)
//     C_rj ← C_rj + n·θ with n = trunc(H_rj/θ), written as a Tiki-Taka transfer, and H_rj ← H_rj −
//     n·θ. After its read, c_r flips with probability p (chop_probability). A's drift towards
//     its symmetry point is a bias b under the chopped gradient: read back as c_r(c_r·g + b) =
//     g + c_r·b it averages out of H as c_r flips, where TTv2 carries it into C.
// Before training, every pair of A is programmed to zero (G⁻ written to its partner's G⁺)
// through the bank, so A starts at its symmetry point for identical devices and those writes
// are counted. The transfer schedule (and TTv2's buffers, choppers and chopper draws) is the
// estimator's checkpointed state.
//
// Converters (0 bits: none): a b-bit DAC rounds every row value and error drive a ∈ [−1, 1] to
// steps of 1/(2^(b−1) − 1) (and clips it there); a b-bit ADC rounds every amplifier current to
// steps of its full scale I_fs = adcRange·V_read·G_max over 2^(b−1) − 1, clipping at ±I_fs.
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "circuits/crossbar_network.h"
#include "learning/gradient_estimator.h"
#include "learning/loss.h"
#include "learning/weights.h"
#include "solver/dc_solver.h"

namespace memcosim::learning {

/// How an array's pulses are applied (header comment): each device alone, or row by row with
/// the unselected lines at V/2 or V/3.
enum class WriteScheme { Isolated, HalfVoltage, ThirdVoltage };
/// "isolated", "v/2" or "v/3"; std::invalid_argument otherwise.
WriteScheme parseWriteScheme(const std::string& name);

/// How the arrays learn (header comment, "Coupled arrays").
enum class Algorithm { Sgd, TikiTaka, Hamiltonian, BufferedTransfer };
/// "sgd", "tiki-taka", "shd", or "ttv2" and "c-ttv2" (both BufferedTransfer; c-TTv2 is TTv2
/// with chop_probability > 0); std::invalid_argument otherwise.
Algorithm parseAlgorithm(const std::string& name);

struct CrossbarSettings {
  Loss loss;
  int dacBits = 0;          // 0: ideal drivers
  int adcBits = 0;          // 0: ideal amplifier outputs
  double adcRange = 4.0;    // full scale in units of V_read·G_max (4: four fully-on rows)
  bool closedForm = false;  // reads as matrix products where the arrays allow (header comment)
  WriteScheme writeScheme = WriteScheme::Isolated;
  Algorithm algorithm = Algorithm::Sgd;  // all but SGD need the network's two arrays
  int transferEvery = 1;                 // Tiki-Taka, TTv2: batches between transfers of one row of A
  double transferRate = 1.0;             // Tiki-Taka: α; TTv2: β
  double hamiltonianRate = 0.1;          // SHD: λ
  double bufferThreshold = 0.01;         // TTv2: θ, in weight units (W = (G⁺ − G⁻)/G_max)
  double chopProbability = 0.0;          // TTv2: p, a row's chopper flip after its read (0: TTv2)
  std::uint64_t seed = 1;                // the chopper flips' draws
};

/// Relative disagreement between a closed-form read and the circuit's that stops a run.
inline constexpr double kClosedFormTolerance = 1e-9;

/// Whether a closed-form read agrees with the circuit's: within kClosedFormTolerance of the larger
/// of the read's largest current and fullScale_amp, one full-scale device's read current. The
/// floor keeps a read of an all but vanishing drive (a backward read of a settled error, ~1e-100 V)
/// from comparing the solver's round-off with itself; at 1e-9 of a device's current such a read
/// moves no weight.
bool closedFormAgrees(const Eigen::VectorXd& closed, const Eigen::VectorXd& solved, double fullScale_amp);

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
  /// The parallel write's half-select disturb of the update just applied (header comment).
  void afterUpdate() override;
  /// Half-select pulses applied to devices so far (0 with WriteScheme::Isolated).
  [[nodiscard]] long long halfSelectPulses() const { return halfSelectPulses_; }

  /// Rows of A transferred into C (Tiki-Taka, SHD) or read into the buffer (TTv2) so far.
  [[nodiscard]] long long transfers() const { return transfers_; }
  [[nodiscard]] nlohmann::json save() const override;
  void restore(const nlohmann::json& saved) override;

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
  /// Row i of layer l's fast array A as weights, A_i· = (G⁺ − G⁻)/G_max, by a read with that
  /// row alone at V_read (a matrix row in closed form).
  Eigen::VectorXd readFastRow(int layer, int row);
  /// Adds Δ·G_max/2 to C's device (layer, row, 2j) and subtracts it from (layer, row, 2j + 1).
  void writeSlowRow(int layer, int row, const Eigen::VectorXd& delta);
  /// Tiki-Taka's transfer or SHD's coupled update after a batch.
  void transfer();
  /// TTv2's read of one row of A into the buffer, the buffer's whole thresholds into C, and
  /// (c-TTv2) the row chopper's flip.
  void bufferedTransfer(int layer, int row);
  /// TTv2's part of restore(): buffers, choppers and the chopper draws, checked.
  void restoreBuffers(const nlohmann::json& saved);
  /// Weight w's entry in its layer's conductance matrix (closed form only).
  double& conductanceEntry(std::size_t w);
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
  // Parallel writes: conductances and pulse counts when the batch's estimate began.
  std::vector<double> batchStartConductances_;
  std::vector<std::int64_t> batchStartPulses_;
  long long halfSelectPulses_ = 0;
  // Coupled arrays: batches since the start and the next row of A to transfer, per layer.
  long long batches_ = 0, transfers_ = 0;
  std::vector<int> nextRow_;
  // TTv2: per layer the buffer H (rows × outputs) and the row choppers (±1); the flips' draws.
  std::vector<Eigen::MatrixXd> buffers_;
  std::vector<std::vector<int>> choppers_;
  std::mt19937_64 chopDraws_;
};

}  // namespace memcosim::learning
