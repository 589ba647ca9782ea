// A fully memristive spiking network: native forward run, its adjoint, and the ngspice deck.
#include "circuits/spiking_network.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <stdexcept>

#include "devices/model_views.h"
#include "io/number.h"
#include "io/random.h"
#include "io/text.h"
#include "spice/session.h"

namespace memcosim::circuits {
namespace {

using io::formatNumber;

constexpr const char* kReadView = "weight_read";
constexpr const char* kBiasSource = "Vbias";

std::string id(int layer, int index) { return std::to_string(layer) + "_" + std::to_string(index); }
std::string membrane(int layer, int j) { return "m" + id(layer, j); }
/// Neuron j's threshold switches: k = 0 the firing device (to E1), k = 1 the second (to E2).
std::string thresholdSwitch(int layer, int j, int k) { return "Xts" + id(layer, j) + (k == 0 ? "a" : "b"); }

/// y ← y + a·x over every layer.
void addScaled(NetworkState& y, double a, const NetworkState& x) {
  for (std::size_t l = 0; l < y.v.size(); ++l) {
    y.v[l] += a * x.v[l];
    y.x1[l] += a * x.x1[l];
    y.x2[l] += a * x.x2[l];
  }
}

NetworkState zeroLike(const NetworkState& y) {
  NetworkState z = y;
  for (std::size_t l = 0; l < z.v.size(); ++l) {
    z.v[l].setZero();
    z.x1[l].setZero();
    z.x2[l].setZero();
  }
  return z;
}

}  // namespace

SpikeEncoding parseSpikeEncoding(const std::string& name) {
  if (name == "direct") return SpikeEncoding::Direct;
  if (name == "latency") return SpikeEncoding::Latency;
  if (name == "rate") return SpikeEncoding::Rate;
  throw std::invalid_argument("encoding '" + name + "': use direct, latency or rate");
}

SpikeReadout parseSpikeReadout(const std::string& name) {
  if (name == "membrane") return SpikeReadout::Membrane;
  if (name == "spike_count") return SpikeReadout::SpikeCount;
  throw std::invalid_argument("readout '" + name + "': use membrane or spike_count");
}

/// One evaluation of F: the row voltages of every layer and the device slopes of every neuron.
struct SpikingNetwork::Stage {
  std::vector<Eigen::VectorXd> rows;  // [layer − 1]: n_{l−1} + 1 row voltages (bias last)
  std::vector<Eigen::VectorXd> fv1, fx1, fv2, fx2, gv1, gx1, gv2, gx2;
};

SpikingNetwork::SpikingNetwork(SpikingNetworkSpec spec)
    : DifferentialArrays("spiking network", layerSizes(spec.inputs, spec.hidden, spec.outputs)),
      spec_(std::move(spec)),
      device_(spec_.neuron.device) {
  if (spec_.outputs < 2) throw std::invalid_argument("spiking network: outputs must be at least 2");
  spec_.grid.validate();
  checkStableSubstep(NeuronDynamics(spec_.neuron), spec_.grid);
  if (!(spec_.inputHigh_volt > spec_.inputLow_volt))
    throw std::invalid_argument("spiking network: input_high must be above input_low");
  if (spec_.latencyWidth < 1 || spec_.latencyWidth > spec_.grid.steps)
    throw std::invalid_argument("spiking network: latency_width = " + std::to_string(spec_.latencyWidth) +
                                " must lie in [1, steps]");
  if (!(spec_.outputTransresistance_ohm > 0.0) || !std::isfinite(spec_.outputTransresistance_ohm))
    throw std::invalid_argument("spiking network: output_transresistance must be positive and finite");
  if (!(spec_.countWidth > 0.0 && spec_.countWidth <= 1.0))
    throw std::invalid_argument("spiking network: count_width = " + formatNumber(spec_.countWidth) +
                                " must lie in (0, 1]");
}

double SpikingNetwork::countStep(double x) const {
  return 1.0 / (1.0 + std::exp(-(x - spec_.neuron.spikeLevel) / spec_.countWidth));
}

double SpikingNetwork::softCount(const std::vector<double>& x1) const {
  double count = 0.0;
  for (std::size_t n = 1; n < x1.size(); ++n) count += std::max(countStep(x1[n]) - countStep(x1[n - 1]), 0.0);
  return count;
}

double SpikingNetwork::countStepSlope(double x) const {
  const double s = countStep(x);
  return s * (1.0 - s) / spec_.countWidth;
}

std::vector<Eigen::MatrixXd> SpikingNetwork::signedWeights(const std::vector<double>& conductances) const {
  if (conductances.size() != weightCount())
    throw std::invalid_argument("spiking network: " + std::to_string(conductances.size()) + " conductances for " +
                                std::to_string(weightCount()) + " weights");
  std::vector<Eigen::MatrixXd> weights;
  for (int l = 1; l <= layers(); ++l) {
    Eigen::MatrixXd w(layerInputs(l) + 1, layerOutputs(l));
    for (int r = 0; r <= layerInputs(l); ++r)
      for (int j = 0; j < layerOutputs(l); ++j)
        w(r, j) = conductances[weight(l, r, 2 * j)] - conductances[weight(l, r, 2 * j + 1)];
    weights.push_back(std::move(w));
  }
  return weights;
}

Eigen::MatrixXd SpikingNetwork::encode(const Eigen::VectorXd& features) const {
  if (features.size() != spec_.inputs)
    throw std::invalid_argument("spiking network: " + std::to_string(features.size()) + " features for " +
                                std::to_string(spec_.inputs) + " inputs");
  const int steps = spec_.grid.steps;
  Eigen::MatrixXd rows = Eigen::MatrixXd::Zero(steps, spec_.inputs);
  // Rate encoding: a stream of the sample's own, FNV-1a over the bytes of its values.
  std::uint64_t hash = 14695981039346656037ULL;
  for (Eigen::Index i = 0; i < features.size(); ++i) {
    unsigned char bytes[sizeof(double)];
    std::memcpy(bytes, &features(i), sizeof(double));
    for (const unsigned char b : bytes) hash = (hash ^ b) * 1099511628211ULL;
  }
  std::mt19937_64 random(hash);
  for (int i = 0; i < spec_.inputs; ++i) {
    if (spec_.encoding == SpikeEncoding::Direct) {
      rows.col(i).setConstant(features(i));
      continue;
    }
    const double level =
        std::clamp((features(i) - spec_.inputLow_volt) / (spec_.inputHigh_volt - spec_.inputLow_volt), 0.0, 1.0);
    if (spec_.encoding == SpikeEncoding::Rate) {
      for (int k = 0; k < steps; ++k) rows(k, i) = io::uniform01(random) < level ? spec_.spikeVoltage_volt : 0.0;
      continue;
    }
    const int start = static_cast<int>(std::lround((1.0 - level) * (steps - spec_.latencyWidth)));
    for (int k = start; k < start + spec_.latencyWidth; ++k) rows(k, i) = spec_.spikeVoltage_volt;
  }
  return rows;
}

Eigen::VectorXd SpikingNetwork::inputAt(const Eigen::MatrixXd& encoded, int step, int substep, bool end) const {
  // Held for its step, moving to the new value over the first substep (as heldSteps()).
  const int row = (substep == 0 && !end) ? std::max(step - 1, 0) : step;
  return encoded.row(row).transpose();
}

void SpikingNetwork::rate(const std::vector<Eigen::MatrixXd>& weights, const NetworkState& y,
                          const Eigen::VectorXd& inputRow, NetworkState& f, Stage* stage) const {
  const NeuronSpec& neuron = spec_.neuron;
  const double c = neuron.capacitance_F, e1 = neuron.reversal_V[0], e2 = neuron.reversal_V[1];
  if (stage) *stage = Stage{};
  Eigen::VectorXd rows(inputRow.size() + 1);
  rows << inputRow, spec_.biasVoltage_volt;
  for (int l = 1; l <= layers(); ++l) {
    const auto index = static_cast<std::size_t>(l - 1);
    const int n = layerOutputs(l);
    const Eigen::VectorXd current = weights[index].transpose() * rows;
    Eigen::VectorXd firing(n);
    if (stage) {
      stage->rows.push_back(rows);
      for (auto* slope :
           {&stage->fv1, &stage->fx1, &stage->fv2, &stage->fx2, &stage->gv1, &stage->gx1, &stage->gv2, &stage->gx2})
        slope->push_back(Eigen::VectorXd(n));
    }
    for (int j = 0; j < n; ++j) {
      const double v = y.v[index](j), x1 = y.x1[index](j), x2 = y.x2[index](j);
      const double u1 = v - e1, u2 = v - e2;
      firing(j) = device_.current(u1, x1);
      f.v[index](j) = (current(j) - firing(j) - device_.current(u2, x2)) / c;
      f.x1[index](j) = device_.stateRate(u1, x1);
      f.x2[index](j) = device_.stateRate(u2, x2);
      if (stage) {
        stage->fv1[index](j) = device_.currentSlope(u1, x1);
        stage->fx1[index](j) = device_.currentSlopeX(u1, x1);
        stage->fv2[index](j) = device_.currentSlope(u2, x2);
        stage->fx2[index](j) = device_.currentSlopeX(u2, x2);
        stage->gv1[index](j) = device_.stateRateSlopeV(u1, x1);
        stage->gx1[index](j) = device_.stateRateSlopeX(u1, x1);
        stage->gv2[index](j) = device_.stateRateSlopeV(u2, x2);
        stage->gx2[index](j) = device_.stateRateSlopeX(u2, x2);
      }
    }
    rows.resize(n + 1);
    rows << spec_.outputTransresistance_ohm * firing, spec_.biasVoltage_volt;
  }
}

void SpikingNetwork::clip(NetworkState& y) const {
  for (std::size_t l = 0; l < y.v.size(); ++l)
    for (Eigen::Index j = 0; j < y.v[l].size(); ++j) {
      y.x1[l](j) = device_.clip(y.x1[l](j));
      y.x2[l](j) = device_.clip(y.x2[l](j));
    }
}

NetworkRun SpikingNetwork::forward(const std::vector<Eigen::MatrixXd>& weights, const Eigen::VectorXd& features) const {
  const Eigen::MatrixXd encoded = encode(features);
  const TimeGrid& grid = spec_.grid;
  const double h = grid.substep();
  NetworkState y;
  for (int l = 1; l <= layers(); ++l) {
    y.v.push_back(Eigen::VectorXd::Zero(layerOutputs(l)));
    y.x1.push_back(Eigen::VectorXd::Zero(layerOutputs(l)));
    y.x2.push_back(Eigen::VectorXd::Zero(layerOutputs(l)));
  }
  NetworkRun run;
  run.states.reserve(static_cast<std::size_t>(grid.steps * grid.substeps + 1));
  run.states.push_back(y);
  NetworkState k1 = y, k2 = y, predicted = y;
  const auto last = static_cast<std::size_t>(layers() - 1);
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(spec_.outputs);
  std::vector<std::vector<double>> firingState(static_cast<std::size_t>(spec_.outputs), {0.0});
  for (int k = 0; k < grid.steps; ++k) {
    for (int s = 0; s < grid.substeps; ++s) {
      rate(weights, y, inputAt(encoded, k, s, false), k1, nullptr);
      predicted = y;
      addScaled(predicted, h, k1);
      clip(predicted);
      rate(weights, predicted, inputAt(encoded, k, s, true), k2, nullptr);
      addScaled(y, 0.5 * h, k1);
      addScaled(y, 0.5 * h, k2);
      clip(y);
      run.states.push_back(y);
    }
    if (!y.v[last].allFinite())
      throw std::runtime_error("spiking network: a membrane voltage became non-finite at step " +
                               std::to_string(k + 1) + "; lower the input or the conductances");
    sum += y.v[last];
    for (int j = 0; j < spec_.outputs; ++j) firingState[static_cast<std::size_t>(j)].push_back(y.x1[last](j));
  }
  run.outputs = sum / grid.steps;
  if (spec_.readout == SpikeReadout::SpikeCount)
    for (int j = 0; j < spec_.outputs; ++j) {
      std::vector<double> x1;
      for (const auto& state : run.states) x1.push_back(state.x1[last](j));
      run.outputs(j) = softCount(x1);
    }
  if (!run.outputs.allFinite()) throw std::runtime_error("spiking network: a readout became non-finite");
  for (const auto& x1 : firingState) run.outputSpikes.push_back(spikeSteps(x1, spec_.neuron.spikeLevel));
  return run;
}

Eigen::VectorXd SpikingNetwork::backward(const std::vector<Eigen::MatrixXd>& weights, const Eigen::VectorXd& features,
                                         const NetworkRun& run, const Eigen::VectorXd& outputGradient) const {
  const Eigen::MatrixXd encoded = encode(features);
  const TimeGrid& grid = spec_.grid;
  const double h = grid.substep();
  const double c = spec_.neuron.capacitance_F, rOut = spec_.outputTransresistance_ohm;
  const auto last = static_cast<std::size_t>(layers() - 1);
  std::vector<Eigen::MatrixXd> gradient;
  for (const auto& w : weights) gradient.push_back(Eigen::MatrixXd::Zero(w.rows(), w.cols()));

  // λ ← λ + Jᵀμ at the stage's state, and ∂L/∂W += (∂F/∂W)ᵀμ.
  const auto transposeProduct = [&](const Stage& stage, const NetworkState& mu, NetworkState& lambda) {
    for (int l = layers(); l >= 1; --l) {
      const auto i = static_cast<std::size_t>(l - 1);
      const Eigen::VectorXd a = mu.v[i] / c;
      gradient[i].noalias() += stage.rows[i] * a.transpose();
      lambda.v[i].array() += -(stage.fv1[i] + stage.fv2[i]).array() * a.array() +
                             stage.gv1[i].array() * mu.x1[i].array() + stage.gv2[i].array() * mu.x2[i].array();
      lambda.x1[i].array() += -stage.fx1[i].array() * a.array() + stage.gx1[i].array() * mu.x1[i].array();
      lambda.x2[i].array() += -stage.fx2[i].array() * a.array() + stage.gx2[i].array() * mu.x2[i].array();
      if (l > 1) {
        const auto below = static_cast<std::size_t>(l - 2);
        const Eigen::VectorXd spread = weights[i].topRows(layerInputs(l)) * a;
        lambda.v[below].array() += rOut * stage.fv1[below].array() * spread.array();
        lambda.x1[below].array() += rOut * stage.fx1[below].array() * spread.array();
      }
    }
  };

  NetworkState lambda = zeroLike(run.states.front());
  NetworkState f = lambda, predicted = lambda, mu = lambda, lambdaStar = lambda;
  Stage atStart, atPredicted;
  const int total = grid.steps * grid.substeps;
  // Whether s(x1) rose into substep end n (s is monotone: whether x1 did); the count's slope in
  // x1 at n is s'(x1)·(rises(n) − rises(n + 1)).
  const auto rises = [&](int n) {
    if (n < 1 || n > total) return Eigen::ArrayXd(Eigen::ArrayXd::Zero(spec_.outputs));
    const auto& x = run.states;
    const Eigen::ArrayXd step =
        (x[static_cast<std::size_t>(n)].x1[last] - x[static_cast<std::size_t>(n - 1)].x1[last]).array();
    return Eigen::ArrayXd((step > 0.0).cast<double>());
  };
  for (int n = total; n >= 1; --n) {
    // The readout's own dependence on Y_n.
    if (spec_.readout == SpikeReadout::Membrane) {
      if (n % grid.substeps == 0) lambda.v[last] += outputGradient / grid.steps;
    } else {
      const Eigen::VectorXd& x1 = run.states[static_cast<std::size_t>(n)].x1[last];
      const Eigen::ArrayXd slope = x1.unaryExpr([this](double x) { return countStepSlope(x); }).array();
      lambda.x1[last].array() += outputGradient.array() * slope * (rises(n) - rises(n + 1));
    }
    const int k = (n - 1) / grid.substeps, s = (n - 1) % grid.substeps;
    const NetworkState& y = run.states[static_cast<std::size_t>(n - 1)];
    rate(weights, y, inputAt(encoded, k, s, false), f, &atStart);
    predicted = y;
    addScaled(predicted, h, f);
    clip(predicted);
    rate(weights, predicted, inputAt(encoded, k, s, true), f, &atPredicted);
    mu = zeroLike(lambda);
    addScaled(mu, 0.5 * h, lambda);
    lambdaStar = zeroLike(lambda);
    transposeProduct(atPredicted, mu, lambdaStar);  // λ* = J(Y*)ᵀμ
    addScaled(mu, h, lambdaStar);                   // ν = μ + hλ*
    addScaled(lambda, 1.0, lambdaStar);
    transposeProduct(atStart, mu, lambda);  // λ ← λ' + λ* + J(Y)ᵀν
  }

  Eigen::VectorXd result = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(weightCount()));
  for (int l = 1; l <= layers(); ++l)
    for (int r = 0; r <= layerInputs(l); ++r)
      for (int j = 0; j < layerOutputs(l); ++j) {
        const double g = gradient[static_cast<std::size_t>(l - 1)](r, j);
        result(static_cast<Eigen::Index>(weight(l, r, 2 * j))) = g;
        result(static_cast<Eigen::Index>(weight(l, r, 2 * j + 1))) = -g;
      }
  return result;
}

