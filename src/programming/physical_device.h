// One physical memristor as a programmable device: its state x behind a shared DeviceProgrammer.
//
// The device owns its state x, its step factor d (device-to-device, drawn once) and whether it
// is stuck; the programmer (device_programmer.h) owns the tables, the pulse scheme and the
// devices::Variation every device of the type shares. With the variation of variation.h:
//   conductance() = Q_N(G(x)), Q_N the rounding to N levels on [G_min, G_max] (none for N = 0)
//   visibleState() = the state of conductance() (x itself when N = 0): what a circuit reads
//   read(rng)     = conductance() + σ_read (G_max − G_min) ξ
//   a stuck device sits at x_on (G_max, probability stuck_at_max) or x_off and pulses do not
//   move it; they are still applied and cost energy.
// The programmer is held by reference: it must outlive the device. A device caches G(x) and the
// conductance after one nominal pulse of each polarity until its state moves.
#pragma once

#include <array>
#include <random>

#include "programming/device_programmer.h"
#include "programming/programmable_device.h"

namespace memcosim::programming {

class PhysicalDevice : public ProgrammableDevice {
 public:
  /// A device in state x whose factor (if σ_d2d > 0) and stuck state (if p_stuck > 0) are drawn
  /// from `rng`, in that order; nothing is drawn for an ideal variation. Throws
  /// std::invalid_argument for x outside the window.
  PhysicalDevice(const DeviceProgrammer& programmer, double x, std::mt19937_64& rng);
  /// A device with a given factor, not stuck.
  PhysicalDevice(const DeviceProgrammer& programmer, double x, double deviceFactor);

  [[nodiscard]] double gMin() const override { return programmer_->gMin(); }
  [[nodiscard]] double gMax() const override { return programmer_->gMax(); }
  [[nodiscard]] double conductance() const override;
  [[nodiscard]] double read(std::mt19937_64& rng) const override;
  PulseRecord applyPulses(Polarity polarity, int count, std::mt19937_64& rng) override;
  [[nodiscard]] Walk walkNominal(Polarity polarity, int maxPulses,
                                 const std::function<bool(double g, double next)>& another) const override;
  [[nodiscard]] double nominalStep() const override { return programmer_->nominalStep(); }
  [[nodiscard]] int maxPulses() const override { return programmer_->maxPulses(); }
  [[nodiscard]] bool electrical() const override { return true; }

  /// The hidden state x pulses act on.
  [[nodiscard]] double state() const { return state_; }
  /// The state a circuit reads: x, or the state of the quantised conductance.
  [[nodiscard]] double visibleState() const;
  /// Puts the device into state x as if programmed there (a stuck device stays); throws
  /// std::invalid_argument naming `caller` for x outside the window.
  void setState(double x, const char* caller = "setState");
  [[nodiscard]] double factor() const { return factor_; }
  [[nodiscard]] bool stuck() const { return stuck_; }

 private:
  /// G(x) of the present state.
  [[nodiscard]] double rawConductance() const;
  /// Forgets the cached conductances (after the state moved).
  void stateMoved();

  const DeviceProgrammer* programmer_;
  double state_;
  double factor_;
  bool stuck_ = false;
  // G(x) and the conductance after one nominal set or reset pulse from x, computed on first use
  // after each change of x (NaN: not yet). A trainer asks every device about its next pulse on
  // every batch, and only a few devices move: these spare re-evaluating the model for the rest.
  mutable double conductance_;
  mutable std::array<double, 2> afterPulse_;
};

}  // namespace memcosim::programming
