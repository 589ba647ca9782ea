// A physical memristor's state, step factor and stuck-at fault, programmed through the shared tables.
#include "programming/physical_device.h"

#include <cmath>
#include <limits>

#include "io/random.h"

namespace memcosim::programming {

PhysicalDevice::PhysicalDevice(const DeviceProgrammer& programmer, double x, std::mt19937_64& rng)
    : PhysicalDevice(programmer, x, programmer.drawDeviceFactor(rng)) {
  const devices::Variation& variation = programmer.variation();
  if (variation.stuckProbability > 0.0) {
    const double draw = io::uniform01(rng), side = io::uniform01(rng);
    stuck_ = draw < variation.stuckProbability;
    if (stuck_) {
      state_ = side < variation.stuckAtMax ? programmer.xOn() : programmer.xOff();
      stateMoved();
    }
  }
}

PhysicalDevice::PhysicalDevice(const DeviceProgrammer& programmer, double x, double deviceFactor)
    : programmer_(&programmer), state_(x), factor_(deviceFactor) {
  programmer.checkState(x, "PhysicalDevice");
  stateMoved();
}

void PhysicalDevice::stateMoved() {
  conductance_ = std::numeric_limits<double>::quiet_NaN();
  afterPulse_.fill(std::numeric_limits<double>::quiet_NaN());
}

double PhysicalDevice::rawConductance() const {
  if (std::isnan(conductance_)) conductance_ = programmer_->conductance(state_);
  return conductance_;
}

double PhysicalDevice::conductance() const {
  return devices::quantised(rawConductance(), gMin(), gMax(), programmer_->variation().states);
}

Walk PhysicalDevice::walkNominal(Polarity polarity, int maxPulses,
                                 const std::function<bool(double g, double next)>& another) const {
  double& after = afterPulse_[polarity == Polarity::Set ? 0 : 1];
  if (std::isnan(after)) after = programmer_->conductanceAfterPulse(state_, polarity);
  return programmer_->walkNominalFrom(state_, rawConductance(), after, polarity, maxPulses, another);
}

double PhysicalDevice::visibleState() const {
  if (programmer_->variation().states < 2) return state_;
  return programmer_->stateForConductance(conductance());
}

double PhysicalDevice::read(std::mt19937_64& rng) const {
  const double sigma = programmer_->variation().readNoise;
  if (sigma <= 0.0) return conductance();
  return io::normal(rng, conductance(), sigma * (gMax() - gMin()));
}

PulseRecord PhysicalDevice::applyPulses(Polarity polarity, int count, std::mt19937_64& rng) {
  const auto run = programmer_->applyPulses(state_, polarity, count, stuck_ ? 0.0 : factor_, rng);
  if (!stuck_ && run.state != state_) {
    state_ = run.state;
    stateMoved();
  }
  return {count, run.energy_joule, run.time_seconds};
}

void PhysicalDevice::setState(double x, const char* caller) {
  programmer_->checkState(x, caller);
  if (!stuck_ && x != state_) {
    state_ = x;
    stateMoved();
  }
}

}  // namespace memcosim::programming
