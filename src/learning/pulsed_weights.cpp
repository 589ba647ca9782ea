// Weights backed by pulse-level devices: plain conductances written through the programming layer.
#include "learning/pulsed_weights.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/number.h"
#include "io/random.h"
#include "solver/dc_solver.h"

namespace memcosim::learning {

PulsedWeights::PulsedWeights(const PulsedWeightSettings& settings, std::size_t count, std::mt19937_64& rng)
    : ProgrammedWeights(count, settings.write, settings.accumulate, /*electrical=*/false, rng),
      kind_(settings.device),
      gMin_(settings.gMax_siemens / settings.ratio),
      gMax_(settings.gMax_siemens) {
  if (settings.parameters.count("w_init"))
    throw std::invalid_argument(kind_ +
                                ": key 'w_init' does not apply to weights, which start uniformly in [g_min, "
                                "g_max]; remove it");
  devices_.reserve(count);
  for (std::size_t w = 0; w < count; ++w) {
    auto device = devices::pulsed::makePulsedDevice(kind_, settings.parameters, rng());
    const double low = device->nominalMinimum(), high = device->nominalMaximum();
    device->setWeight(low + (high - low) * io::uniform01(rng));
    devices_.emplace_back(std::move(device), gMin_, gMax_, settings.maxPulses);
    const double floor = devices_.back().toConductance(devices_.back().device().minimum());
    if (!(floor > 0.0))
      throw std::invalid_argument(kind_ + ": device " + std::to_string(w) + "'s lower bound " +
                                  io::formatNumber(devices_.back().device().minimum()) + " maps to G = " +
                                  io::formatNumber(floor) + " S, not a conductance; lower w_bound_dtod or ratio");
  }
  initialSymmetryDistance_ = symmetryDistance();
}

std::optional<double> PulsedWeights::symmetryDistance() const {
  double sum = 0.0;
  std::size_t count = 0;
  for (const auto& programmable : devices_) {
    const auto* soft = dynamic_cast<const devices::pulsed::SoftBoundsDevice*>(&programmable.device());
    if (soft == nullptr) continue;
    sum += std::abs(soft->hiddenWeight() - soft->symmetryPoint()) / (soft->maximum() - soft->minimum());
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

std::optional<WeightBank::SymmetryDrift> PulsedWeights::symmetryDrift() const {
  const auto now = symmetryDistance();
  if (!now || !initialSymmetryDistance_) return std::nullopt;
  return SymmetryDrift{*initialSymmetryDistance_, *now};
}

std::string PulsedWeights::site(const circuits::WeightSites& sites, std::size_t w) const { return sites.resistor(w); }

double PulsedWeights::siteValue(std::size_t w) const { return 1.0 / conductance(w); }

nlohmann::json PulsedWeights::save() const {
  std::vector<double> hidden;
  hidden.reserve(devices_.size());
  for (const auto& device : devices_) hidden.push_back(device.device().hiddenWeight());
  nlohmann::json saved = saveProgramming();
  saved.update({{"hidden_weights", hidden}, {"device", kind_}});
  return saved;
}

void PulsedWeights::restore(const nlohmann::json& saved) {
  if (saved.at("device").get<std::string>() != kind_)
    throw std::runtime_error("checkpoint was written for pulse-level device " + saved.at("device").get<std::string>());
  const auto hidden = saved.at("hidden_weights").get<std::vector<double>>();
  if (hidden.size() != devices_.size())
    throw std::runtime_error("checkpoint holds " + std::to_string(hidden.size()) + " device weights, the network has " +
                             std::to_string(devices_.size()));
  // Each weight must lie within its device's bounds; a residual within the largest conductance
  // step one pulse can make (at most a device's whole span).
  double span = 0.0;
  for (std::size_t w = 0; w < hidden.size(); ++w) {
    const auto& device = devices_[w].device();
    if (!std::isfinite(hidden[w]) || hidden[w] < device.minimum() || hidden[w] > device.maximum())
      throw std::runtime_error("checkpoint: weights.hidden_weights[" + std::to_string(w) +
                               "] = " + io::formatNumber(hidden[w]) + " lies outside the device's bounds [" +
                               io::formatNumber(device.minimum()) + ", " + io::formatNumber(device.maximum()) + "]");
    span = std::max(span, devices_[w].toConductance(device.maximum()) - devices_[w].toConductance(device.minimum()));
  }
  restoreProgramming(saved, (1.0 + 1e-9) * span);
  for (std::size_t w = 0; w < hidden.size(); ++w) devices_[w].setWeight(hidden[w]);  // a stuck one keeps its own
}

}  // namespace memcosim::learning
