// The EqProp network as a netlist: input, bias and shift sources, weight resistors or memristors, diodes.
#include "circuits/eqprop_network.h"

#include <stdexcept>

#include "devices/model_views.h"

namespace memcosim::circuits {

namespace {

constexpr const char* kDiodeModel = "dshift";
constexpr const char* kReadView = "weight_read";

std::string hiddenNode(int layer, int j) { return "h" + std::to_string(layer) + "_" + std::to_string(j); }
std::string amplifiedNode(int layer, int j) { return "a" + std::to_string(layer) + "_" + std::to_string(j); }
std::string biasNode(int layer, bool positive) { return "b" + std::to_string(layer) + (positive ? "p" : "n"); }

}  // namespace

EqPropNetwork::EqPropNetwork(EqPropNetworkSpec spec) : spec_(std::move(spec)) {
  if (spec_.inputs < 1 || spec_.outputs < 1) throw std::invalid_argument("network: inputs and outputs must be ≥ 1");
  for (int size : spec_.hidden)
    if (size < 1) throw std::invalid_argument("network: every hidden layer needs ≥ 1 node");
  if (spec_.amplifierGain <= 0.0) throw std::invalid_argument("network: amplifier gain must be > 0");
  if (spec_.biasVoltage_volt <= 0.0) throw std::invalid_argument("network: bias voltage must be > 0");
  if (spec_.diodeShift_volt < 0.0) throw std::invalid_argument("network: diode shift must be ≥ 0");

  std::vector<std::string> sources;
  for (int i = 0; i < spec_.inputs; ++i) {
    sources.push_back("in" + std::to_string(i) + "p");
    sources.push_back("in" + std::to_string(i) + "n");
  }
  const int layers = static_cast<int>(spec_.hidden.size()) + 1;
  for (int layer = 1; layer <= layers; ++layer) {
    sources.push_back(biasNode(layer, true));
    sources.push_back(biasNode(layer, false));
    std::vector<std::string> targets;
    if (layer < layers) {
      for (int j = 0; j < spec_.hidden[layer - 1]; ++j) targets.push_back(hiddenNode(layer, j));
    } else {
      for (int k = 0; k < spec_.outputs; ++k) {
        targets.push_back(outputNode(k, true));
        targets.push_back(outputNode(k, false));
      }
    }
    for (const auto& s : sources)
      for (const auto& t : targets) weights_.push_back({s, t, layer});
    nodes_.insert(nodes_.end(), sources.begin(), sources.end());
    sources.clear();
    if (layer < layers) {
      for (int j = 0; j < spec_.hidden[layer - 1]; ++j) sources.push_back(amplifiedNode(layer, j));
    } else {
      nodes_.insert(nodes_.end(), targets.begin(), targets.end());
    }
  }
  // Hidden nodes are targets of one layer; amplified nodes were added as sources.
  for (int layer = 1; layer < layers; ++layer)
    for (int j = 0; j < spec_.hidden[layer - 1]; ++j) nodes_.push_back(hiddenNode(layer, j));
}

std::string EqPropNetwork::resistor(std::size_t weight) const { return "R" + std::to_string(weight); }

std::string EqPropNetwork::deviceInstance(std::size_t weight) const { return "X" + std::to_string(weight); }

std::string EqPropNetwork::stateSource(std::size_t weight) const {
  return devices::readViewStateSource(deviceInstance(weight));
}

std::string EqPropNetwork::biasSource(int layer, bool positive) const {
  return "Vb" + std::to_string(layer) + (positive ? "p" : "n");
}

std::vector<std::string> EqPropNetwork::outputNodes() const {
  std::vector<std::string> nodes;
  for (int k = 0; k < spec_.outputs; ++k) {
    nodes.push_back(outputNode(k, true));
    nodes.push_back(outputNode(k, false));
  }
  return nodes;
}

FixedSource EqPropNetwork::fixedSource() const { return {biasSource(1, true), spec_.biasVoltage_volt}; }

std::string EqPropNetwork::inputSource(int input, bool positive) const {
  return "Vin" + std::to_string(input) + (positive ? "p" : "n");
}

std::string EqPropNetwork::nudgeSource(int output, bool positive) const {
  return "Inudge" + std::to_string(output) + (positive ? "p" : "n");
}

std::string EqPropNetwork::outputNode(int output, bool positive) const {
  return "o" + std::to_string(output) + (positive ? "p" : "n");
}

spice::Netlist EqPropNetwork::netlist(const WeightValues& values, const std::vector<double>& inputs) const {
  const auto& conductances = values.conductances;
  const auto& device = values.device;
  const auto& states = values.states;
  checkWeightValues("network", values, weights_.size(), inputs, spec_.inputs);
  spice::Netlist n = preciseNetlist("memcosim EqProp network");
  n.addModel(spice::Model{kDiodeModel, "D", {{"is", spec_.diodeSaturation_ampere}, {"n", spec_.diodeEmission}}});

  for (int i = 0; i < spec_.inputs; ++i) {
    const double x = inputs.empty() ? 0.0 : inputs[i];
    n.add(spice::VoltageSource{{inputSource(i, true), "in" + std::to_string(i) + "p", "0", x}});
    n.add(spice::VoltageSource{{inputSource(i, false), "in" + std::to_string(i) + "n", "0", -x}});
  }
  const int layers = static_cast<int>(spec_.hidden.size()) + 1;
  for (int layer = 1; layer <= layers; ++layer) {
    n.add(spice::VoltageSource{{biasSource(layer, true), biasNode(layer, true), "0", spec_.biasVoltage_volt}});
    n.add(spice::VoltageSource{{biasSource(layer, false), biasNode(layer, false), "0", -spec_.biasVoltage_volt}});
  }
  if (!spec_.hidden.empty()) {
    n.add(spice::VoltageSource{{"Vshiftp", "shiftp", "0", spec_.diodeShift_volt}});
    n.add(spice::VoltageSource{{"Vshiftn", "shiftn", "0", -spec_.diodeShift_volt}});
  }
  for (int layer = 1; layer < layers; ++layer) {
    for (int j = 0; j < spec_.hidden[layer - 1]; ++j) {
      const std::string h = hiddenNode(layer, j), a = amplifiedNode(layer, j);
      const std::string id = std::to_string(layer) + "_" + std::to_string(j);
      n.add(spice::Diode{"Dp" + id, h, "shiftp", kDiodeModel, std::nullopt});
      n.add(spice::Diode{"Dn" + id, "shiftn", h, kDiodeModel, std::nullopt});
      n.add(spice::Vcvs{"Ea" + id, "e" + id, "0", h, "0", spec_.amplifierGain});
      n.add(spice::VoltageSource{{"Vsense" + id, "e" + id, a, 0.0}});
      n.add(spice::Cccs{"Fa" + id, h, "0", "Vsense" + id, 1.0 / spec_.amplifierGain});
    }
  }
  for (int k = 0; k < spec_.outputs; ++k) {
    n.add(spice::CurrentSource{{nudgeSource(k, true), "0", outputNode(k, true), 0.0}});
    n.add(spice::CurrentSource{{nudgeSource(k, false), "0", outputNode(k, false), 0.0}});
  }

  if (device) {
    const auto& model = device->parameters->model();
    n.addSubcircuit(devices::readView(model, kReadView));
    const spice::ParameterList fitted = devices::instanceParameters(device->parameters->values());
    for (std::size_t w = 0; w < weights_.size(); ++w) {
      spice::ParameterList parameters = fitted;
      parameters.emplace_back("x", states[w]);
      // The read view's + pin is the source node: its current flows source → target.
      n.add(spice::SubcircuitInstance{
          deviceInstance(w), {weights_[w].source, weights_[w].target}, kReadView, std::move(parameters)});
    }
  } else {
    for (std::size_t w = 0; w < weights_.size(); ++w) {
      if (!(conductances[w] > 0.0))
        throw std::invalid_argument("network: weight " + std::to_string(w) + " has conductance " +
                                    std::to_string(conductances[w]) + " S; it must be > 0");
      n.add(spice::Resistor{resistor(w), weights_[w].source, weights_[w].target, 1.0 / conductances[w]});
    }
  }
  n.addAnalysis(spice::OperatingPointAnalysis{});
  return n;
}

}  // namespace memcosim::circuits
