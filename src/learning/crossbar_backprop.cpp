// Backpropagation through crossbar arrays: forward and transposed reads (operating points or, with
// ideal wires, matrix products checked against them), and the parallel writes' half-select disturb.
#include "learning/crossbar_backprop.h"
#include "io/random.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace memcosim::learning {

WriteScheme parseWriteScheme(const std::string& name) {
  if (name == "isolated") return WriteScheme::Isolated;
  if (name == "v/2") return WriteScheme::HalfVoltage;
  if (name == "v/3") return WriteScheme::ThirdVoltage;
  throw std::invalid_argument("write scheme \"" + name + "\": expected isolated, v/2 or v/3");
}

Algorithm parseAlgorithm(const std::string& name) {
  if (name == "sgd") return Algorithm::Sgd;
  if (name == "tiki-taka") return Algorithm::TikiTaka;
  if (name == "shd") return Algorithm::Hamiltonian;
  if (name == "ttv2" || name == "c-ttv2") return Algorithm::BufferedTransfer;
  throw std::invalid_argument("algorithm \"" + name + "\": expected sgd, tiki-taka, shd, ttv2 or c-ttv2");
}

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
  if (settings_.writeScheme != WriteScheme::Isolated && !weights_.canDisturb())
    throw std::invalid_argument(
        "crossbar: a parallel write (v/2, v/3) disturbs half-selected devices through their physical model's write "
        "view, which ideal conductances and pulse-level devices do not have; use a physical model or "
        "write_scheme = \"isolated\"");
  const bool coupled = settings_.algorithm != Algorithm::Sgd;
  if (coupled != (network_.spec().arrays == 2))
    throw std::invalid_argument(
        "crossbar: Tiki-Taka, SHD and TTv2 train two arrays per layer, SGD one; the network has " +
        std::to_string(network_.spec().arrays));
  if (settings_.algorithm == Algorithm::TikiTaka && !(network_.spec().fastGain > 0.0))
    throw std::invalid_argument("crossbar: Tiki-Taka reads γA + C and needs γ > 0");
  if ((settings_.algorithm == Algorithm::Hamiltonian || settings_.algorithm == Algorithm::BufferedTransfer) &&
      network_.spec().fastGain != 0.0)
    throw std::invalid_argument("crossbar: SHD and TTv2 read W = C alone (γ = 0)");
  if (!(settings_.bufferThreshold > 0.0) || !std::isfinite(settings_.bufferThreshold))
    throw std::invalid_argument("crossbar: buffer_threshold must be finite and > 0");
  if (!(settings_.chopProbability >= 0.0 && settings_.chopProbability <= 1.0))
    throw std::invalid_argument("crossbar: chop_probability must be in [0, 1]");
  if (settings_.transferEvery < 1) throw std::invalid_argument("crossbar: transfer_every must be ≥ 1");
  if (!(settings_.transferRate > 0.0) || !(settings_.hamiltonianRate > 0.0) || !std::isfinite(settings_.transferRate) ||
      !std::isfinite(settings_.hamiltonianRate))
    throw std::invalid_argument("crossbar: transfer_rate and hamiltonian_rate must be finite and > 0");
  if (coupled && settings_.writeScheme != WriteScheme::Isolated)
    throw std::invalid_argument(
        "crossbar: Tiki-Taka, SHD and TTv2 write their arrays device by device (write_scheme = "
        "\"isolated\")");
  if (coupled) {
    nextRow_.assign(static_cast<std::size_t>(network_.layers()), 0);
    if (settings_.algorithm == Algorithm::BufferedTransfer) {
      for (int layer = 1; layer <= network_.layers(); ++layer) {
        buffers_.push_back(Eigen::MatrixXd::Zero(network_.layerInputs(layer) + 1, network_.layerOutputs(layer)));
        choppers_.emplace_back(static_cast<std::size_t>(network_.layerInputs(layer) + 1), 1);
      }
      chopDraws_ = io::seedStream(settings_.seed, 3);
    }
    // A starts at zero: each pair's G⁻ is written to its partner's G⁺, before the circuit is
    // built from the bank (so the deck holds it, with nothing altered afterwards).
    for (int layer = 1; layer <= network_.layers(); ++layer) {
      const int n = network_.layerInputs(layer);
      for (int row = n + 1; row < network_.layerRows(layer); ++row)
        for (int j = 0; j < network_.layerOutputs(layer); ++j) {
          const std::size_t plus = network_.weight(layer, row, 2 * j);
          weights_.apply(plus + 1, weights_.conductance(plus) - weights_.conductance(plus + 1));
        }
    }
  }
  circuit_.load(network_.netlist(weights_.values()));
  circuit_.save(network_.senseNodes());
  for (std::size_t w = 0; w < network_.weightCount(); ++w)
    siteHandles_.push_back(circuit_.handle(weights_.site(network_, w)));
  std::size_t saved = 0;
  for (int layer = 1; layer <= network_.layers(); ++layer) {
    auto& rows = rowHandles_.emplace_back();
    for (int i = 0; i < network_.layerRows(layer); ++i) rows.push_back(circuit_.handle(network_.rowSource(layer, i)));
    auto& columns = columnHandles_.emplace_back();
    for (int c = 0; c < 2 * network_.layerOutputs(layer); ++c)
      columns.push_back(circuit_.handle(network_.columnSource(layer, c)));
    rowSenseIndex_.push_back(saved);
    saved += rows.size();
    columnSenseIndex_.push_back(saved);
    saved += columns.size();
  }
  if (settings_.closedForm && network_.spec().wireResistance_ohm == 0.0 && weights_.linearRead()) {
    for (int layer = 1; layer <= network_.layers(); ++layer)
      conductances_.emplace_back(network_.layerRows(layer), 2 * network_.layerOutputs(layer));
    // The circuit was loaded with these values: only the matrices need them.
    for (std::size_t w = 0; w < network_.weightCount(); ++w) conductanceEntry(w) = weights_.conductance(w);
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

double& CrossbarBackprop::conductanceEntry(std::size_t w) {
  int layer = network_.layers();
  while (w < network_.layerOffset(layer)) --layer;
  const std::size_t k = w - network_.layerOffset(layer),
                    columns = 2 * static_cast<std::size_t>(network_.layerOutputs(layer));
  return conductances_[static_cast<std::size_t>(layer - 1)](static_cast<Eigen::Index>(k / columns),
                                                            static_cast<Eigen::Index>(k % columns));
}

void CrossbarBackprop::writeWeight(std::size_t w) {
  circuit_.alter(siteHandles_[w], weights_.siteValue(w));
  if (closedForm()) conductanceEntry(w) = weights_.conductance(w);
}

bool closedFormAgrees(const Eigen::VectorXd& closed, const Eigen::VectorXd& solved, double fullScale_amp) {
  if (!closed.allFinite() || !solved.allFinite()) return false;
  const double scale = std::max(solved.cwiseAbs().maxCoeff(), fullScale_amp);
  return (closed - solved).cwiseAbs().maxCoeff() <= kClosedFormTolerance * scale;
}

Eigen::VectorXd CrossbarBackprop::solveRead(int layer, bool transposed, const Eigen::VectorXd& drive) {
  const auto l = static_cast<std::size_t>(layer - 1);
  const auto& driven = transposed ? columnHandles_[l] : rowHandles_[l];
  const auto& grounded = transposed ? rowHandles_[l] : columnHandles_[l];
  for (const std::size_t h : grounded) circuit_.alter(h, 0.0);
  for (std::size_t k = 0; k < driven.size(); ++k) circuit_.alter(driven[k], drive(static_cast<Eigen::Index>(k)));
  // The training deck keeps every column end at 0 V between reads.
  struct ColumnsToZero {
    CrossbarBackprop& self;
    std::size_t l;
    bool active;
    ~ColumnsToZero() {
      if (active)
        for (const std::size_t h : self.columnHandles_[l]) self.circuit_.alter(h, 0.0);
    }
  } reset{*this, l, transposed};
  const std::vector<double>& v = circuit_.solveNodes(/*warmStart=*/false);
  const std::size_t first = transposed ? rowSenseIndex_[l] : columnSenseIndex_[l];
  Eigen::VectorXd i(static_cast<Eigen::Index>(grounded.size()));
  for (Eigen::Index k = 0; k < i.size(); ++k)
    i(k) = v[first + static_cast<std::size_t>(k)] / network_.spec().transresistance_ohm;
  return i;
}

Eigen::VectorXd CrossbarBackprop::read(int layer, bool transposed, const Eigen::VectorXd& drive) {
  Eigen::VectorXd i;
  if (!closedForm()) {
    i = solveRead(layer, transposed, drive);
  } else {
    const Eigen::MatrixXd& g = conductances_[static_cast<std::size_t>(layer - 1)];
    i = transposed ? Eigen::VectorXd(g * drive) : Eigen::VectorXd(g.transpose() * drive);
    if (circuit_.checkEvery() > 0 && ++reads_ % circuit_.checkEvery() == 0) {
      ++closedFormChecks_;
      circuit_.checkNextSolve();
      const Eigen::VectorXd solved = solveRead(layer, transposed, drive);
      const double fullScale = weights_.gMax() * network_.spec().readVoltage_volt;
      if (!closedFormAgrees(i, solved, fullScale)) {
        const double scale = std::max(solved.cwiseAbs().maxCoeff(), fullScale);
        Eigen::Index worst = 0;
        const double difference = (i - solved).cwiseAbs().maxCoeff(&worst);
        throw std::runtime_error(fmt::format(
            "crossbar: layer {}'s {} read in closed form disagrees with the circuit at {} {}: {:.12g} A against "
            "{:.12g} A (relative {:.3g} > {:.0e}); train with solver = \"ngspice\"",
            layer, transposed ? "transposed" : "forward", transposed ? "row" : "column", worst, i(worst), solved(worst),
            difference / scale, kClosedFormTolerance));
      }
    }
  }
  for (Eigen::Index k = 0; k < i.size(); ++k) {
    if (!std::isfinite(i(k)))
      throw std::runtime_error("crossbar: layer " + std::to_string(layer) + " read a non-finite current");
    i(k) = adc(i(k));
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
    Eigen::VectorXd rows(a.size() + 1);
    for (Eigen::Index i = 0; i < a.size(); ++i) rows(i) = dac(a(i));
    rows(a.size()) = 1.0;
    Eigen::VectorXd drive(network_.layerRows(layer));
    drive.head(rows.size()) = vRead * rows;
    if (drive.size() > rows.size()) drive.tail(rows.size()) = network_.spec().fastGain * vRead * rows;  // A: γ·V
    const Eigen::VectorXd i = read(layer, /*transposed=*/false, drive);
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
  const double largest = delta.cwiseAbs().maxCoeff();
  if (!(largest > 0.0)) return Eigen::VectorXd::Zero(network_.layerInputs(layer));
  const double vRead = network_.spec().readVoltage_volt, s = vRead / largest;
  Eigen::VectorXd drive(2 * delta.size());
  for (Eigen::Index j = 0; j < delta.size(); ++j) {
    drive(2 * j) = vRead * dac(delta(j) / largest);
    drive(2 * j + 1) = -drive(2 * j);
  }
  const Eigen::VectorXd i = read(layer, /*transposed=*/true, drive);
  const int n = network_.layerInputs(layer);
  Eigen::VectorXd rows = i.head(n);
  if (network_.spec().arrays == 2 && network_.spec().fastGain > 0.0)
    rows += network_.spec().fastGain * i.segment(n + 1, n);  // (C + γA)ᵀδ
  return rows / (s * weights_.gMax());
}

CrossbarBackprop::Estimate CrossbarBackprop::estimateSample(const Eigen::VectorXd& inputs, int label) {
  const Forward f = forward(inputs);
  const int layers = network_.layers();
  Estimate e;
  e.outputs = f.z.back();
  e.loss = settings_.loss.value(e.outputs, label);
  e.gradient = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(network_.weightCount()));
  const bool coupled = network_.spec().arrays == 2;  // the gradient at W goes to A's rows alone
  Eigen::VectorXd delta = settings_.loss.gradient(e.outputs, label);
  const double gMax = weights_.gMax();
  for (int layer = layers; layer >= 1; --layer) {
    const auto l = static_cast<std::size_t>(layer - 1);
    const Eigen::VectorXd& rows = f.rows[l];
    const auto columns = static_cast<Eigen::Index>(2 * network_.layerOutputs(layer));
    const auto offset =
        static_cast<Eigen::Index>(network_.weight(layer, coupled ? static_cast<int>(rows.size()) : 0, 0));
    const std::vector<int>* chopper = choppers_.empty() ? nullptr : &choppers_[l];
    for (Eigen::Index i = 0; i < rows.size(); ++i)
      for (Eigen::Index j = 0; j < delta.size(); ++j) {
        const double g = (chopper != nullptr ? (*chopper)[static_cast<std::size_t>(i)] : 1) * rows(i) * delta(j) / gMax;
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
  if (settings_.writeScheme != WriteScheme::Isolated) {
    batchStartConductances_ = weights_.conductances();
    batchStartPulses_.clear();
    for (const auto& account : weights_.writeAccounts()) batchStartPulses_.push_back(account.pulses);
  }
  return sumOverBatch(samples, batch, static_cast<Eigen::Index>(network_.weightCount()),
                      [this](const Eigen::VectorXd& inputs, int label) { return estimateSample(inputs, label); });
}

Eigen::VectorXd CrossbarBackprop::predict(const Eigen::VectorXd& inputs) { return forward(inputs).z.back(); }

Eigen::VectorXd CrossbarBackprop::readFastRow(int layer, int row) {
  const int n = network_.layerInputs(layer);
  const double vRead = network_.spec().readVoltage_volt;
  Eigen::VectorXd i;
  if (closedForm()) {
    // The product with one row driven, without multiplying the others' zeros.
    i = conductances_[static_cast<std::size_t>(layer - 1)].row(n + 1 + row).transpose() * vRead;
    for (Eigen::Index k = 0; k < i.size(); ++k) i(k) = adc(i(k));
  } else {
    Eigen::VectorXd drive = Eigen::VectorXd::Zero(network_.layerRows(layer));
    drive(n + 1 + row) = vRead;
    i = read(layer, /*transposed=*/false, drive);
  }
  Eigen::VectorXd v(network_.layerOutputs(layer));
  for (Eigen::Index j = 0; j < v.size(); ++j) v(j) = (i(2 * j) - i(2 * j + 1)) / (vRead * weights_.gMax());
  return v;
}

void CrossbarBackprop::writeSlowRow(int layer, int row, const Eigen::VectorXd& delta) {
  for (Eigen::Index j = 0; j < delta.size(); ++j) {
    const double change = delta(j) * weights_.gMax() / 2;
    const std::size_t plus = network_.weight(layer, row, 2 * static_cast<int>(j));
    for (const auto& [w, sign] : {std::pair{plus, 1.0}, std::pair{plus + 1, -1.0}}) {
      const double before = weights_.conductance(w);
      weights_.apply(w, sign * change);
      if (weights_.conductance(w) != before) writeWeight(w);
    }
  }
}

void CrossbarBackprop::transfer() {
  ++batches_;
  const bool everyRow = settings_.algorithm == Algorithm::Hamiltonian;  // else one row in turn
  if (!everyRow && batches_ % settings_.transferEvery != 0) return;
  for (int layer = 1; layer <= network_.layers(); ++layer) {
    const int rows = network_.layerInputs(layer) + 1;
    int& next = nextRow_[static_cast<std::size_t>(layer - 1)];
    for (int k = 0; k < (everyRow ? rows : 1); ++k) {
      const int row = everyRow ? k : next;
      if (settings_.algorithm == Algorithm::BufferedTransfer)
        bufferedTransfer(layer, row);
      else
        writeSlowRow(layer, row,
                     (everyRow ? settings_.hamiltonianRate : settings_.transferRate) * readFastRow(layer, row));
      ++transfers_;
    }
    if (!everyRow) next = (next + 1) % rows;
  }
}

void CrossbarBackprop::bufferedTransfer(int layer, int row) {
  const auto l = static_cast<std::size_t>(layer - 1);
  int& chopper = choppers_[l][static_cast<std::size_t>(row)];
  auto h = buffers_[l].row(row);
  h += settings_.transferRate * chopper * readFastRow(layer, row).transpose();
  const double theta = settings_.bufferThreshold;
  const Eigen::VectorXd whole =
      (h.array() / theta).unaryExpr([](double x) { return std::trunc(x); }).matrix().transpose();
  if (whole.cwiseAbs().maxCoeff() > 0.0) {
    writeSlowRow(layer, row, theta * whole);
    h -= theta * whole.transpose();
  }
  if (settings_.chopProbability > 0.0 && io::uniform01(chopDraws_) < settings_.chopProbability) chopper = -chopper;
}

nlohmann::json CrossbarBackprop::save() const {
  if (settings_.algorithm == Algorithm::Sgd) return nullptr;
  nlohmann::json saved = {{"batches", batches_}, {"transfers", transfers_}, {"next_rows", nextRow_}};
  if (settings_.algorithm == Algorithm::BufferedTransfer) {
    nlohmann::json buffers = nlohmann::json::array();
    for (const auto& h : buffers_) buffers.push_back(std::vector<double>(h.data(), h.data() + h.size()));
    std::ostringstream draws;
    draws << chopDraws_;
    saved["buffers"] = buffers;
    saved["choppers"] = choppers_;
    saved["chopper_draws"] = draws.str();
  }
  return saved;
}

void CrossbarBackprop::restore(const nlohmann::json& saved) {
  if (settings_.algorithm == Algorithm::Sgd) {
    GradientEstimator::restore(saved);
    return;
  }
  if (!saved.is_object())
    throw std::runtime_error("estimator: the transfer schedule of Tiki-Taka, SHD or TTv2 is missing");
  const auto batches = saved.at("batches").get<long long>(), transfers = saved.at("transfers").get<long long>();
  const auto next = saved.at("next_rows").get<std::vector<int>>();
  if (batches < 0 || transfers < 0) throw std::runtime_error("estimator: negative batch or transfer count");
  if (next.size() != nextRow_.size()) throw std::runtime_error("estimator.next_rows: one per layer expected");
  for (int layer = 1; layer <= network_.layers(); ++layer) {
    const int row = next[static_cast<std::size_t>(layer - 1)];
    if (row < 0 || row > network_.layerInputs(layer))
      throw std::runtime_error("estimator.next_rows[" + std::to_string(layer - 1) + "] = " + std::to_string(row) +
                               " is not a row of the layer");
  }
  if (settings_.algorithm == Algorithm::BufferedTransfer) restoreBuffers(saved);
  batches_ = batches;
  transfers_ = transfers;
  nextRow_ = next;
}

void CrossbarBackprop::restoreBuffers(const nlohmann::json& saved) {
  if (!saved.contains("buffers") || !saved.contains("choppers") || !saved.contains("chopper_draws"))
    throw std::runtime_error("estimator: TTv2's buffers, choppers or chopper draws are missing");
  const auto buffers = saved.at("buffers").get<std::vector<std::vector<double>>>();
  const auto choppers = saved.at("choppers").get<std::vector<std::vector<int>>>();
  if (buffers.size() != buffers_.size() || choppers.size() != choppers_.size())
    throw std::runtime_error("estimator.buffers, estimator.choppers: one per layer expected");
  std::vector<Eigen::MatrixXd> restored = buffers_;
  for (std::size_t l = 0; l < buffers_.size(); ++l) {
    if (buffers[l].size() != static_cast<std::size_t>(buffers_[l].size()) || choppers[l].size() != choppers_[l].size())
      throw std::runtime_error("estimator.buffers[" + std::to_string(l) + "]: the layer's buffer has another size");
    for (const double value : buffers[l])
      if (!std::isfinite(value)) throw std::runtime_error("estimator.buffers: a value is not finite");
    for (const int sign : choppers[l])
      if (sign != 1 && sign != -1) throw std::runtime_error("estimator.choppers: a chopper is not ±1");
    restored[l] = Eigen::Map<const Eigen::MatrixXd>(buffers[l].data(), buffers_[l].rows(), buffers_[l].cols());
  }
  std::istringstream draws(saved.at("chopper_draws").get<std::string>());
  std::mt19937_64 engine;
  if (!(draws >> engine)) throw std::runtime_error("estimator.chopper_draws: not a generator state");
  buffers_ = std::move(restored);
  choppers_ = choppers;
  chopDraws_ = engine;
}

void CrossbarBackprop::afterUpdate() {
  if (settings_.algorithm != Algorithm::Sgd) transfer();
  if (settings_.writeScheme == WriteScheme::Isolated || batchStartPulses_.empty()) return;
  const auto accounts = weights_.writeAccounts();
  const std::vector<double> programmed = weights_.conductances();
  const programming::PulseScheme pulses = weights_.pulseScheme();
  const bool third = settings_.writeScheme == WriteScheme::ThirdVoltage;
  const double share = third ? 1.0 / 3.0 : 0.5;
  for (int layer = 1; layer <= network_.layers(); ++layer) {
    const std::size_t offset = network_.layerOffset(layer);
    const auto rows = static_cast<std::size_t>(network_.layerRows(layer));
    const auto columns = static_cast<std::size_t>(2 * network_.layerOutputs(layer));
    // Pulses and polarity (+1 set, −1 reset) of each device in this batch.
    std::vector<std::int64_t> count(rows * columns);
    std::vector<int> polarity(rows * columns, 0);
    for (std::size_t k = 0; k < count.size(); ++k) {
      const std::size_t w = offset + k;
      count[k] = accounts[w].pulses - batchStartPulses_[w];
      if (count[k] == 0) continue;
      const double change = programmed[w] - batchStartConductances_[w];
      polarity[k] = change > 0.0 ? 1 : change < 0.0 ? -1 : programmed[w] >= weights_.gMax() ? 1 : -1;
    }
    for (const int phase : {1, -1}) {
      const double amplitude = phase > 0 ? pulses.setAmplitude_volt : pulses.resetAmplitude_volt;
      const double width = phase > 0 ? pulses.setWidth_seconds : pulses.resetWidth_seconds;
      const auto n = [&](std::size_t r, std::size_t c) {
        return polarity[r * columns + c] == phase ? count[r * columns + c] : 0;
      };
      std::vector<std::int64_t> slots(rows, 0), selected(columns, 0);  // K_r; Σ_r n_rc
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < columns; ++c) {
          slots[r] = std::max(slots[r], n(r, c));
          selected[c] += n(r, c);
        }
      std::int64_t allSlots = 0;
      for (const auto k : slots) allSlots += k;
      if (allSlots == 0) continue;
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < columns; ++c) {
          const std::int64_t others = selected[c] - n(r, c);  // other rows' slots selecting column c
          const std::int64_t half = (slots[r] - n(r, c)) + others;
          const std::int64_t opposite = third ? (allSlots - slots[r]) - others : 0;
          const std::size_t w = offset + r * columns + c;
          weights_.disturb(w, share * amplitude, width, static_cast<int>(half));
          weights_.disturb(w, -share * amplitude, width, static_cast<int>(opposite));
          halfSelectPulses_ += half + opposite;
        }
    }
    for (std::size_t k = 0; k < count.size(); ++k)
      if (weights_.conductance(offset + k) != programmed[offset + k]) writeWeight(offset + k);
  }
}

}  // namespace memcosim::learning
