// Weights realised by memristors: pulses from requested changes, checkpoints of device state.
#include "learning/device_weights.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

#include "io/number.h"
#include "io/random.h"
#include "solver/dc_solver.h"
#include "spice/session.h"

namespace memcosim::learning {

DeviceWeights::DeviceWeights(const DeviceWeightSettings& settings, std::size_t count, std::mt19937_64& rng,
                             spice::Session& session)
    : accumulate_(settings.accumulate), write_(settings.write), rng_(rng()) {
  auto device = programming::fitWindow(settings.model, settings.rOn_ohm, settings.ratio, settings.parameters);
  const auto scheme = programming::defaultPulseScheme(device);
  programmer_ = std::make_unique<programming::DeviceProgrammer>(std::move(device), scheme, settings.engine, &session);
  programmer_->setVariation(settings.variation);
  if (settings.maxPulses > 0) programmer_->setMaxPulses(settings.maxPulses);
  states_.resize(count);
  factors_.resize(count);
  residuals_.assign(count, 0.0);
  for (std::size_t w = 0; w < count; ++w) {
    states_[w] = programmer_->stateForConductance(gMin() + (gMax() - gMin()) * io::uniform01(rng));
    factors_[w] = programmer_->drawDeviceFactor(rng);
  }
  // Linear read: h(u) = u across the window and the drops a network puts on a weight.
  const devices::NativeDevice& native = programmer_->native();
  for (int k = 0; k <= 4 && linearRead_; ++k) {
    const double x = programmer_->stateForConductance(gMin() + (gMax() - gMin()) * k / 4.0);
    const double slope = readSlope(x);
    for (const double u : {-2.0, -1.0, -0.5, 0.5, 1.0, 2.0})
      if (!(std::abs(native.currentSlopeX(u, x) / slope - u) <= 1e-6 * std::abs(u))) linearRead_ = false;
  }
}

double DeviceWeights::readSlope(double x) const {
  constexpr double kDelta = 1e-4;  // volts
  const devices::NativeDevice& device = programmer_->native();
  return (device.currentSlopeX(kDelta, x) - device.currentSlopeX(-kDelta, x)) / (2.0 * kDelta);
}

double DeviceWeights::readCoContent(std::size_t w, double a, double b) const {
  if (linearRead_) return WeightBank::readCoContent(w, a, b);
  constexpr std::array<double, 4> kNodes = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
                                            0.8611363115940526};
  constexpr std::array<double, 4> kWeights = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
                                              0.3478548451374538};
  const devices::NativeDevice& device = programmer_->native();
  const double x = states_[w];
  const double middle = 0.5 * (a + b), half = 0.5 * (b - a);
  double sum = 0.0;
  for (std::size_t k = 0; k < kNodes.size(); ++k) sum += kWeights[k] * device.currentSlopeX(middle + half * kNodes[k], x);
  return half * sum / readSlope(x);
}

void DeviceWeights::setState(std::size_t w, double x) {
  const auto& device = programmer_->device();
  if (!(x >= std::min(device.xOn, device.xOff) && x <= std::max(device.xOn, device.xOff)))
    throw std::invalid_argument("setState: x = " + io::formatNumber(x) + " lies outside the device window");
  states_.at(w) = x;
}

void DeviceWeights::apply(std::size_t w, double deltaG) {
  const double request = deltaG + (accumulate_ ? residuals_[w] : 0.0);
  const auto outcome = programmer_->write(write_, states_[w], request, factors_[w], rng_);
  states_[w] = outcome.state;
  pulses_ += outcome.pulses;

  if (!accumulate_) return;
  // Carry at most one pulse's worth: the nominal step for open loop, which counts nominal steps,
  // else the step of one pulse from the new state in the residual's direction, so a request too
  // small for one local pulse still builds up to it. At a bound that step is 0 and the residual
  // is dropped instead of piling up against a device that cannot follow.
  const double residual = request - outcome.believed;
  const double limit = write_ == programming::WritePolicy::OpenLoop
                           ? programmer_->nominalStep()
                           : programmer_->stepAt(states_[w], residual > 0.0);
  residuals_[w] = std::clamp(residual, -limit, limit);
}

void DeviceWeights::write(solver::DcSolver& circuit, const circuits::WeightSites& sites, std::size_t w) const {
  circuit.alter(sites.stateSource(w), states_[w]);
}

circuits::WeightValues DeviceWeights::values() const {
  return {{}, circuits::DeviceReadView{&programmer_->device().parameters}, states_};
}

nlohmann::json DeviceWeights::save() const {
  std::ostringstream rng;
  rng << rng_;
  return {{"states", states_}, {"factors", factors_}, {"residuals", residuals_},
          {"rng", rng.str()},  {"pulses", pulses_},   {"model", programmer_->device().parameters.model().name}};
}

void DeviceWeights::restore(const nlohmann::json& saved) {
  auto states = saved.at("states").get<std::vector<double>>();
  auto factors = saved.at("factors").get<std::vector<double>>();
  if (states.size() != states_.size() || factors.size() != factors_.size())
    throw std::runtime_error("checkpoint holds " + std::to_string(states.size()) + " device states, the network has " +
                             std::to_string(states_.size()));
  if (saved.at("model").get<std::string>() != programmer_->device().parameters.model().name)
    throw std::runtime_error("checkpoint was written for device model " + saved.at("model").get<std::string>());
  auto residuals = saved.at("residuals").get<std::vector<double>>();
  if (residuals.size() != states.size()) throw std::runtime_error("checkpoint: residuals do not match the devices");
  // Every value must be one this bank could have reached: states inside the window, finite
  // non-negative step factors, residuals within one pulse's step.
  const auto& device = programmer_->device();
  const double low = std::min(device.xOn, device.xOff), high = std::max(device.xOn, device.xOff);
  const double slack = 1e-9 * (high - low);
  // A residual is at most one pulse's step: the nominal one, or the largest a pulse makes.
  const double residualLimit =
      (1.0 + 1e-9) * std::max(programmer_->nominalStep(), programmer_->largestStep());
  for (std::size_t w = 0; w < states.size(); ++w) {
    if (!std::isfinite(states[w]) || states[w] < low - slack || states[w] > high + slack)
      throw std::runtime_error("checkpoint: weights.states[" + std::to_string(w) +
                               "] = " + io::formatNumber(states[w]) + " lies outside the device window [" +
                               io::formatNumber(low) + ", " + io::formatNumber(high) + "]");
    if (!std::isfinite(factors[w]) || factors[w] < 0.0)
      throw std::runtime_error("checkpoint: weights.factors[" + std::to_string(w) +
                               "] = " + io::formatNumber(factors[w]) + " is not a finite factor ≥ 0");
    if (!std::isfinite(residuals[w]) || std::abs(residuals[w]) > residualLimit)
      throw std::runtime_error("checkpoint: weights.residuals[" + std::to_string(w) +
                               "] = " + io::formatNumber(residuals[w]) + " exceeds one pulse's step (" +
                               io::formatNumber(residualLimit) + " S)");
  }
  std::istringstream rngText(saved.at("rng").get<std::string>());
  std::mt19937_64 rng;
  rngText >> rng;
  if (!rngText) throw std::runtime_error("checkpoint: weights.rng is not a random-generator state");
  const auto pulses = saved.at("pulses").get<std::int64_t>();
  if (pulses < 0) throw std::runtime_error("checkpoint: weights.pulses is negative");
  states_ = std::move(states);
  factors_ = std::move(factors);
  residuals_ = std::move(residuals);
  rng_ = rng;
  pulses_ = pulses;
}

}  // namespace memcosim::learning
