// Update rules of the pulse-level devices (equations in pulsed_device.h).
#include "devices/pulsed/pulsed_device.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "io/random.h"

namespace memcosim::devices::pulsed {

PulsedDevice::PulsedDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed)
    : variation_(variation) {
  Rng rng(seed);
  // Always draw in the same order, so adding a non-ideality does not reshuffle the others.
  const double xi_up = io::standardNormal(rng), xi_down = io::standardNormal(rng);
  const double xi_max = io::standardNormal(rng), xi_min = io::standardNormal(rng);
  const double stuck_draw = io::uniform01(rng), stuck_side = io::uniform01(rng);
  step_up_ = std::max(0.0, nominal.dw_min * (1.0 + nominal.up_down) * (1.0 + variation.step_dtod * xi_up));
  step_down_ = std::max(0.0, nominal.dw_min * (1.0 - nominal.up_down) * (1.0 + variation.step_dtod * xi_down));
  bound_max_ = nominal.w_max * (1.0 + variation.bound_dtod * xi_max);
  bound_min_ = nominal.w_min * (1.0 + variation.bound_dtod * xi_min);
  if (!(bound_min_ < bound_max_)) {  // a spread wide enough to cross the bounds: keep nominal ones
    bound_min_ = nominal.w_min;
    bound_max_ = nominal.w_max;
  }
  stuck_ = stuck_draw < variation.stuck_probability;
  stuck_high_ = stuck_side < variation.stuck_at_max;
  hidden_ = std::clamp(nominal.w_init, bound_min_, bound_max_);
  if (stuck_) hidden_ = stuck_high_ ? bound_max_ : bound_min_;
}

void PulsedDevice::setBounds(double minimum, double maximum) {
  bound_min_ = minimum;
  bound_max_ = maximum;
  hidden_ = stuck_ ? (stuck_high_ ? bound_max_ : bound_min_) : std::clamp(hidden_, bound_min_, bound_max_);
}

double PulsedDevice::weight() const {
  if (variation_.states < 2) return hidden_;
  const double level = (bound_max_ - bound_min_) / (variation_.states - 1);
  const double index = std::round((hidden_ - bound_min_) / level);
  return std::clamp(bound_min_ + index * level, bound_min_, bound_max_);
}

double PulsedDevice::read(Rng& rng) const {
  if (variation_.read_noise <= 0.0) return weight();
  return io::normal(rng, weight(), variation_.read_noise);
}

void PulsedDevice::pulse(int direction, Rng& rng) {
  if (direction != 1 && direction != -1)
    throw std::invalid_argument("pulsed device: pulse direction must be +1 or -1, got " + std::to_string(direction));
  if (stuck_) return;
  double step = std::max(0.0, nominalStep(direction, hidden_));
  if (variation_.step_ctoc > 0.0) step *= io::normal(rng, 1.0, variation_.step_ctoc);
  hidden_ = std::clamp(hidden_ + direction * step, bound_min_, bound_max_);
}

void PulsedDevice::setWeight(double weight) {
  if (!stuck_) hidden_ = std::clamp(weight, bound_min_, bound_max_);
}

double ConstantStepDevice::nominalStep(int direction, double) const { return direction > 0 ? stepUp() : stepDown(); }

LinearStepDevice::LinearStepDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed,
                                   double gamma_up, double gamma_down)
    : PulsedDevice(nominal, variation, seed), gamma_up_(gamma_up), gamma_down_(gamma_down) {}

double LinearStepDevice::nominalStep(int direction, double weight) const {
  return direction > 0 ? stepUp() * (1.0 - gamma_up_ * weight / maximum())
                       : stepDown() * (1.0 - gamma_down_ * weight / minimum());
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
  const double y = direction > 0 ? 1.0 - shape_.a_up * std::exp(shape_.gamma_up * z)
                                 : 1.0 - shape_.a_down * std::exp(-shape_.gamma_down * z);
  return (direction > 0 ? stepUp() : stepDown()) * std::max(y, 0.0);
}

PowStepDevice::PowStepDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed,
                             double gamma_up, double gamma_down)
    : PulsedDevice(nominal, variation, seed), gamma_up_(gamma_up), gamma_down_(gamma_down) {}

double PowStepDevice::nominalStep(int direction, double weight) const {
  const double omega = std::clamp((maximum() - weight) / (maximum() - minimum()), 0.0, 1.0);
  return direction > 0 ? stepUp() * std::pow(omega, gamma_up_) : stepDown() * std::pow(1.0 - omega, gamma_down_);
}

}  // namespace memcosim::devices::pulsed
