// Write accounts and the pulse-level device seen as a programmable conductance.
#include "programming/programmable_device.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "io/number.h"

namespace memcosim::programming {
namespace {

std::optional<double> plus(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a) return b;
  if (!b) return a;
  return *a + *b;
}

int direction(Polarity polarity) { return polarity == Polarity::Set ? +1 : -1; }

}  // namespace

void WriteAccount::add(const PulseRecord& record) {
  pulses += record.pulses;
  if (record.pulses > 0) ++writes;
  energy_joule = plus(energy_joule, record.energy_joule);
  time_seconds = plus(time_seconds, record.time_seconds);
}

WriteAccount& WriteAccount::operator+=(const WriteAccount& other) {
  pulses += other.pulses;
  writes += other.writes;
  energy_joule = plus(energy_joule, other.energy_joule);
  time_seconds = plus(time_seconds, other.time_seconds);
  return *this;
}

PulsedProgrammable::PulsedProgrammable(std::unique_ptr<devices::pulsed::PulsedDevice> device, double gMin_siemens,
                                       double gMax_siemens, int maxPulses)
    : device_(std::move(device)), gMin_(gMin_siemens), gMax_(gMax_siemens), maxPulses_(maxPulses) {
  if (!device_) throw std::invalid_argument("PulsedProgrammable: no device");
  if (!(gMin_ >= 0.0 && gMin_ < gMax_) || !std::isfinite(gMax_))
    throw std::invalid_argument("PulsedProgrammable: needs 0 <= gMin < gMax, got gMin = " + io::formatNumber(gMin_) +
                                " S, gMax = " + io::formatNumber(gMax_) + " S");
  if (maxPulses_ <= 0) {
    const double span = device_->nominalMaximum() - device_->nominalMinimum();
    const double step = device_->nominalStepSize();
    maxPulses_ = step > 0.0 ? 2 * static_cast<int>(std::ceil(std::min(span / step, 1e6))) : 1;
  }
}

double PulsedProgrammable::toConductance(double weight) const {
  const double low = device_->nominalMinimum(), high = device_->nominalMaximum();
  return gMin_ + (weight - low) / (high - low) * (gMax_ - gMin_);
}

double PulsedProgrammable::nominalStep() const {
  return device_->nominalStepSize() / (device_->nominalMaximum() - device_->nominalMinimum()) * (gMax_ - gMin_);
}

PulseRecord PulsedProgrammable::applyPulses(Polarity polarity, int count, std::mt19937_64& rng) {
  for (int k = 0; k < count; ++k) device_->pulse(direction(polarity), rng);
  return {count, std::nullopt, std::nullopt};
}

Walk PulsedProgrammable::walkNominal(Polarity polarity, int maxPulses,
                                     const std::function<bool(double g, double next)>& another) const {
  double weight = device_->hiddenWeight();
  const double start = toConductance(weight);
  double g = start;
  int pulses = 0;
  while (pulses < maxPulses) {
    const double nextWeight = device_->expectedAfterPulse(direction(polarity), weight);
    const double next = toConductance(nextWeight);
    if (!another(g, next)) break;
    weight = nextWeight;
    g = next;
    ++pulses;
  }
  return {pulses, g - start};
}

}  // namespace memcosim::programming
