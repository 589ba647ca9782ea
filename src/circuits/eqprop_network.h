// The layered nonlinear resistive network that equilibrium propagation trains (docs/design.md, "EqProp",
// after Kendall et al. 2020, "Training end-to-end analog neural networks with equilibrium
// propagation", and the EBANA framework's circuit).
//
// Layer by layer, for inputs x_i already scaled into volts:
//
//   sources      every input as a ± pair: V(in<i>p) = +x_i, V(in<i>n) = −x_i, plus one bias
//                pair ±V_bias per layer (the "source nodes" of layer 1);
//   weights      a conductance from every source node of a layer to every node of the next
//                (an ideal resistor, or a memristor in its read view with its state held);
//   hidden node  h<l>_<j>: an antiparallel diode pair to ±V_shift bias sources
//                (D from h to +V_shift conducts above +V_shift, D from −V_shift to h below
//                −V_shift), a saturating nonlinearity with a linear middle;
//   amplifier    a bidirectional amplifier per hidden node: forward, a VCVS drives
//                a<l>_<j> at A·V(h); backward, the current the next layer draws from a<l>_<j>
//                (sensed by a 0 V source) is drawn from h scaled by 1/A (a CCCS). a<l>_<j>
//                and the next bias pair are the source nodes of layer l+1;
//   outputs      each output k as a node pair o<k>p, o<k>n; the prediction is
//                y_k = V(o<k>p) − V(o<k>n), and a current source into each output node
//                (0 in the free phase) nudges it.
//
// Weights are numbered layer by layer, source-major: weight w joins sourceNode(w) to
// targetNode(w), and its voltage drop is V(source) − V(target).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "circuits/weight_sites.h"
#include "spice/netlist.h"

namespace memcosim::circuits {

/// The circuit's shape and its fixed element values.
struct EqPropNetworkSpec {
  int inputs = 4;
  std::vector<int> hidden = {10};
  int outputs = 3;
  double biasVoltage_volt = 1.0;          // ±V_bias of every layer's bias pair
  double diodeShift_volt = 0.3;           // ±V_shift the diode pairs clamp against
  double amplifierGain = 4.0;             // A of the bidirectional amplifiers
  double diodeSaturation_ampere = 1e-12;  // diode model `is`
  double diodeEmission = 1.0;             // diode model `n`
};

class EqPropNetwork : public WeightSites {
 public:
  explicit EqPropNetwork(EqPropNetworkSpec spec);

  [[nodiscard]] const EqPropNetworkSpec& spec() const { return spec_; }
  [[nodiscard]] std::size_t weightCount() const override { return weights_.size(); }
  [[nodiscard]] const std::string& sourceNode(std::size_t weight) const { return weights_[weight].source; }
  [[nodiscard]] const std::string& targetNode(std::size_t weight) const { return weights_[weight].target; }
  /// Weight w's element: the resistor "R<w>" (ideal) or the read-view instance "X<w>" (device).
  [[nodiscard]] std::string resistor(std::size_t weight) const override;
  [[nodiscard]] std::string deviceInstance(std::size_t weight) const;
  /// The weight's layer (1-based).
  [[nodiscard]] int layerOf(std::size_t weight) const { return weights_[weight].layer; }
  /// The source inside deviceInstance(w) whose DC value is its state (named by devices/).
  [[nodiscard]] std::string stateSource(std::size_t weight) const override;

  /// Input source names: the + and − source of input i.
  [[nodiscard]] std::string inputSource(int input, bool positive) const;
  /// Nudging current source of output k's + or − node.
  [[nodiscard]] std::string nudgeSource(int output, bool positive) const;
  [[nodiscard]] std::string outputNode(int output, bool positive) const;
  /// The bias source of `layer` (1-based), + or −.
  [[nodiscard]] std::string biasSource(int layer, bool positive) const;
  /// Every node whose voltage the learning rule reads (source and target nodes of weights).
  [[nodiscard]] const std::vector<std::string>& nodes() const { return nodes_; }

  /// The deck: `values.conductances` (siemens, one per weight) as resistors, or with
  /// `values.device` memristor read views whose states are `values.states`. `inputs` sets the
  /// input sources' values (zero if empty). Options tighten ngspice's tolerances so that the
  /// voltage differences between the two phases are resolved (the nudge moves nodes by
  /// micro- to millivolts).
  [[nodiscard]] spice::Netlist netlist(const WeightValues& values,
                                       const std::vector<double>& inputs = {}) const override;

  [[nodiscard]] int inputCount() const override { return spec_.inputs; }
  [[nodiscard]] int outputCount() const override { return spec_.outputs; }
  /// o0p, o0n, o1p, o1n, …
  [[nodiscard]] std::vector<std::string> outputNodes() const override;
  /// The first layer's + bias source at V_bias.
  [[nodiscard]] FixedSource fixedSource() const override;

 private:
  struct Weight {
    std::string source, target;
    int layer;
  };
  EqPropNetworkSpec spec_;
  std::vector<Weight> weights_;
  std::vector<std::string> nodes_;
};

}  // namespace memcosim::circuits
