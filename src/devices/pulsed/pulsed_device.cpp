// Update rules of the pulse-level devices (equations in pulsed_device.h).
#include "devices/pulsed/pulsed_device.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "io/random.h"

namespace memcosim::devices::pulsed {

PulsedDevice::PulsedDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed)
    : nominalMin_(nominal.wMin), nominalMax_(nominal.wMax), nominalStep_(nominal.dwMin), variation_(variation) {
  checkVariation(variation);
  Rng rng(seed);
  // Always draw in the same order, so adding a non-ideality does not reshuffle the others.
  const double xi_up = io::standardNormal(rng), xi_down = io::standardNormal(rng);
  const double xi_max = io::standardNormal(rng), xi_min = io::standardNormal(rng);
  const double stuck_draw = io::uniform01(rng), stuck_side = io::uniform01(rng);
  stepUp_ = std::max(0.0, nominal.dwMin * (1.0 + nominal.upDown) * (1.0 + variation.deviceToDevice * xi_up));
  stepDown_ = std::max(0.0, nominal.dwMin * (1.0 - nominal.upDown) * (1.0 + variation.deviceToDevice * xi_down));
  boundMax_ = nominal.wMax * (1.0 + variation.boundDeviceToDevice * xi_max);
  boundMin_ = nominal.wMin * (1.0 + variation.boundDeviceToDevice * xi_min);
  if (!(boundMin_ < boundMax_)) {  // a spread wide enough to cross the bounds: keep nominal ones
    boundMin_ = nominal.wMin;
    boundMax_ = nominal.wMax;
  }
  stuck_ = stuck_draw < variation.stuckProbability;
  stuckHigh_ = stuck_side < variation.stuckAtMax;
  hidden_ = std::clamp(nominal.wInit, boundMin_, boundMax_);
  if (stuck_) hidden_ = stuckHigh_ ? boundMax_ : boundMin_;
}

void PulsedDevice::setBounds(double minimum, double maximum, double nominalStep) {
  boundMin_ = nominalMin_ = minimum;
  boundMax_ = nominalMax_ = maximum;
  nominalStep_ = nominalStep;
  hidden_ = stuck_ ? (stuckHigh_ ? boundMax_ : boundMin_) : std::clamp(hidden_, boundMin_, boundMax_);
}

double PulsedDevice::weight() const { return quantised(hidden_, boundMin_, boundMax_, variation_.states); }

double PulsedDevice::read(Rng& rng) const {
  if (variation_.readNoise <= 0.0) return weight();
  return io::normal(rng, weight(), variation_.readNoise * (nominalMax_ - nominalMin_));
}

double PulsedDevice::expectedAfterPulse(int direction, double weight) const {
  if (stuck_) return weight;
  return std::clamp(weight + direction * std::max(0.0, nominalStep(direction, weight)), boundMin_, boundMax_);
}

void PulsedDevice::pulse(int direction, Rng& rng) {
  if (direction != 1 && direction != -1)
    throw std::invalid_argument("pulsed device: pulse direction must be +1 or -1, got " + std::to_string(direction));
  if (stuck_) return;
  double step = std::max(0.0, nominalStep(direction, hidden_));
  if (variation_.cycleToCycle > 0.0) step *= io::normal(rng, 1.0, variation_.cycleToCycle);
  hidden_ = std::clamp(hidden_ + direction * step, boundMin_, boundMax_);
}

void PulsedDevice::setWeight(double weight) {
  if (!stuck_) hidden_ = std::clamp(weight, boundMin_, boundMax_);
}

double ConstantStepDevice::nominalStep(int direction, double) const { return direction > 0 ? stepUp() : stepDown(); }

LinearStepDevice::LinearStepDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed,
                                   double gammaUp, double gammaDown)
    : PulsedDevice(nominal, variation, seed), gammaUp_(gammaUp), gammaDown_(gammaDown) {}

double LinearStepDevice::nominalStep(int direction, double weight) const {
  return direction > 0 ? stepUp() * (1.0 - gammaUp_ * weight / maximum())
                       : stepDown() * (1.0 - gammaDown_ * weight / minimum());
}

double SoftBoundsDevice::nominalStep(int direction, double weight) const {
  return direction > 0 ? stepUp() * (1.0 - weight / maximum()) : stepDown() * (1.0 - weight / minimum());
}

double SoftBoundsDevice::symmetryPoint() const {
  return (stepUp() - stepDown()) / (stepUp() / maximum() - stepDown() / minimum());
}

ExpStepDevice::ExpStepDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed,
                             const ExpStepShape& shape)
    : PulsedDevice(nominal, variation, seed), shape_(shape) {}

double ExpStepDevice::nominalStep(int direction, double weight) const {
  const double z = 2.0 * shape_.slope * weight / (maximum() - minimum()) + shape_.offset;
  const double y = direction > 0 ? 1.0 - shape_.aUp * std::exp(shape_.gammaUp * z)
                                 : 1.0 - shape_.aDown * std::exp(-shape_.gammaDown * z);
  return (direction > 0 ? stepUp() : stepDown()) * std::max(y, 0.0);
}

PowStepDevice::PowStepDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed,
                             double gammaUp, double gammaDown)
    : PulsedDevice(nominal, variation, seed), gammaUp_(gammaUp), gammaDown_(gammaDown) {}

double PowStepDevice::nominalStep(int direction, double weight) const {
  const double omega = std::clamp((maximum() - weight) / (maximum() - minimum()), 0.0, 1.0);
  return direction > 0 ? stepUp() * std::pow(omega, gammaUp_) : stepDown() * std::pow(1.0 - omega, gammaDown_);
}

}  // namespace memcosim::devices::pulsed
