// Backpropagation through crossbar arrays: forward and transposed reads as operating points.
#include "learning/crossbar_backprop.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace memcosim::learning {

CrossbarBackprop::CrossbarBackprop(solver::DcSolver& circuit, const circuits::CrossbarNetwork& network,
                                   WeightBank& weights, CrossbarSettings settings)
    : circuit_(circuit), network_(network), weights_(weights), settings_(std::move(settings)) {
  if (weights_.size() != network_.weightCount())
    throw std::invalid_argument("crossbar: the weight bank holds " + std::to_string(weights_.size()) +
                                " weights, the arrays " + std::to_string(network_.weightCount()));
  if (settings_.dacBits == 1 || settings_.dacBits < 0 || settings_.dacBits > 32)
    throw std::invalid_argument("crossbar: dac_bits must be 0 (none) or 2 to 32");
  if (settings_.adcBits == 1 || settings_.adcBits < 0 || settings_.adcBits > 32)
    throw std::invalid_argument("crossbar: adc_bits must be 0 (none) or 2 to 32");
  if (!(settings_.adcRange > 0.0)) throw std::invalid_argument("crossbar: adc_range must be > 0");
  circuit_.load(network_.netlist(weights_.values()));
  circuit_.save(network_.senseNodes());
  for (std::size_t w = 0; w < network_.weightCount(); ++w)
    siteHandles_.push_back(circuit_.handle(weights_.site(network_, w)));
  std::size_t saved = 0;
  for (int layer = 1; layer <= network_.layers(); ++layer) {
    auto& rows = rowHandles_.emplace_back();
    for (int i = 0; i <= network_.layerInputs(layer); ++i)
      rows.push_back(circuit_.handle(network_.rowSource(layer, i)));
    auto& columns = columnHandles_.emplace_back();
    for (int c = 0; c < 2 * network_.layerOutputs(layer); ++c)
      columns.push_back(circuit_.handle(network_.columnSource(layer, c)));
    rowSenseIndex_.push_back(saved);
    saved += rows.size();
    columnSenseIndex_.push_back(saved);
    saved += columns.size();
  }
}

double CrossbarBackprop::dac(double value) const {
  if (settings_.dacBits == 0) return value;
  const double levels = std::ldexp(1.0, settings_.dacBits - 1) - 1.0;
  return std::round(std::clamp(value, -1.0, 1.0) * levels) / levels;
}

double CrossbarBackprop::adc(double current) const {
  if (settings_.adcBits == 0) return current;
  const double fullScale = settings_.adcRange * network_.spec().readVoltage_volt * weights_.gMax();
  const double levels = std::ldexp(1.0, settings_.adcBits - 1) - 1.0;
  return std::round(std::clamp(current / fullScale, -1.0, 1.0) * levels) / levels * fullScale;
}

Eigen::VectorXd CrossbarBackprop::currents(int layer, bool columns) {
  const std::vector<double>& v = circuit_.solveNodes(/*warmStart=*/false);
  const auto l = static_cast<std::size_t>(layer - 1);
  const std::size_t first = columns ? columnSenseIndex_[l] : rowSenseIndex_[l];
  const std::size_t count = columns ? columnHandles_[l].size() : rowHandles_[l].size();
  Eigen::VectorXd i(static_cast<Eigen::Index>(count));
  for (std::size_t k = 0; k < count; ++k) {
    const double current = v[first + k] / network_.spec().transresistance_ohm;
    if (!std::isfinite(current))
      throw std::runtime_error("crossbar: layer " + std::to_string(layer) + " read a non-finite current");
    i(static_cast<Eigen::Index>(k)) = adc(current);
  }
  return i;
}

