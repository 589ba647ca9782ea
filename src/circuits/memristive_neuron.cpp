// Memristive integrate-and-fire neurons: native Heun integration and the ngspice transient.
#include "circuits/memristive_neuron.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "devices/model_views.h"
#include "io/number.h"
#include "io/text.h"
#include "spice/session.h"

namespace memcosim::circuits {
namespace {

using devices::resample;
using io::formatNumber;

constexpr const char* kReversalNode[2] = {"rev1", "rev2"};
constexpr const char* kReversalSource[2] = {"Vrev1", "Vrev2"};

std::string membraneNode(int j) { return "m" + std::to_string(j); }
std::string deviceInstance(int j, int k) { return "Xts" + std::to_string(j) + (k == 0 ? "a" : "b"); }
/// ngspice's vector of a write-view instance's state node.
std::string stateVector(int j, int k) { return io::lowerCase(deviceInstance(j, k)) + ".x"; }

void requireFinite(double value, const std::string& field) {
  if (!std::isfinite(value)) throw std::invalid_argument(field + " = " + formatNumber(value) + " is not finite");
}

std::vector<double> column(const std::vector<std::vector<double>>& table, std::size_t j) {
  std::vector<double> values;
  values.reserve(table.size());
  for (const auto& row : table) values.push_back(row[j]);
  return values;
}

void checkTable(const std::vector<std::vector<double>>& table, std::size_t rows, std::size_t columns,
                const std::string& name) {
  if (table.size() != rows)
    throw std::invalid_argument(name + " has " + std::to_string(table.size()) + " rows; expected " +
                                std::to_string(rows));
  for (std::size_t r = 0; r < table.size(); ++r) {
    if (table[r].size() != columns)
      throw std::invalid_argument(name + "[" + std::to_string(r) + "] has " + std::to_string(table[r].size()) +
                                  " entries; expected " + std::to_string(columns));
    for (std::size_t c = 0; c < columns; ++c)
      requireFinite(table[r][c], name + "[" + std::to_string(r) + "][" + std::to_string(c) + "]");
  }
}

}  // namespace

spice::Pwl heldSteps(const std::vector<double>& values, const TimeGrid& grid) {
  spice::Pwl pwl;
  pwl.points.emplace_back(0.0, values.front());
  for (std::size_t k = 1; k < values.size(); ++k) {
    const double start = static_cast<double>(k) * grid.dt_s;
    pwl.points.emplace_back(start, values[k - 1]);
    pwl.points.emplace_back(start + grid.substep(), values[k]);
  }
  pwl.points.emplace_back(grid.steps * grid.dt_s, values.back());
  return pwl;
}

NeuronSpec::NeuronSpec() : device(devices::ModelRegistry::instance().find("threshold-switch")) {}

void NeuronSpec::validate() const {
  if (!device.model().isVolatile)
    throw std::invalid_argument("neuron device model '" + device.model().name +
                                "' is not volatile: a neuron needs a threshold switch that relaxes by itself");
  device.checkConsistent();
  requireFinite(capacitance_F, "capacitance");
  if (!(capacitance_F > 0.0))
    throw std::invalid_argument("capacitance = " + formatNumber(capacitance_F) + " F must be positive");
  requireFinite(reversal_V[0], "reversal1");
  requireFinite(reversal_V[1], "reversal2");
  const devices::StateBounds bounds = device.stateBounds();
  if (!(spikeLevel > bounds.minimum && spikeLevel < bounds.maximum))
    throw std::invalid_argument("spike_level = " + formatNumber(spikeLevel) + " must lie inside the state range (" +
                                formatNumber(bounds.minimum) + ", " + formatNumber(bounds.maximum) + ")");
}

void TimeGrid::validate() const {
  if (steps < 1) throw std::invalid_argument("steps = " + std::to_string(steps) + " must be at least 1");
  if (substeps < 2)
    throw std::invalid_argument("substeps = " + std::to_string(substeps) +
                                " must be at least 2 (an input moves to its new value over the first substep)");
  if (!(dt_s > 0.0) || !std::isfinite(dt_s))
    throw std::invalid_argument("dt = " + formatNumber(dt_s) + " s must be positive and finite");
}

int LayerDrive::neurons() const {
  if (inputs.empty()) return currents.empty() ? 0 : static_cast<int>(currents.front().size());
  return positive.empty() ? 0 : static_cast<int>(positive.front().size());
}

std::vector<std::vector<double>> LayerDrive::neuronCurrents() const {
  if (inputs.empty()) return currents;
  std::vector<std::vector<double>> result(inputs.size(), std::vector<double>(neurons(), 0.0));
  for (std::size_t k = 0; k < inputs.size(); ++k)
    for (std::size_t i = 0; i < inputs[k].size(); ++i)
      for (int j = 0; j < neurons(); ++j) result[k][j] += (positive[i][j] - negative[i][j]) * inputs[k][i];
  return result;
}

void LayerDrive::validate(const TimeGrid& grid) const {
  const auto steps = static_cast<std::size_t>(grid.steps);
  if (inputs.empty()) {
    if (currents.empty() || currents.front().empty())
      throw std::invalid_argument("the layer has no drive: give input currents or input voltages and synapses");
    checkTable(currents, steps, currents.front().size(), "currents");
    return;
  }
  if (inputs.front().empty()) throw std::invalid_argument("inputs has no input rows");
  const std::size_t rows = inputs.front().size();
  checkTable(inputs, steps, rows, "inputs");
  if (positive.empty() || positive.front().empty()) throw std::invalid_argument("the synapse array has no neurons");
  checkTable(positive, rows, positive.front().size(), "positive");
  checkTable(negative, rows, positive.front().size(), "negative");
  for (const auto* table : {&positive, &negative})
    for (const auto& row : *table)
      for (const double g : row)
        if (g < 0.0) throw std::invalid_argument("synapse conductance " + formatNumber(g) + " S is negative");
}

NeuronDynamics::NeuronDynamics(const NeuronSpec& spec) : spec_(spec), device_((spec.validate(), spec.device)) {}

NeuronState NeuronDynamics::rate(const NeuronState& y, double current) const {
  const double u1 = y.v - spec_.reversal_V[0], u2 = y.v - spec_.reversal_V[1];
  return {(current - device_.current(u1, y.x1) - device_.current(u2, y.x2)) / spec_.capacitance_F,
          device_.stateRate(u1, y.x1), device_.stateRate(u2, y.x2)};
}

NeuronState NeuronDynamics::clip(NeuronState y) const {
  y.x1 = device_.clip(y.x1);
  y.x2 = device_.clip(y.x2);
  return y;
}

NeuronState NeuronDynamics::step(const NeuronState& y, double current0, double current1, double h) const {
  const NeuronState k1 = rate(y, current0);
  const NeuronState predicted = clip({y.v + h * k1.v, y.x1 + h * k1.x1, y.x2 + h * k1.x2});
  const NeuronState k2 = rate(predicted, current1);
  return clip({y.v + 0.5 * h * (k1.v + k2.v), y.x1 + 0.5 * h * (k1.x1 + k2.x1), y.x2 + 0.5 * h * (k1.x2 + k2.x2)});
}

double NeuronDynamics::stableSubstep() const {
  // The fastest rates over the device range: the membrane's (G1 + G2)/C and the states' |∂g/∂x|,
  // over device voltages up to 1 V + |E1 − E2| either way.
  const devices::StateBounds bounds = device_.bounds();
  double fastest = 0.0, conductance = 0.0;
  for (int a = 0; a <= 100; ++a) {
    const double x = bounds.minimum + (bounds.maximum - bounds.minimum) * a / 100.0;
    conductance = std::max(conductance, device_.currentSlope(0.0, x));
    for (int b = 0; b <= 200; ++b) {
      const double u = (-1.0 + b / 100.0) * (1.0 + std::abs(spec_.reversal_V[0] - spec_.reversal_V[1]));
      fastest = std::max(fastest, std::abs(device_.stateRateSlopeX(u, x)));
    }
  }
  fastest = std::max(fastest, 2.0 * conductance / spec_.capacitance_F);
  return 2.0 / fastest;
}

namespace {

void checkInitial(const NeuronSpec& spec, const NeuronState& initial) {
  requireFinite(initial.v, "initial membrane voltage");
  spec.device.checkInitialState(initial.x1);
  spec.device.checkInitialState(initial.x2);
}

NeuronTrace emptyTrace(const TimeGrid& grid, int neurons) {
  NeuronTrace trace;
  for (int k = 0; k <= grid.steps; ++k) trace.time.push_back(k * grid.dt_s);
  trace.v.assign(neurons, {});
  trace.x1.assign(neurons, {});
  trace.x2.assign(neurons, {});
  trace.spikes.assign(neurons, {});
  return trace;
}

}  // namespace

void checkStableSubstep(const NeuronDynamics& dynamics, const TimeGrid& grid) {
  const double stable = dynamics.stableSubstep();
  if (grid.substep() > 0.25 * stable)
    throw std::invalid_argument("substep dt/substeps = " + formatNumber(grid.substep()) +
                                " s is too long for the neuron's fastest rate (stable below " + formatNumber(stable) +
                                " s; memcosim needs a margin of 4): raise substeps to at least " +
                                std::to_string(static_cast<int>(std::ceil(4.0 * grid.dt_s / stable))));
}

NeuronTrace simulateNeurons(const NeuronSpec& spec, const LayerDrive& drive, const TimeGrid& grid,
                            const NeuronState& initial) {
  grid.validate();
  drive.validate(grid);
  const NeuronDynamics dynamics(spec);
  checkStableSubstep(dynamics, grid);
  checkInitial(spec, initial);
  const auto currents = drive.neuronCurrents();
  const int neurons = drive.neurons();
  NeuronTrace trace = emptyTrace(grid, neurons);
  const double h = grid.substep();
  for (int j = 0; j < neurons; ++j) {
    NeuronState y = initial;
    trace.v[j].push_back(y.v);
    trace.x1[j].push_back(y.x1);
    trace.x2[j].push_back(y.x2);
    for (int k = 0; k < grid.steps; ++k) {
      const double previous = currents[k > 0 ? k - 1 : 0][j], now = currents[k][j];
      for (int s = 0; s < grid.substeps; ++s) y = dynamics.step(y, s == 0 ? previous : now, now, h);
      if (!std::isfinite(y.v) || !std::isfinite(y.x1) || !std::isfinite(y.x2))
        throw std::runtime_error("neuron " + std::to_string(j) + " at step " + std::to_string(k + 1) +
                                 ": the native integration gave a non-finite value (v = " + formatNumber(y.v) + " V)");
      trace.v[j].push_back(y.v);
      trace.x1[j].push_back(y.x1);
      trace.x2[j].push_back(y.x2);
    }
    trace.spikes[j] = spikeSteps(trace.x1[j], spec.spikeLevel);
  }
  return trace;
}

spice::Netlist neuronDeck(const NeuronSpec& spec, const LayerDrive& drive, const TimeGrid& grid,
                          const NeuronState& initial) {
  grid.validate();
  drive.validate(grid);
  checkStableSubstep(NeuronDynamics(spec), grid);
  checkInitial(spec, initial);
  const devices::ModelDefinition& model = spec.device.model();
  spice::Netlist deck("memcosim memristive neurons: " + std::to_string(drive.neurons()) + " neurons, " +
                      std::to_string(grid.steps) + " steps of " + formatNumber(grid.dt_s) + " s");
  const std::string view = devices::writeViewName(model);
  deck.addSubcircuit(devices::writeView(model, view));
  for (int k = 0; k < 2; ++k)
    deck.add(spice::VoltageSource{{kReversalSource[k], kReversalNode[k], "0", spec.reversal_V[k]}});

  const int neurons = drive.neurons();
  const auto addDriveInto = [&](int j, const std::string& controlling) {
    // A current-controlled current source copies the column current into the membrane.
    deck.add(spice::Cccs{"Fin" + std::to_string(j), "0", membraneNode(j), controlling, 1.0});
  };
  if (drive.inputs.empty()) {
    for (int j = 0; j < neurons; ++j) {
      const std::vector<double> values = column(drive.currents, j);
      spice::CurrentSource source{{"Iin" + std::to_string(j), "0", membraneNode(j), values.front()}};
      source.waveform = heldSteps(values, grid);
      deck.add(source);
    }
  } else {
    // Rows: input i at +u_i (node ip<i>) for G⁺ and −u_i (node in<i>) for G⁻; columns held at
    // 0 V by Vcol<j>, whose current is the neuron's input current.
    const std::size_t rows = drive.inputs.front().size();
    for (std::size_t i = 0; i < rows; ++i) {
      std::vector<double> values = column(drive.inputs, i);
      spice::VoltageSource plus{{"Vip" + std::to_string(i), "ip" + std::to_string(i), "0", values.front()}};
      plus.waveform = heldSteps(values, grid);
      deck.add(plus);
      for (double& u : values) u = -u;
      spice::VoltageSource minus{{"Vin" + std::to_string(i), "in" + std::to_string(i), "0", values.front()}};
      minus.waveform = heldSteps(values, grid);
      deck.add(minus);
    }
    for (int j = 0; j < neurons; ++j) {
      const std::string columnNode = "c" + std::to_string(j);
      deck.add(spice::VoltageSource{{"Vcol" + std::to_string(j), columnNode, "0", 0.0}});
      for (std::size_t i = 0; i < rows; ++i) {
        const std::string tag = std::to_string(i) + "_" + std::to_string(j);
        for (const auto& [g, rowNode, name] : {std::tuple{drive.positive[i][j], "ip" + std::to_string(i), "Rp" + tag},
                                               std::tuple{drive.negative[i][j], "in" + std::to_string(i), "Rn" + tag}})
          if (g > 0.0) deck.add(spice::Resistor{name, rowNode, columnNode, 1.0 / g});
      }
      addDriveInto(j, "Vcol" + std::to_string(j));
    }
  }
  for (int j = 0; j < neurons; ++j) {
    deck.add(spice::Capacitor{"Cm" + std::to_string(j), membraneNode(j), "0", spec.capacitance_F, initial.v});
    for (int k = 0; k < 2; ++k) {
      spice::ParameterList parameters = devices::instanceParameters(spec.device.values());
      parameters.emplace_back("x0", k == 0 ? initial.x1 : initial.x2);
      deck.add(spice::SubcircuitInstance{deviceInstance(j, k), {membraneNode(j), kReversalNode[k]}, view, parameters});
    }
  }
  deck.setOption("reltol", 1e-6);
  deck.addAnalysis(spice::TransientAnalysis{grid.substep(), grid.steps * grid.dt_s, 0.0, grid.substep(), true});
  std::vector<std::string> outputs;
  for (int j = 0; j < neurons; ++j) {
    outputs.push_back("v(" + membraneNode(j) + ")");
    outputs.push_back("v(" + stateVector(j, 0) + ")");
    outputs.push_back("v(" + stateVector(j, 1) + ")");
  }
  deck.addPrint("tran", outputs);
  return deck;
}

NeuronTrace simulateNeuronsNgspice(spice::Session& session, const NeuronSpec& spec, const LayerDrive& drive,
                                   const TimeGrid& grid, const NeuronState& initial, double reltol) {
  spice::Netlist deck = neuronDeck(spec, drive, grid, initial);
  deck.setOption("reltol", reltol);
  session.load(deck);
  const spice::Plot plot = session.transient(grid.substep(), grid.steps * grid.dt_s, 0.0, grid.substep(), true);
  const auto& time = plot.vector("time").real;
  const int neurons = drive.neurons();
  NeuronTrace trace = emptyTrace(grid, neurons);
  for (int j = 0; j < neurons; ++j) {
    trace.v[j] = resample(time, plot.vector(membraneNode(j)).real, trace.time);
    trace.x1[j] = resample(time, plot.vector(stateVector(j, 0)).real, trace.time);
    trace.x2[j] = resample(time, plot.vector(stateVector(j, 1)).real, trace.time);
    for (int k = 0; k <= grid.steps; ++k)
      if (!std::isfinite(trace.v[j][k]) || !std::isfinite(trace.x1[j][k]) || !std::isfinite(trace.x2[j][k]))
        throw std::runtime_error("neuron " + std::to_string(j) + " at step " + std::to_string(k) +
                                 ": ngspice returned a non-finite value (v = " + formatNumber(trace.v[j][k]) + " V)");
    trace.spikes[j] = spikeSteps(trace.x1[j], spec.spikeLevel);
  }
  return trace;
}

std::vector<int> spikeSteps(const std::vector<double>& x1, double level) {
  std::vector<int> steps;
  for (std::size_t k = 1; k < x1.size(); ++k)
    if (x1[k - 1] < level && x1[k] >= level) steps.push_back(static_cast<int>(k));
  return steps;
}

TraceAgreement compareTraces(const NeuronTrace& test, const NeuronTrace& reference) {
  if (test.v.size() != reference.v.size() || test.time.size() != reference.time.size())
    throw std::invalid_argument("compareTraces: the runs differ in neurons or samples");
  TraceAgreement agreement;
  for (std::size_t j = 0; j < reference.v.size(); ++j) {
    double difference = 0.0, norm = 0.0;
    for (std::size_t k = 0; k < reference.v[j].size(); ++k) {
      difference += (test.v[j][k] - reference.v[j][k]) * (test.v[j][k] - reference.v[j][k]);
      norm += reference.v[j][k] * reference.v[j][k];
    }
    agreement.membraneNrms = std::max(agreement.membraneNrms, norm > 0.0 ? std::sqrt(difference / norm) : 0.0);
    const auto& a = test.spikes[j];
    const auto& b = reference.spikes[j];
    agreement.referenceSpikes += static_cast<int>(b.size());
    agreement.spikeCountDifference =
        std::max(agreement.spikeCountDifference, std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())));
    if (a.size() == b.size())
      for (std::size_t s = 0; s < a.size(); ++s)
        agreement.maxSpikeShift = std::max(agreement.maxSpikeShift, std::abs(a[s] - b[s]));
  }
  return agreement;
}

}  // namespace memcosim::circuits
