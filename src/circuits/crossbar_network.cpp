// The crossbar arrays as a netlist: row drivers, column ends, amplifiers, wires and devices.
#include "circuits/crossbar_network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "devices/model_views.h"

namespace memcosim::circuits {

namespace {

constexpr const char* kReadView = "weight_read";

std::string id(int layer, int index) { return std::to_string(layer) + "_" + std::to_string(index); }

}  // namespace

Activation parseActivation(const std::string& name) {
  if (name == "sigmoid") return Activation::Sigmoid;
  if (name == "tanh") return Activation::Tanh;
  if (name == "relu") return Activation::Relu;
  throw std::invalid_argument("unknown activation \"" + name + "\" (known: sigmoid, tanh, relu)");
}

double activate(Activation f, double z) {
  switch (f) {
    case Activation::Sigmoid:
      return 1.0 / (1.0 + std::exp(-z));
    case Activation::Tanh:
      return std::tanh(z);
    case Activation::Relu:
      return std::clamp(z, 0.0, 1.0);
  }
  return z;
}

double activationSlope(Activation f, double z) {
  switch (f) {
    case Activation::Sigmoid: {
      const double s = 1.0 / (1.0 + std::exp(-z));
      return s * (1.0 - s);
    }
    case Activation::Tanh: {
      const double t = std::tanh(z);
      return 1.0 - t * t;
    }
    case Activation::Relu:
      return z > 0.0 && z < 1.0 ? 1.0 : 0.0;
  }
  return 1.0;
}

CrossbarNetwork::CrossbarNetwork(CrossbarNetworkSpec spec)
    : DifferentialArrays("crossbar", layerSizes(spec.inputs, spec.hidden, spec.outputs), spec.arrays == 2 ? 2 : 1),
      spec_(std::move(spec)) {
  if (!(spec_.readVoltage_volt > 0.0)) throw std::invalid_argument("crossbar: read voltage must be > 0");
  if (!(spec_.wireResistance_ohm >= 0.0)) throw std::invalid_argument("crossbar: wire resistance must be ≥ 0");
  if (!(spec_.transresistance_ohm > 0.0)) throw std::invalid_argument("crossbar: transresistance must be > 0");
  if (spec_.arrays != 1 && spec_.arrays != 2) throw std::invalid_argument("crossbar: arrays must be 1 or 2");
  if (!(spec_.fastGain >= 0.0) || !std::isfinite(spec_.fastGain))
    throw std::invalid_argument("crossbar: the fast array's gain must be finite and ≥ 0");
}

std::string CrossbarNetwork::resistor(std::size_t weight) const { return "R" + std::to_string(weight); }

std::string CrossbarNetwork::deviceInstance(std::size_t weight) const { return "X" + std::to_string(weight); }

std::string CrossbarNetwork::stateSource(std::size_t weight) const {
  return devices::readViewStateSource(deviceInstance(weight));
}

std::string CrossbarNetwork::rowSource(int layer, int row) const { return "Vr" + id(layer, row); }
std::string CrossbarNetwork::rowSense(int layer, int row) const { return "sr" + id(layer, row); }
std::string CrossbarNetwork::columnSource(int layer, int column) const { return "Vc" + id(layer, column); }
std::string CrossbarNetwork::columnSense(int layer, int column) const { return "sc" + id(layer, column); }

std::string CrossbarNetwork::rowNode(int layer, int row, int column) const {
  const std::string driver = "r" + id(layer, row);
  return spec_.wireResistance_ohm > 0.0 ? driver + "_" + std::to_string(column) : driver;
}

std::string CrossbarNetwork::columnNode(int layer, int row, int column) const {
  const std::string end = "c" + id(layer, column);
  return spec_.wireResistance_ohm > 0.0 ? end + "_" + std::to_string(row) : end;
}

std::vector<std::string> CrossbarNetwork::senseNodes() const {
  std::vector<std::string> nodes;
  for (int layer = 1; layer <= layers(); ++layer) {
    for (int i = 0; i < layerRows(layer); ++i) nodes.push_back(rowSense(layer, i));
    for (int c = 0; c < 2 * layerOutputs(layer); ++c) nodes.push_back(columnSense(layer, c));
  }
  return nodes;
}

std::vector<std::string> CrossbarNetwork::outputNodes() const {
  std::vector<std::string> nodes;
  for (int k = 0; k < spec_.outputs; ++k) {
    nodes.push_back("o" + std::to_string(k) + "p");
    nodes.push_back("o" + std::to_string(k) + "n");
  }
  return nodes;
}

double CrossbarNetwork::unitVoltage(double gMax) const {
  return spec_.transresistance_ohm * spec_.readVoltage_volt * gMax;
}

FixedSource CrossbarNetwork::fixedSource() const { return {rowSource(1, spec_.inputs), spec_.readVoltage_volt}; }

void CrossbarNetwork::addArray(spice::Netlist& n, int layer, const WeightValues& values,
                               const std::vector<double>& inputs) const {
  const int inputsPlusBias = layerInputs(layer) + 1, rows = layerRows(layer), columns = 2 * layerOutputs(layer);
  const double wire = spec_.wireResistance_ohm;
  const bool chained = !inputs.empty() && layer > 1;  // rows driven by the array before
  for (int i = 0; i < rows; ++i) {
    const int k = i % inputsPlusBias;                               // the input (or bias) the row carries
    const double gain = i < inputsPlusBias ? 1.0 : spec_.fastGain;  // A's rows at γ times C's
    double v = 0.0;
    if (k == inputsPlusBias - 1)
      v = gain * spec_.readVoltage_volt;
    else if (layer == 1 && !inputs.empty())
      v = gain * inputs[static_cast<std::size_t>(k)];
    if (chained && k < inputsPlusBias - 1 && gain > 0.0) {
      // γ·V_read·f(z) with z = x/unit, x the column pair's amplifier difference, as a saturating
      // amplifier (sigmoid(z) = ½ + ½·tanh(z/2): the row driver adds the ½·V_read).
      const double vr = gain * spec_.readVoltage_volt, unit = unitVoltage(values.gMax);
      spice::SaturatingVcvs f{"Ed" + id(layer, i), "d" + id(layer, i), "0", columnSense(layer - 1, 2 * k),
                              columnSense(layer - 1, 2 * k + 1)};
      double offset = 0.0;
      switch (spec_.activation) {
        case Activation::Sigmoid:
          f.limit = vr / 2;
          f.gain = vr / (4 * unit);
          offset = vr / 2;
          break;
        case Activation::Tanh:
          f.limit = vr;
          f.gain = vr / unit;
          break;
        case Activation::Relu:
          f.shape = spice::SaturatingVcvs::Shape::Clip;
          f.limit = vr;
          f.gain = vr / unit;
          break;
      }
      n.add(spice::VoltageSource{{rowSource(layer, i), "r" + id(layer, i), f.positive, offset}});
      n.add(std::move(f));
    } else {
      n.add(spice::VoltageSource{{rowSource(layer, i), "r" + id(layer, i), "0", v}});
    }
    n.add(spice::Ccvs{"Hr" + id(layer, i), rowSense(layer, i), "0", rowSource(layer, i), spec_.transresistance_ohm});
  }
  for (int c = 0; c < columns; ++c) {
    n.add(spice::VoltageSource{{columnSource(layer, c), "c" + id(layer, c), "0", 0.0}});
    n.add(spice::Ccvs{"Hc" + id(layer, c), columnSense(layer, c), "0", columnSource(layer, c),
                      spec_.transresistance_ohm});
  }
  if (wire > 0.0) {
    const std::string tag = std::to_string(layer);
    for (int i = 0; i < rows; ++i)
      for (int c = 0; c < columns; ++c) {
        const std::string from = c == 0 ? "r" + id(layer, i) : rowNode(layer, i, c - 1);
        n.add(spice::Resistor{"Rwr" + tag + "_" + std::to_string(i) + "_" + std::to_string(c), from,
                              rowNode(layer, i, c), wire});
      }
    for (int c = 0; c < columns; ++c)
      for (int i = 0; i < rows; ++i) {
        const std::string to = i == rows - 1 ? "c" + id(layer, c) : columnNode(layer, i + 1, c);
        n.add(spice::Resistor{"Rwc" + tag + "_" + std::to_string(i) + "_" + std::to_string(c), columnNode(layer, i, c),
                              to, wire});
      }
  }
  const std::size_t offset = layerOffset(layer);
  spice::ParameterList fitted;
  if (values.device) fitted = devices::instanceParameters(values.device->parameters->values());
  for (int i = 0; i < rows; ++i)
    for (int c = 0; c < columns; ++c) {
      const std::size_t w =
          offset + static_cast<std::size_t>(i) * static_cast<std::size_t>(columns) + static_cast<std::size_t>(c);
      const std::string row = rowNode(layer, i, c), column = columnNode(layer, i, c);
      if (values.device) {
        spice::ParameterList parameters = fitted;
        parameters.emplace_back("x", values.states[w]);
        n.add(spice::SubcircuitInstance{deviceInstance(w), {row, column}, kReadView, std::move(parameters)});
      } else {
        if (!(values.conductances[w] > 0.0))
          throw std::invalid_argument("crossbar: weight " + std::to_string(w) + " has conductance " +
                                      std::to_string(values.conductances[w]) + " S; it must be > 0");
        n.add(spice::Resistor{resistor(w), row, column, 1.0 / values.conductances[w]});
      }
    }
}

spice::Netlist CrossbarNetwork::netlist(const WeightValues& values, const std::vector<double>& inputs) const {
  checkWeightValues("crossbar", values, weightCount(), inputs, spec_.inputs);
  spice::Netlist n = preciseNetlist("memcosim crossbar network");
  if (values.device) n.addSubcircuit(devices::readView(values.device->parameters->model(), kReadView));
  if (!inputs.empty() && !(values.gMax > 0.0))
    throw std::invalid_argument("crossbar: the standalone deck needs the weights' G_max");
  for (int layer = 1; layer <= layers(); ++layer) addArray(n, layer, values, inputs);
  if (!inputs.empty())
    for (int k = 0; k < spec_.outputs; ++k)
      for (const bool positive : {true, false}) {
        // V(o<k>p) − V(o<k>n) = z_k: each node is its column's amplifier voltage over that of V_read·G_max.
        const std::string node = "o" + std::to_string(k) + (positive ? "p" : "n");
        n.add(spice::Vcvs{"E" + node, node, "0", columnSense(layers(), 2 * k + (positive ? 0 : 1)), "0",
                          1.0 / unitVoltage(values.gMax)});
      }
  n.addAnalysis(spice::OperatingPointAnalysis{});
  return n;
}

}  // namespace memcosim::circuits