CrossbarBackprop::Forward CrossbarBackprop::forward(const Eigen::VectorXd& inputs) {
  if (inputs.size() != network_.inputCount())
    throw std::invalid_argument("crossbar: " + std::to_string(inputs.size()) + " input values for " +
                                std::to_string(network_.inputCount()) + " inputs");
  const double vRead = network_.spec().readVoltage_volt, scale = vRead * weights_.gMax();
  Forward f;
  Eigen::VectorXd a = inputs / vRead;
  for (int layer = 1; layer <= network_.layers(); ++layer) {
    const auto l = static_cast<std::size_t>(layer - 1);
    Eigen::VectorXd rows(a.size() + 1);
    for (Eigen::Index i = 0; i < a.size(); ++i) rows(i) = dac(a(i));
    rows(a.size()) = 1.0;
    for (Eigen::Index i = 0; i < rows.size(); ++i)
      circuit_.alter(rowHandles_[l][static_cast<std::size_t>(i)], vRead * rows(i));
    for (const std::size_t column : columnHandles_[l]) circuit_.alter(column, 0.0);
    const Eigen::VectorXd i = currents(layer, /*columns=*/true);
    Eigen::VectorXd z(network_.layerOutputs(layer));
    for (Eigen::Index j = 0; j < z.size(); ++j) z(j) = (i(2 * j) - i(2 * j + 1)) / scale;
    f.rows.push_back(std::move(rows));
    if (layer < network_.layers())
      a = z.unaryExpr([act = network_.spec().activation](double x) { return circuits::activate(act, x); });
    f.z.push_back(std::move(z));
  }
  return f;
}

Eigen::VectorXd CrossbarBackprop::transposedRead(int layer, const Eigen::VectorXd& delta) {
  const auto l = static_cast<std::size_t>(layer - 1);
  const double largest = delta.cwiseAbs().maxCoeff();
  if (!(largest > 0.0)) return Eigen::VectorXd::Zero(network_.layerInputs(layer));
  const double vRead = network_.spec().readVoltage_volt, s = vRead / largest;
  for (const std::size_t row : rowHandles_[l]) circuit_.alter(row, 0.0);
  for (Eigen::Index j = 0; j < delta.size(); ++j) {
    const double drive = vRead * dac(delta(j) / largest);
    circuit_.alter(columnHandles_[l][static_cast<std::size_t>(2 * j)], drive);
    circuit_.alter(columnHandles_[l][static_cast<std::size_t>(2 * j + 1)], -drive);
  }
  Eigen::VectorXd i;
  try {
    i = currents(layer, /*columns=*/false);
  } catch (...) {
    for (const std::size_t column : columnHandles_[l]) circuit_.alter(column, 0.0);
    throw;
  }
  for (const std::size_t column : columnHandles_[l]) circuit_.alter(column, 0.0);
  return i.head(network_.layerInputs(layer)) / (s * weights_.gMax());
}

CrossbarBackprop::Estimate CrossbarBackprop::estimateSample(const Eigen::VectorXd& inputs, int label) {
  const Forward f = forward(inputs);
  const int layers = network_.layers();
  Estimate e;
  e.outputs = f.z.back();
  e.loss = settings_.loss.value(e.outputs, label);
  e.gradient.resize(static_cast<Eigen::Index>(network_.weightCount()));
  Eigen::VectorXd delta = settings_.loss.gradient(e.outputs, label);
  const double gMax = weights_.gMax();
  for (int layer = layers; layer >= 1; --layer) {
    const auto l = static_cast<std::size_t>(layer - 1);
    const Eigen::VectorXd& rows = f.rows[l];
    const auto columns = static_cast<Eigen::Index>(2 * network_.layerOutputs(layer));
    auto offset = static_cast<Eigen::Index>(network_.layerOffset(layer));
    for (Eigen::Index i = 0; i < rows.size(); ++i)
      for (Eigen::Index j = 0; j < delta.size(); ++j) {
        const double g = rows(i) * delta(j) / gMax;
        e.gradient(offset + i * columns + 2 * j) = g;
        e.gradient(offset + i * columns + 2 * j + 1) = -g;
      }
    if (layer > 1) {
      const Eigen::VectorXd back = transposedRead(layer, delta);
      const Eigen::VectorXd& z = f.z[l - 1];
      delta = back.cwiseProduct(
          z.unaryExpr([act = network_.spec().activation](double x) { return circuits::activationSlope(act, x); }));
    }
  }
  return e;
}

BatchEstimate CrossbarBackprop::estimate(const Samples& samples, std::span<const std::size_t> batch) {
  return sumOverBatch(samples, batch, static_cast<Eigen::Index>(network_.weightCount()),
                      [this](const Eigen::VectorXd& inputs, int label) { return estimateSample(inputs, label); });
}

Eigen::VectorXd CrossbarBackprop::predict(const Eigen::VectorXd& inputs) { return forward(inputs).z.back(); }

}  // namespace memcosim::learning