std::vector<std::string> SpikingNetwork::readoutVectors() const {
  std::vector<std::string> vectors;
  for (int j = 0; j < spec_.outputs; ++j)
    vectors.push_back(spice::nodeVoltage(spec_.readout == SpikeReadout::Membrane
                                             ? membrane(layers(), j)
                                             : io::lowerCase(thresholdSwitch(layers(), j, 0)) + ".x"));
  return vectors;
}

double SpikingNetwork::readout(const std::vector<double>& time, const std::vector<double>& values) const {
  const TimeGrid& grid = spec_.grid;
  const bool membraneReadout = spec_.readout == SpikeReadout::Membrane;
  const int points = membraneReadout ? grid.steps : grid.steps * grid.substeps;
  const double spacing = membraneReadout ? grid.dt_s : grid.substep();
  std::vector<double> sampleTimes;
  for (int k = 0; k <= points; ++k) sampleTimes.push_back(k * spacing);
  const std::vector<double> sampled = devices::resample(time, values, sampleTimes);
  for (int k = 0; k <= points; ++k)
    if (!std::isfinite(sampled[static_cast<std::size_t>(k)]))
      throw std::runtime_error("the readout vector is " + formatNumber(sampled[static_cast<std::size_t>(k)]) +
                               " at t = " + formatNumber(sampleTimes[static_cast<std::size_t>(k)]) + " s");
  if (!membraneReadout) return softCount(sampled);
  double sum = 0.0;
  for (int k = 1; k <= points; ++k) sum += sampled[static_cast<std::size_t>(k)] / grid.steps;
  return sum;
}

