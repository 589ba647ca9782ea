// Weights realised by memristors: pulses from requested changes, checkpoints of device state.
#include "learning/device_weights.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "io/number.h"
#include "solver/dc_solver.h"
#include "spice/session.h"

namespace memcosim::learning {

DeviceWeights::DeviceWeights(const DeviceWeightSettings& settings, std::size_t count, std::mt19937_64& rng,
                             spice::Session& session)
    : rng_(rng()), accumulate_(settings.accumulate), write_(settings.write) {
  auto device = programming::fitWindow(settings.model, settings.rOn_ohm, settings.ratio, settings.parameters);
  const auto scheme = programming::defaultPulseScheme(device);
  programmer_ = std::make_unique<programming::DeviceProgrammer>(std::move(device), scheme, settings.engine, &session);
  programmer_->setVariation(settings.variation);
  if (settings.maxPulses > 0) programmer_->setMaxPulses(settings.maxPulses);
  states_.resize(count);
  factors_.resize(count);
  residuals_.assign(count, 0.0);
  for (std::size_t w = 0; w < count; ++w) {
    states_[w] = programmer_->stateForConductance(gMin() + (gMax() - gMin()) * uniform01(rng));
    factors_[w] = programmer_->drawDeviceFactor(rng);
  }
}

int DeviceWeights::writeVerify(std::size_t w, double target) {
  const auto& p = *programmer_;
  target = std::clamp(target, p.gMin(), p.gMax());
  int pulses = 0;
  while (pulses < p.maxPulses()) {
    const double g = p.conductance(states_[w]);
    const bool up = target > g;
    const double next = up ? p.stateAfterSet(states_[w]) : p.stateAfterReset(states_[w]);
    const double expected = std::abs(p.conductance(next) - g);
    // Stop once one more pulse would be expected to overshoot by more than it closes.
    if (std::abs(target - g) <= 0.5 * expected || expected == 0.0) break;
    states_[w] = p.program(states_[w], up ? p.nominalStep() : -p.nominalStep(), factors_[w], rng_).state;
    ++pulses;
  }
  return pulses;
}

void DeviceWeights::apply(std::size_t w, double deltaG) {
  const double request = deltaG + (accumulate_ ? residuals_[w] : 0.0);
  if (write_ == DeviceWeightSettings::Write::Verify) {
    const double before = conductance(w);
    pulses_ += writeVerify(w, before + request);
    if (accumulate_) {
      const double step = programmer_->nominalStep();
      residuals_[w] = std::clamp(request - (conductance(w) - before), -step, step);
    }
    return;
  }
  const auto outcome = programmer_->program(states_[w], request, factors_[w], rng_);
  states_[w] = outcome.state;
  pulses_ += outcome.pulses;
  if (accumulate_) {
    const double written = (request > 0.0 ? 1.0 : -1.0) * outcome.pulses * programmer_->nominalStep();
    // At a bound the device cannot follow: drop what it could not write instead of piling it up.
    residuals_[w] = std::clamp(request - written, -programmer_->nominalStep(), programmer_->nominalStep());
  }
}

void DeviceWeights::write(solver::DcSolver& circuit, const circuits::EqPropNetwork& network, std::size_t w) const {
  circuit.alter(network.stateSourceName(w), states_[w]);
}

spice::Netlist DeviceWeights::netlist(const circuits::EqPropNetwork& network, const std::vector<double>& inputs) const {
  return network.netlist({}, circuits::DeviceWeights{&programmer_->device().parameters}, states_, inputs);
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
  // non-negative step factors, residuals within one nominal step.
  const auto& device = programmer_->device();
  const double low = std::min(device.xOn, device.xOff), high = std::max(device.xOn, device.xOff);
  const double slack = 1e-9 * (high - low);
  for (std::size_t w = 0; w < states.size(); ++w) {
    if (!std::isfinite(states[w]) || states[w] < low - slack || states[w] > high + slack)
      throw std::runtime_error("checkpoint: weights.states[" + std::to_string(w) +
                               "] = " + io::formatNumber(states[w]) + " lies outside the device window [" +
                               io::formatNumber(low) + ", " + io::formatNumber(high) + "]");
    if (!std::isfinite(factors[w]) || factors[w] < 0.0)
      throw std::runtime_error("checkpoint: weights.factors[" + std::to_string(w) +
                               "] = " + io::formatNumber(factors[w]) + " is not a finite factor ≥ 0");
    if (!std::isfinite(residuals[w]) || std::abs(residuals[w]) > programmer_->nominalStep() * (1.0 + 1e-9))
      throw std::runtime_error("checkpoint: weights.residuals[" + std::to_string(w) +
                               "] = " + io::formatNumber(residuals[w]) + " exceeds one nominal step");
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
