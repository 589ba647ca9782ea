// Weights realised by memristors: weight w is device w, written through the programming layer.
#include "learning/device_weights.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "io/number.h"
#include "io/random.h"
#include "solver/dc_solver.h"
#include "spice/session.h"

namespace memcosim::learning {

DeviceWeights::DeviceWeights(const DeviceWeightSettings& settings, std::size_t count, std::mt19937_64& rng,
                             spice::Session& session)
    : ProgrammedWeights(count, settings.write, settings.accumulate, /*electrical=*/true, rng) {
  auto device = programming::fitWindow(settings.model, settings.rOn_ohm, settings.ratio, settings.parameters);
  const auto scheme = programming::defaultPulseScheme(device);
  programmer_ = std::make_unique<programming::DeviceProgrammer>(std::move(device), scheme, settings.engine, &session);
  programmer_->setVariation(settings.variation);
  if (settings.maxPulses > 0) programmer_->setMaxPulses(settings.maxPulses);
  devices_.reserve(count);
  for (std::size_t w = 0; w < count; ++w)
    devices_.emplace_back(*programmer_,
                          programmer_->stateForConductance(gMin() + (gMax() - gMin()) * io::uniform01(rng)), rng);
  // Linear read: h(u) = u across the window and the drops a network puts on a weight.
  const devices::NativeDevice& native = programmer_->native();
  for (int k = 0; k <= 4 && linearRead_; ++k) {
    const double x = programmer_->stateForConductance(gMin() + (gMax() - gMin()) * k / 4.0);
    const double slope = readSlope(x);
    for (const double u : {-2.0, -1.0, -0.5, 0.5, 1.0, 2.0})
      if (!(std::abs(native.currentSlopeX(u, x) / slope - u) <= 1e-6 * std::abs(u))) linearRead_ = false;
  }
  if (!linearRead_) {
    readSlopes_.resize(count);
    for (std::size_t w = 0; w < count; ++w) stateChanged(w);
  }
}

double DeviceWeights::readSlope(double x) const {
  constexpr double kDelta = 1e-4;  // volts
  const devices::NativeDevice& device = programmer_->native();
  return (device.currentSlopeX(kDelta, x) - device.currentSlopeX(-kDelta, x)) / (2.0 * kDelta);
}

void DeviceWeights::stateChanged(std::size_t w) {
  if (!linearRead_) readSlopes_[w] = readSlope(devices_[w].visibleState());
}

double DeviceWeights::readCoContent(std::size_t w, double a, double b) const {
  if (linearRead_) return WeightBank::readCoContent(w, a, b);
  constexpr std::array<double, 4> kNodes = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
                                            0.8611363115940526};
  constexpr std::array<double, 4> kWeights = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
                                              0.3478548451374538};
  const devices::NativeDevice& device = programmer_->native();
  const double x = devices_[w].visibleState();
  const double middle = 0.5 * (a + b), half = 0.5 * (b - a);
  double sum = 0.0;
  for (std::size_t k = 0; k < kNodes.size(); ++k)
    sum += kWeights[k] * device.currentSlopeX(middle + half * kNodes[k], x);
  return half * sum / readSlopes_[w];
}

void DeviceWeights::setState(std::size_t w, double x) {
  devices_.at(w).setState(x);
  stateChanged(w);
}

std::string DeviceWeights::site(const circuits::WeightSites& sites, std::size_t w) const {
  return sites.stateSource(w);
}

double DeviceWeights::siteValue(std::size_t w) const { return devices_[w].visibleState(); }

circuits::WeightValues DeviceWeights::values() const {
  std::vector<double> states;
  states.reserve(devices_.size());
  for (const auto& device : devices_) states.push_back(device.visibleState());
  return {{}, circuits::DeviceReadView{&programmer_->device().parameters}, std::move(states), gMax()};
}

nlohmann::json DeviceWeights::save() const {
  std::vector<double> states, factors;
  for (const auto& device : devices_) {
    states.push_back(device.state());
    factors.push_back(device.factor());
  }
  nlohmann::json saved = saveProgramming();
  saved.update({{"states", states}, {"factors", factors}, {"model", programmer_->device().parameters.model().name}});
  return saved;
}

void DeviceWeights::restore(const nlohmann::json& saved) {
  auto states = saved.at("states").get<std::vector<double>>();
  auto factors = saved.at("factors").get<std::vector<double>>();
  if (states.size() != devices_.size() || factors.size() != devices_.size())
    throw std::runtime_error("checkpoint holds " + std::to_string(states.size()) + " device states, the network has " +
                             std::to_string(devices_.size()));
  if (saved.at("model").get<std::string>() != programmer_->device().parameters.model().name)
    throw std::runtime_error("checkpoint was written for device model " + saved.at("model").get<std::string>());
  // Every value must be one this bank could have reached: states inside the window, finite
  // non-negative step factors, residuals within one pulse's step (the nominal one, or the
  // largest a pulse makes).
  for (std::size_t w = 0; w < states.size(); ++w) {
    if (!std::isfinite(states[w]) || !programmer_->insideWindow(states[w]))
      throw std::runtime_error("checkpoint: weights.states[" + std::to_string(w) +
                               "] = " + io::formatNumber(states[w]) + " lies outside the device window [" +
                               io::formatNumber(std::min(programmer_->xOn(), programmer_->xOff())) + ", " +
                               io::formatNumber(std::max(programmer_->xOn(), programmer_->xOff())) + "]");
    if (!std::isfinite(factors[w]) || factors[w] < 0.0)
      throw std::runtime_error("checkpoint: weights.factors[" + std::to_string(w) +
                               "] = " + io::formatNumber(factors[w]) + " is not a finite factor ≥ 0");
  }
  restoreProgramming(saved, (1.0 + 1e-9) * std::max(programmer_->nominalStep(), programmer_->largestStep()));
  std::vector<programming::PhysicalDevice> devices;
  devices.reserve(states.size());
  for (std::size_t w = 0; w < states.size(); ++w) {
    devices.emplace_back(*programmer_, states[w], factors[w]);
    if (devices_[w].stuck()) devices.back() = devices_[w];  // a stuck device is drawn, not saved
  }
  devices_ = std::move(devices);
  for (std::size_t w = 0; w < devices_.size(); ++w) stateChanged(w);
}

void DeviceWeights::disturb(std::size_t w, double amplitude_volt, double width_seconds, int count) {
  if (count <= 0 || amplitude_volt == 0.0) return;
  auto [entry, added] = disturbTables_.try_emplace({amplitude_volt, width_seconds});
  if (added) entry->second = programmer_->pulseTable(amplitude_volt, width_seconds);
  if (entry->second.empty()) return;
  auto& device = devices_[w];
  device.setState(programmer_->stepTable(entry->second, device.state(), count, device.factor()), "disturb");
  stateChanged(w);
}

}  // namespace memcosim::learning