Eigen::VectorXd SpikingNetwork::ngspiceOutputs(spice::Session& session, const WeightValues& values,
                                               const Eigen::VectorXd& features) const {
  session.load(netlist(values, std::vector<double>(features.data(), features.data() + features.size())));
  const TimeGrid& grid = spec_.grid;
  const spice::Plot plot = session.transient(grid.substep(), grid.steps * grid.dt_s, 0.0, grid.substep(), true);
  const auto vectors = readoutVectors();
  Eigen::VectorXd outputs(spec_.outputs);
  for (int j = 0; j < spec_.outputs; ++j) {
    const auto& name = vectors[static_cast<std::size_t>(j)];
    try {
      outputs(j) = readout(plot.vector("time").real, plot.vector(name).real);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("spiking network: ngspice's " + name + ": " + e.what());
    }
  }
  return outputs;
}

std::string SpikingNetwork::resistor(std::size_t w) const { return "Rw" + std::to_string(w); }
std::string SpikingNetwork::stateSource(std::size_t w) const {
  return devices::readViewStateSource("Xw" + std::to_string(w));
}
std::vector<std::string> SpikingNetwork::outputNodes() const {
  std::vector<std::string> nodes;
  for (int j = 0; j < spec_.outputs; ++j) nodes.push_back(membrane(layers(), j));
  return nodes;
}
FixedSource SpikingNetwork::fixedSource() const { return {kBiasSource, spec_.biasVoltage_volt}; }

