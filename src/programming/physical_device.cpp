// A physical memristor's state, step factor and stuck-at fault, programmed through the shared tables.
#include "programming/physical_device.h"

#include "io/random.h"

namespace memcosim::programming {

PhysicalDevice::PhysicalDevice(const DeviceProgrammer& programmer, double x, std::mt19937_64& rng)
    : PhysicalDevice(programmer, x, programmer.drawDeviceFactor(rng)) {
  const devices::Variation& variation = programmer.variation();
  if (variation.stuckProbability > 0.0) {
    const double draw = io::uniform01(rng), side = io::uniform01(rng);
    stuck_ = draw < variation.stuckProbability;
    if (stuck_) state_ = side < variation.stuckAtMax ? programmer.xOn() : programmer.xOff();
  }
}

PhysicalDevice::PhysicalDevice(const DeviceProgrammer& programmer, double x, double deviceFactor)
    : programmer_(&programmer), state_(x), factor_(deviceFactor) {
  programmer.checkState(x, "PhysicalDevice");
}

double PhysicalDevice::conductance() const {
  return devices::quantised(programmer_->conductance(state_), gMin(), gMax(), programmer_->variation().states);
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
  if (!stuck_) state_ = run.state;
  return {count, run.energy_joule, run.time_seconds};
}

void PhysicalDevice::setState(double x, const char* caller) {
  programmer_->checkState(x, caller);
  if (!stuck_) state_ = x;
}

}  // namespace memcosim::programming
