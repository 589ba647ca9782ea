// A fully memristive spiking network (MEMprop; docs/design.md, "Spiking networks"): layers of
// memristive neurons (circuits/memristive_neuron.h) joined by synapse arrays of differential
// conductance pairs.
//
// Layer l (1-based) has n_{l−1} + 1 rows (the last is a bias row at V_bias) and 2·n_l columns
// (column 2j carries G⁺, 2j+1 carries G⁻ of neuron j), numbered as circuits/differential_arrays.h
// numbers them.
// Neuron j's input current is I_j = Σ_r (G⁺_rj − G⁻_rj) u_r with its column at a virtual
// ground. Row voltages u_r:
//   layer 1      the encoded input: `direct` holds feature x_r (volts) for every step;
//                `latency` drives V_spike for `latencyWidth` steps starting at step
//                round((1 − (x − lo)/(hi − lo))·(T − latencyWidth)): large features fire early;
//                `rate` drives V_spike in each step with probability (x − lo)/(hi − lo), drawn
//                from a stream seeded by the sample's own values (FNV-1a of their bytes), so a
//                sample always gets the same spike train, in training and in its exported deck;
//   layer l > 1  R_out · i1_r, the firing-device current of neuron r of layer l−1 (a spike is a
//                current pulse through that device), turned into a voltage by a transresistance.
// The readout gives each last-layer neuron's output y_j:
//   membrane     the mean membrane voltage over the T step ends, y_j = (1/T) Σ_{k=1..T} v_j(k·dt),
//                in volts;
//   spike count  a soft count of the firing device's state x1 rising through the spike level L:
//                y_j = Σ_n [s(x1_j(t_n)) − s(x1_j(t_{n−1}))]⁺ over the substep ends, with
//                s(x) = σ((x − L)/w). Each rise of x1 from below L to above it adds about one,
//                a wobble that stays on one side adds little; as the width w → 0 it is the
//                number of upward crossings, the neuron's spike count at substep resolution.
//                It is piecewise smooth in the states (its adjoint takes the kink's one-sided
//                slope), and the same sum over the ngspice transient's x1 resampled at the
//                substep ends. (The spikes of this neuron are graded: x1 peaks anywhere from
//                L to near 1 and need not relax to 0, so a plain total rise of x1 would not count.)
//
// The whole network is one ODE in (v, x1, x2) of every neuron, integrated natively by the same
// Heun substeps as a single neuron (NeuronDynamics), all layers together, so the coupling
// between layers is continuous as in the circuit. backward() is its exact adjoint
// (backpropagation through time of the discretised dynamics, no surrogate): for a substep
//     Y* = Y + h F(Y),  Y' = Y + (h/2)[F(Y) + F(Y*)],
// with λ' = ∂L/∂Y' and μ = (h/2) λ',
//     λ* = J(Y*)ᵀ μ,   ν = μ + h λ*,   λ = λ' + λ* + J(Y)ᵀ ν,
//     ∂L/∂W += (∂F/∂W at Y*)ᵀ μ + (∂F/∂W at Y)ᵀ ν,
// J the Jacobian of F from the device definition's first derivatives. The clip of x into its
// bounds is treated as the identity (the threshold switch's rate keeps x inside them).
//
// The ngspice deck is the same network as a transient: the first layer's rows are sources
// with the encoded waveforms; each hidden neuron's firing device returns through a 0 V sense
// source, and two current-controlled voltage sources drive its rows at ±R_out·i1.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "circuits/differential_arrays.h"
#include "circuits/memristive_neuron.h"

namespace memcosim::spice {
class Session;
}

namespace memcosim::circuits {

enum class SpikeEncoding { Direct, Latency, Rate };
/// "direct", "latency" or "rate"; throws std::invalid_argument otherwise.
SpikeEncoding parseSpikeEncoding(const std::string& name);

enum class SpikeReadout { Membrane, SpikeCount };
/// "membrane" or "spike_count"; throws std::invalid_argument otherwise.
SpikeReadout parseSpikeReadout(const std::string& name);

struct SpikingNetworkSpec {
  int inputs = 4;
  std::vector<int> hidden = {10};
  int outputs = 3;
  NeuronSpec neuron;
  TimeGrid grid{25, 1e-6, 10};
  SpikeEncoding encoding = SpikeEncoding::Direct;
  SpikeReadout readout = SpikeReadout::Membrane;
  double countWidth = 0.05;    ///< w of the spike-count readout's s(x) = σ((x − spike level)/w)
  double inputLow_volt = 0.0;  ///< the features' range (latency encoding)
  double inputHigh_volt = 0.5;
  double spikeVoltage_volt = 0.5;          ///< latency encoding: an input spike's row voltage
  int latencyWidth = 2;                    ///< latency encoding: steps an input spike lasts
  double biasVoltage_volt = 0.2;           ///< every bias row
  double outputTransresistance_ohm = 5e3;  ///< R_out: hidden firing current → next layer's rows
  int checkSamples = 100;  ///< after training: test samples also classified by the ngspice transient (0: none)
  /// After training with ideal conductances: a physical model whose devices are programmed to the
  /// learned conductances (write-verify), and the test set classified again with them; empty: none.
  std::string programDevice;
};

/// The state of every neuron, layer by layer, at one instant.
struct NetworkState {
  std::vector<Eigen::VectorXd> v, x1, x2;  // [layer − 1](neuron)
};

/// A forward run: the state after every substep (substeps·steps + 1 of them) and the outputs.
struct NetworkRun {
  std::vector<NetworkState> states;
  Eigen::VectorXd outputs;
  std::vector<std::vector<int>> outputSpikes;  // per output neuron, steps with x1 rising through the level
};

class SpikingNetwork : public DifferentialArrays {
 public:
  /// Throws std::invalid_argument naming the field for a bad spec (sizes, neuron, grid,
  /// voltages, an unstable substep).
  explicit SpikingNetwork(SpikingNetworkSpec spec);