spice::Netlist SpikingNetwork::netlist(const WeightValues& values, const std::vector<double>& inputs) const {
  checkWeightValues("spiking network", values, weightCount(), inputs, spec_.inputs);
  const NeuronSpec& neuron = spec_.neuron;
  const TimeGrid& grid = spec_.grid;
  spice::Netlist n("memcosim spiking network: " + std::to_string(spec_.inputs) + " inputs, " +
                   std::to_string(spec_.outputs) + " outputs, " + std::to_string(grid.steps) + " steps of " +
                   formatNumber(grid.dt_s) + " s");
  const std::string view = devices::writeViewName(neuron.device.model());
  n.addSubcircuit(devices::writeView(neuron.device.model(), view));
  if (values.device) n.addSubcircuit(devices::readView(values.device->parameters->model(), kReadView));
  n.add(spice::VoltageSource{{"Vrev1", "rev1", "0", neuron.reversal_V[0]}});
  n.add(spice::VoltageSource{{"Vrev2", "rev2", "0", neuron.reversal_V[1]}});
  n.add(spice::VoltageSource{{kBiasSource, "biasp", "0", spec_.biasVoltage_volt}});
  n.add(spice::VoltageSource{{"Vbiasn", "biasn", "0", -spec_.biasVoltage_volt}});

  // First layer's rows: the encoded sample, + and − copies.
  Eigen::VectorXd features = Eigen::VectorXd::Zero(spec_.inputs);
  for (int i = 0; i < static_cast<int>(inputs.size()); ++i) features(i) = inputs[static_cast<std::size_t>(i)];
  const Eigen::MatrixXd encoded = encode(features);
  for (int i = 0; i < spec_.inputs; ++i) {
    std::vector<double> column(encoded.col(i).data(), encoded.col(i).data() + encoded.rows());
    for (const double sign : {1.0, -1.0}) {
      std::vector<double> levels = column;
      for (double& u : levels) u *= sign;
      const std::string node = (sign > 0 ? "r1p_" : "r1n_") + std::to_string(i);
      spice::VoltageSource source{{"V" + node, node, "0", levels.front()}};
      source.waveform = heldSteps(levels, grid);
      n.add(source);
    }
  }
  spice::ParameterList fitted;
  if (values.device) fitted = devices::instanceParameters(values.device->parameters->values());
  spice::ParameterList neuronParameters = devices::instanceParameters(neuron.device.values());
  neuronParameters.emplace_back("x0", 0.0);
  for (int l = 1; l <= layers(); ++l) {
    const int rows = layerInputs(l) + 1, outputs = layerOutputs(l);
    const auto rowNode = [&](int r, bool positive) {
      if (r == rows - 1) return std::string(positive ? "biasp" : "biasn");
      return "r" + std::to_string(l) + (positive ? "p_" : "n_") + std::to_string(r);
    };
    for (int j = 0; j < outputs; ++j) {
      const std::string column = "c" + id(l, j), m = membrane(l, j);
      n.add(spice::VoltageSource{{"Vcol" + id(l, j), column, "0", 0.0}});
      n.add(spice::Cccs{"Fin" + id(l, j), "0", m, "Vcol" + id(l, j), 1.0});
      n.add(spice::Capacitor{"Cm" + id(l, j), m, "0", neuron.capacitance_F, 0.0});
      // The firing device returns through a sense source, whose current drives the next rows.
      n.add(spice::SubcircuitInstance{thresholdSwitch(l, j, 0), {m, "s" + id(l, j)}, view, neuronParameters});
      n.add(spice::VoltageSource{{"Vsense" + id(l, j), "s" + id(l, j), "rev1", 0.0}});
      n.add(spice::SubcircuitInstance{thresholdSwitch(l, j, 1), {m, "rev2"}, view, neuronParameters});
      if (l < layers()) {
        const std::string next = std::to_string(l + 1);
        n.add(spice::Ccvs{"Hrp" + id(l, j), "r" + next + "p_" + std::to_string(j), "0", "Vsense" + id(l, j),
                          spec_.outputTransresistance_ohm});
        n.add(spice::Ccvs{"Hrn" + id(l, j), "r" + next + "n_" + std::to_string(j), "0", "Vsense" + id(l, j),
                          -spec_.outputTransresistance_ohm});
      }
      for (int r = 0; r < rows; ++r)
        for (const bool positive : {true, false}) {
          const std::size_t w = weight(l, r, 2 * j + (positive ? 0 : 1));
          if (values.device) {
            spice::ParameterList parameters = fitted;
            parameters.emplace_back("x", values.states[w]);
            n.add(spice::SubcircuitInstance{
                "Xw" + std::to_string(w), {rowNode(r, positive), column}, kReadView, std::move(parameters)});
          } else {
            if (!(values.conductances[w] > 0.0))
              throw std::invalid_argument("spiking network: weight " + std::to_string(w) + " has conductance " +
                                          formatNumber(values.conductances[w]) + " S; it must be > 0");
            n.add(spice::Resistor{resistor(w), rowNode(r, positive), column, 1.0 / values.conductances[w]});
          }
        }
    }
  }
  n.setOption("reltol", 1e-6);
  n.addAnalysis(spice::TransientAnalysis{grid.substep(), grid.steps * grid.dt_s, 0.0, grid.substep(), true});
  std::vector<std::string> printed;
  for (const auto& node : outputNodes()) printed.push_back(spice::nodeVoltage(node));
  if (spec_.readout == SpikeReadout::SpikeCount)
    for (const auto& vector : readoutVectors()) printed.push_back(vector);
  n.addPrint("tran", printed);
  return n;
}

}  // namespace memcosim::circuits
