// Checks of a device's non-idealities and the rounding of finite states (equations in variation.h).
#include "devices/variation.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "io/number.h"

namespace memcosim::devices {

void checkVariation(const Variation& variation) {
  const auto sigma = [](double value, const char* name) {
    if (!(value >= 0.0) || !std::isfinite(value))
      throw std::invalid_argument(std::string("variation: ") + name + " = " + io::formatNumber(value) +
                                  " must be a finite relative sigma >= 0");
  };
  const auto probability = [](double value, const char* name) {
    if (!(value >= 0.0 && value <= 1.0))
      throw std::invalid_argument(std::string("variation: ") + name + " = " + io::formatNumber(value) +
                                  " must be a probability in [0, 1]");
  };
  sigma(variation.deviceToDevice, "deviceToDevice");
  sigma(variation.boundDeviceToDevice, "boundDeviceToDevice");
  sigma(variation.cycleToCycle, "cycleToCycle");
  sigma(variation.readNoise, "readNoise");
  probability(variation.stuckProbability, "stuckProbability");
  probability(variation.stuckAtMax, "stuckAtMax");
  if (variation.states < 0 || variation.states == 1)
    throw std::invalid_argument("variation: states = " + std::to_string(variation.states) +
                                " must be 0 (continuous) or >= 2");
}

double quantised(double value, double low, double high, int states) {
  if (states < 2) return value;
  const double level = (high - low) / (states - 1);
  const double index = std::round((value - low) / level);
  return std::clamp(low + index * level, low, high);
}

}  // namespace memcosim::devices
