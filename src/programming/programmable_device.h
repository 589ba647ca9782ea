// One interface for every device a programmer writes: pulse-level devices and physical models.
//
// Life cycle (what a write policy, write_policy.h, calls):
//   g = device.read(rng)                         the visible conductance plus read noise
//   walk = device.walkNominal(polarity, n, f)    the device's own step table: what nominal pulses
//                                                would do from its present state (no noise drawn)
//   record = device.applyPulses(polarity, n, rng)  the pulses, with cycle-to-cycle noise
// Two implementations:
//   PhysicalDevice  (physical_device.h)  a compiled model's state x behind a DeviceProgrammer's
//                                        tabulated set/reset response; G = 1/R(x)
//   PulsedProgrammable (below)           a devices::pulsed::PulsedDevice; its weight w maps to
//                                        conductance linearly between its nominal bounds:
//                                        G = G_min + (w − w_min)/(w_max − w_min) · (G_max − G_min)
//                                        (a device whose bounds spread beyond the nominal ones
//                                        reaches beyond [G_min, G_max])
// Both take their non-idealities from one devices::Variation (devices/variation.h).
//
// Accounting. A pulse of amplitude V and width τ applied to a device whose state before it is x
// costs E = V · I(V, x) · τ (I the model's port current; the pulse is taken as rectangular, its
// edges and the state's motion during it neglected), and programming time τ. A pulse-level
// device has no voltage, current or width: its PulseRecord and WriteAccount carry no energy and
// no time (std::nullopt, reported as null), never a 0 that would pretend the pulses were free.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>

#include "devices/pulsed/pulsed_device.h"

namespace memcosim::programming {

/// Set raises the conductance, reset lowers it.
enum class Polarity { Set, Reset };

/// What applyPulses did.
struct PulseRecord {
  int pulses = 0;
  std::optional<double> energy_joule;  // Σ V·I·τ; nullopt for a device without a circuit
  std::optional<double> time_seconds;  // Σ τ; nullopt likewise
};

/// Pulses, writes and their cost, for one device or summed over many.
struct WriteAccount {
  std::int64_t pulses = 0;
  std::int64_t writes = 0;             // writes that applied at least one pulse
  std::optional<double> energy_joule;  // nullopt: not defined for the devices counted
  std::optional<double> time_seconds;
  /// Counts one write that applied `record`.
  void add(const PulseRecord& record);
  WriteAccount& operator+=(const WriteAccount& other);
};

/// The nominal pulses a walk took and the conductance change they are expected to make.
struct Walk {
  int pulses = 0;
  double deltaG_siemens = 0.0;
};

class ProgrammableDevice {
 public:
  virtual ~ProgrammableDevice() = default;

  [[nodiscard]] virtual double gMin() const = 0;  // siemens, nominal bounds of the kind
  [[nodiscard]] virtual double gMax() const = 0;
  /// The visible conductance without read noise (quantised if the device has finite states).
  [[nodiscard]] virtual double conductance() const = 0;
  /// conductance() + read noise σ_read (G_max − G_min) ξ; draws from `rng` only if σ_read > 0.
  [[nodiscard]] virtual double read(std::mt19937_64& rng) const = 0;
  /// Applies `count` ≥ 0 pulses of `polarity` with cycle-to-cycle noise from `rng`.
  virtual PulseRecord applyPulses(Polarity polarity, int count, std::mt19937_64& rng) = 0;
  /// Steps nominal pulses (no noise, no device factor) from the present hidden state while
  /// `another(g, next)` accepts the conductance `next` one more pulse leads to from `g`, at most
  /// `maxPulses`; the first g is the present hidden conductance. Changes nothing.
  [[nodiscard]] virtual Walk walkNominal(Polarity polarity, int maxPulses,
                                         const std::function<bool(double g, double next)>& another) const = 0;
  /// ΔG_nom: the nominal conductance change of one pulse, for open-loop counting.
  [[nodiscard]] virtual double nominalStep() const = 0;
  /// The largest pulse count of one write.
  [[nodiscard]] virtual int maxPulses() const = 0;
  /// Whether a pulse has a voltage, current and width (energy and time are defined).
  [[nodiscard]] virtual bool electrical() const = 0;

 protected:
  ProgrammableDevice() = default;
  ProgrammableDevice(const ProgrammableDevice&) = default;
  ProgrammableDevice& operator=(const ProgrammableDevice&) = default;
  ProgrammableDevice(ProgrammableDevice&&) = default;
  ProgrammableDevice& operator=(ProgrammableDevice&&) = default;
};

/// A pulse-level device as a programmable one (mapping in the header comment). Owns it.
class PulsedProgrammable : public ProgrammableDevice {
 public:
  /// Throws std::invalid_argument unless 0 ≤ gMin < gMax; `maxPulses` ≤ 0 means twice the
  /// nominal pulses across the bounds, 2 ⌈(w_max − w_min)/dw_min⌉.
  PulsedProgrammable(std::unique_ptr<devices::pulsed::PulsedDevice> device, double gMin_siemens, double gMax_siemens,
                     int maxPulses = 0);

  [[nodiscard]] double gMin() const override { return gMin_; }
  [[nodiscard]] double gMax() const override { return gMax_; }
  [[nodiscard]] double conductance() const override { return toConductance(device_->weight()); }
  [[nodiscard]] double read(std::mt19937_64& rng) const override { return toConductance(device_->read(rng)); }
  PulseRecord applyPulses(Polarity polarity, int count, std::mt19937_64& rng) override;
  [[nodiscard]] Walk walkNominal(Polarity polarity, int maxPulses,
                                 const std::function<bool(double g, double next)>& another) const override;
  [[nodiscard]] double nominalStep() const override;
  [[nodiscard]] int maxPulses() const override { return maxPulses_; }
  [[nodiscard]] bool electrical() const override { return false; }

  [[nodiscard]] const devices::pulsed::PulsedDevice& device() const { return *device_; }
  /// Sets the device's hidden weight (clipped to its bounds; a stuck device keeps its own), as
  /// if programmed there: for checkpoints and tests.
  void setWeight(double weight) { device_->setWeight(weight); }
  /// G of weight w (the linear map of the header comment).
  [[nodiscard]] double toConductance(double weight) const;

 private:
  std::unique_ptr<devices::pulsed::PulsedDevice> device_;
  double gMin_, gMax_;
  int maxPulses_;
};

}  // namespace memcosim::programming