  [[nodiscard]] const SpikingNetworkSpec& spec() const { return spec_; }
  /// The signed weights W_l = G⁺ − G⁻ ((n_{l−1} + 1) × n_l per layer) of `conductances`.
  [[nodiscard]] std::vector<Eigen::MatrixXd> signedWeights(const std::vector<double>& conductances) const;
  /// Row voltages of the first layer at every step (steps × inputs) for one sample's features.
  [[nodiscard]] Eigen::MatrixXd encode(const Eigen::VectorXd& features) const;

  /// The native forward run of one sample. Throws std::runtime_error naming the step on a
  /// non-finite state.
  [[nodiscard]] NetworkRun forward(const std::vector<Eigen::MatrixXd>& weights, const Eigen::VectorXd& features) const;
  /// ∂L/∂G for every weight (G⁺: +∂L/∂W, G⁻: −∂L/∂W) given ∂L/∂y of the run's outputs.
  [[nodiscard]] Eigen::VectorXd backward(const std::vector<Eigen::MatrixXd>& weights, const Eigen::VectorXd& features,
                                         const NetworkRun& run, const Eigen::VectorXd& outputGradient) const;

  // WeightSites
  [[nodiscard]] std::string resistor(std::size_t weight) const override;
  [[nodiscard]] std::string stateSource(std::size_t weight) const override;
  /// The transient deck of one sample (inputs: its features; zero if empty), `.tran … uic`,
  /// printing every output membrane voltage; device weights as read views holding their states.
  [[nodiscard]] spice::Netlist netlist(const WeightValues& values,
                                       const std::vector<double>& inputs = {}) const override;
  [[nodiscard]] int inputCount() const override { return spec_.inputs; }
  [[nodiscard]] int outputCount() const override { return spec_.outputs; }
  /// The output neurons' membrane nodes.
  [[nodiscard]] std::vector<std::string> outputNodes() const override;
  [[nodiscard]] FixedSource fixedSource() const override;
  /// The outputs of one sample from the ngspice transient of netlist(values, features):
  /// readout() of each readoutVectors() entry. Throws std::runtime_error naming the vector for a
  /// non-finite value.
  [[nodiscard]] Eigen::VectorXd ngspiceOutputs(spice::Session& session, const WeightValues& values,
                                               const Eigen::VectorXd& features) const;
  /// The transient vector each output is read from, as the deck prints it: the membrane voltage
  /// for the membrane readout, the firing device's state node for the spike count.
  [[nodiscard]] std::vector<std::string> readoutVectors() const;
  /// Output y_j from its readout vector's values at the times of a transient: resampled at the
  /// step ends (membrane) or substep ends (spike count), then the readout's mean or soft count.
  [[nodiscard]] double readout(const std::vector<double>& time, const std::vector<double>& values) const;

 private:
  struct Stage;  // one evaluation of F with everything backward() needs
  void rate(const std::vector<Eigen::MatrixXd>& weights, const NetworkState& y, const Eigen::VectorXd& inputRow,
            NetworkState& f, Stage* stage) const;
  [[nodiscard]] Eigen::VectorXd inputAt(const Eigen::MatrixXd& encoded, int step, int substep, bool end) const;

  /// The device states clipped into their bounds, as every Heun stage leaves them.
  void clip(NetworkState& y) const;
  /// s(x) = σ((x − L)/w) of the spike-count readout, and its slope.
  [[nodiscard]] double countStep(double x) const;
  [[nodiscard]] double countStepSlope(double x) const;
  /// Σ_n [s(x1_n) − s(x1_{n−1})]⁺ of a state sequence at the substep ends.
  [[nodiscard]] double softCount(const std::vector<double>& x1) const;

  SpikingNetworkSpec spec_;
  devices::NativeDevice device_;
};

}  // namespace memcosim::circuits
