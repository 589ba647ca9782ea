// A multilayer perceptron as memristor crossbar arrays (docs/design.md, "Crossbars"): every dense
// layer one array, every weight a differential pair of devices, read by transimpedance amplifiers.
//
// Layer l (1-based) maps n_{l−1} inputs to n_l outputs with an array of M = n_{l−1} + 1 rows
// (the last row is the bias, driven at the read voltage) and 2·n_l columns (column 2j carries
// G⁺, column 2j+1 carries G⁻ of output j). In each array:
//
//   row driver     Vr<l>_<i> at node r<l>_<i>: the row's read voltage in the forward read,
//                  0 V (a virtual ground) in the transposed read;
//   column end     Vc<l>_<c> at node c<l>_<c>: 0 V (the amplifier's virtual ground) in the
//                  forward read, the error signal in the transposed read;
//   amplifiers     a CCVS per row and per column, sr<l>_<i> = R_t·I(Vr<l>_<i>) and
//                  sc<l>_<c> = R_t·I(Vc<l>_<c>): the current into the driver's + terminal, as
//                  a voltage. Forward, I(Vc) = Σ_i G_ic·V_i; transposed, I(Vr) = Σ_c G_ic·V_c;
//   devices        from row i's crosspoint node to column c's (a resistor 1/G, or a memristor
//                  read view with its state held; current flows row → column when the row is
//                  higher);
//   wires          with a wire resistance r > 0, a resistor r per segment: from the row driver
//                  along the row to each crosspoint, and from each crosspoint down the column
//                  to its end, so IR drop acts on both reads. With r = 0 a row is one node and
//                  a column is one node.
//
// Coupled arrays (arrays = 2, for Tiki-Taka and Stochastic Hamiltonian Descent: learning/
// crossbar_backprop.h): each layer stacks a fast array A under the slow array C on the same
// columns. Rows 0 … n_{l−1} are C's (bias last), rows n_{l−1}+1 … 2n_{l−1}+1 are A's, driven at
// γ (fastGain) times the voltage of C's row of the same input, so a column sums C + γA; γ = 0
// leaves A out of the forward read (its rows at 0 V).
//
// Weights are numbered as circuits/differential_arrays.h numbers them.
#pragma once

#include <string>
#include <vector>

#include "circuits/differential_arrays.h"
#include "spice/netlist.h"

namespace memcosim::circuits {

/// A hidden layer's activation: sigmoid, tanh, or ReLU clipped at 1 (the row drivers' range).
enum class Activation { Sigmoid, Tanh, Relu };

/// "sigmoid", "tanh" or "relu"; throws std::invalid_argument otherwise.
Activation parseActivation(const std::string& name);
/// f(z) and f'(z).
double activate(Activation f, double z);
double activationSlope(Activation f, double z);

struct CrossbarNetworkSpec {
  int inputs = 4;
  std::vector<int> hidden = {10};
  int outputs = 3;
  double readVoltage_volt = 0.2;                // the bias row's voltage; rows read at up to ± this
  double wireResistance_ohm = 0.0;              // per segment between crosspoints (0: ideal wires)
  double transresistance_ohm = 1e5;             // R_t of the row and column amplifiers
  Activation activation = Activation::Sigmoid;  // of the hidden layers (applied between arrays)
  int arrays = 1;                               // 1, or 2: a fast array A under the slow array C
  double fastGain = 0.0;                        // γ: A's rows at γ times C's row voltages (arrays = 2)
};

class CrossbarNetwork : public DifferentialArrays {
 public:
  explicit CrossbarNetwork(CrossbarNetworkSpec spec);

  [[nodiscard]] const CrossbarNetworkSpec& spec() const { return spec_; }
  [[nodiscard]] std::string resistor(std::size_t weight) const override;
  [[nodiscard]] std::string deviceInstance(std::size_t weight) const;
  [[nodiscard]] std::string stateSource(std::size_t weight) const override;

  /// Row i's driver of layer l (i = layerInputs(l) is the bias row; with two arrays, A's rows
  /// follow C's) and its amplifier's node.
  [[nodiscard]] std::string rowSource(int layer, int row) const;
  [[nodiscard]] std::string rowSense(int layer, int row) const;
  /// Column c's end source of layer l and its amplifier's node.
  [[nodiscard]] std::string columnSource(int layer, int column) const;
  [[nodiscard]] std::string columnSense(int layer, int column) const;
  /// Every amplifier node: the rows and then the columns of each layer in turn.
  [[nodiscard]] std::vector<std::string> senseNodes() const;

  /// With `inputs` empty, the deck training loads: every array with `values` as its devices,
  /// every row driver at zero but the bias rows', every column end at 0 V; reads are set by
  /// altering the sources. With `inputs` (volts), the classifier as one standalone deck: the
  /// first array's rows at `inputs`, every later array's rows driven at V_read·f(z) of the array
  /// before by saturating amplifiers (spice::SaturatingVcvs, which gnucap expresses too; z from
  /// its column amplifiers and `values.gMax`), and each output k as the node pair o<k>p, o<k>n
  /// whose difference is the last array's z_k. Peripheral converters (learning/crossbar_backprop.h)
  /// are not part of it.
  [[nodiscard]] spice::Netlist netlist(const WeightValues& values,
                                       const std::vector<double>& inputs = {}) const override;

  [[nodiscard]] int inputCount() const override { return spec_.inputs; }
  [[nodiscard]] int outputCount() const override { return spec_.outputs; }
  /// o0p, o0n, o1p, … of the standalone deck: V(o<k>p) − V(o<k>n) = z_k.
  [[nodiscard]] std::vector<std::string> outputNodes() const override;
  /// The first layer's bias row at the read voltage.
  [[nodiscard]] FixedSource fixedSource() const override;

 private:
  [[nodiscard]] std::string rowNode(int layer, int row, int column) const;
  [[nodiscard]] std::string columnNode(int layer, int row, int column) const;
  void addArray(spice::Netlist& n, int layer, const WeightValues& values, const std::vector<double>& inputs) const;
  /// The amplifier voltage of a column current V_read·G_max: z_j = (v(sc_2j) − v(sc_2j+1)) / unit.
  [[nodiscard]] double unitVoltage(double gMax) const;

  CrossbarNetworkSpec spec_;
};

}  // namespace memcosim::circuits
