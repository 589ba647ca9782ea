// Pulse-level device abstractions for algorithm studies, after aihwkit's pulsed devices.
//
// Lifecycle: makePulsedDevice(name, "key=value,…", seed)   (device-to-device draws happen here,
//            once, from the seed) → pulse(±1, rng) … (cycle-to-cycle noise from the caller's rng)
//            → weight() (noiseless, quantised) / read(rng) (adds read noise).
//
// Update per pulse in direction d = ±1 (+1 potentiate, −1 depress), for every model:
//     w ← clip_[b_min, b_max]( w + d · Δ_d(w) · (1 + σ_c2c ξ) ),  ξ ~ N(0, 1),
// where Δ_d(w) ≥ 0 is the model's nominal step (below). Per-device step sizes and bounds are
//     α_± = dw_min (1 ± up_down) (1 + σ_d2d_step ξ_±),  b_max = w_max (1 + σ_d2d_bound ξ),
//     b_min = w_min (1 + σ_d2d_bound ξ'),   drawn once (aihwkit: dw_min_dtod, w_max_dtod, …).
// Models (aihwkit names in brackets; symbols as above, β_max = b_max, β_min = b_min):
//   constant-step  [ConstantStepDevice]  Δ_± = α_±
//   linear-step    [LinearStepDevice]    Δ_+ = α_+ (1 − γ_up w/β_max),  Δ_− = α_− (1 − γ_down w/β_min)
//   soft-bounds    [SoftBoundsDevice]    Δ_+ = α_+ (1 − w/β_max),       Δ_− = α_− (1 − w/β_min)
//                  symmetry point w* = (α_+ − α_−) / (α_+/β_max − α_−/β_min)
//   exp-step       [ExpStepDevice]       z = 2a w/(β_max − β_min) + b,  y_d = 1 − A_d e^{d γ_d z},
//                                        Δ_d = α_d max(y_d, 0)
//   pow-step       [PowStepDevice]       ω = (β_max − w)/(β_max − β_min),
//                                        Δ_+ = α_+ ω^{γ_up},  Δ_− = α_− (1 − ω)^{γ_down}
//   table          measured levels: Δ_+ = next tabulated level above w − w, Δ_− = w − next level
//                  below w (see table_device.h)
// Non-idealities common to all: devices::Variation (devices/variation.h), filled from the
// factory keys dw_min_dtod, w_bound_dtod, dw_min_std, read_noise, p_stuck, stuck_at_max, states:
//   read noise     read() = weight() + σ_read (w_max − w_min) ξ  (read_noise = σ_read (w_max − w_min))
//   stuck-at       with probability p_stuck the device is stuck (at b_max with probability
//                  stuck_at_max, else at b_min) and ignores pulses
//   finite states  with N ≥ 2 states the visible weight is the hidden one rounded to the nearest
//                  of N levels evenly spaced on [b_min, b_max]; the hidden weight stays
//                  continuous, so small steps accumulate (a hidden/visible split like aihwkit's
//                  write-noise hidden weight). N = 0 means continuous.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "devices/variation.h"

namespace memcosim::devices::pulsed {

using Rng = std::mt19937_64;

/// Nominal parameters shared by the step models (aihwkit PulsedDevice names).
struct StepParameters {
  double wMin = -1.0;
  double wMax = 1.0;
  double dwMin = 0.01;
  double upDown = 0.0;
  double wInit = 0.0;
};

class PulsedDevice {
 public:
  PulsedDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed);
  virtual ~PulsedDevice() = default;
  PulsedDevice(const PulsedDevice&) = default;
  PulsedDevice& operator=(const PulsedDevice&) = default;
  PulsedDevice(PulsedDevice&&) = default;
  PulsedDevice& operator=(PulsedDevice&&) = default;

  /// The stored (visible, quantised if finite states) weight, without read noise.
  double weight() const;
  /// The hidden (continuous) weight pulses act on.
  double hiddenWeight() const { return hidden_; }
  /// The hidden weight one pulse in `direction` leads to from hidden weight `weight`, without
  /// cycle-to-cycle noise (a stuck device stays): the device's own step table.
  double expectedAfterPulse(int direction, double weight) const;
  /// weight() + read noise.
  double read(Rng& rng) const;
  /// One programming pulse; direction +1 potentiates, −1 depresses (anything else throws).
  void pulse(int direction, Rng& rng);
  /// Sets the hidden weight (clipped to the bounds); stuck devices ignore it.
  void setWeight(double weight);

  double minimum() const { return boundMin_; }
  double maximum() const { return boundMax_; }
  double stepUp() const { return stepUp_; }
  double stepDown() const { return stepDown_; }
  bool stuck() const { return stuck_; }
  /// The nominal bounds (before device-to-device spread) and the nominal step size dw_min (for
  /// a table, the mean level spacing): what a programmer assumes of every device of the kind.
  double nominalMinimum() const { return nominalMin_; }
  double nominalMaximum() const { return nominalMax_; }
  double nominalStepSize() const { return nominalStep_; }
  const Variation& variation() const { return variation_; }

 protected:
  /// The nominal step magnitude Δ_d(w) ≥ 0 for direction d = ±1 at hidden weight w.
  virtual double nominalStep(int direction, double weight) const = 0;
  /// For models whose levels are data (table): fix the bounds (nominal and actual) and the
  /// nominal step after construction.
  void setBounds(double minimum, double maximum, double nominalStep);

 private:
  double hidden_ = 0.0;
  double boundMin_ = -1.0;
  double boundMax_ = 1.0;
  double stepUp_ = 0.0;
  double stepDown_ = 0.0;
  double nominalMin_ = -1.0;
  double nominalMax_ = 1.0;
  double nominalStep_ = 0.0;
  Variation variation_;
  bool stuck_ = false;
  bool stuckHigh_ = false;
};

class ConstantStepDevice : public PulsedDevice {
 public:
  using PulsedDevice::PulsedDevice;

 protected:
  double nominalStep(int direction, double weight) const override;
};

class LinearStepDevice : public PulsedDevice {
 public:
  LinearStepDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed, double gammaUp,
                   double gammaDown);

 protected:
  double nominalStep(int direction, double weight) const override;

 private:
  double gammaUp_;
  double gammaDown_;
};

class SoftBoundsDevice : public PulsedDevice {
 public:
  using PulsedDevice::PulsedDevice;
  /// w* = (α_+ − α_−)/(α_+/β_max − α_−/β_min), the weight alternating pulses converge to.
  double symmetryPoint() const;

 protected:
  double nominalStep(int direction, double weight) const override;
};

struct ExpStepShape {
  double aUp = 0.00081, aDown = 0.36833;            ///< aihwkit A_up, A_down
  double gammaUp = 12.44625, gammaDown = 12.78785;  ///< aihwkit gamma_up, gamma_down
  double slope = 0.244, offset = 0.2425;            ///< aihwkit a, b
};

class ExpStepDevice : public PulsedDevice {
 public:
  ExpStepDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed,
                const ExpStepShape& shape);

 protected:
  double nominalStep(int direction, double weight) const override;

 private:
  ExpStepShape shape_;
};

class PowStepDevice : public PulsedDevice {
 public:
  PowStepDevice(const StepParameters& nominal, const Variation& variation, std::uint64_t seed, double gammaUp,
                double gammaDown);

 protected:
  double nominalStep(int direction, double weight) const override;

 private:
  double gammaUp_;
  double gammaDown_;
};

// ---- factory ----

/// Parses "key=value,key=value" (spaces allowed around items). Throws std::invalid_argument
/// naming the item on a missing '=' or an empty key.
std::map<std::string, std::string> parseKeyValues(const std::string& text);

/// Builds the named device ("constant-step", "linear-step", "soft-bounds", "exp-step",
/// "pow-step", "table") from key=value parameters; device-to-device draws use `seed`.
/// Throws std::invalid_argument naming the device and listing the names on an unknown name, and
/// naming the key and its allowed range on an unknown key, an unparsable value or one out of range.
std::unique_ptr<PulsedDevice> makePulsedDevice(const std::string& name,
                                               const std::map<std::string, std::string>& parameters,
                                               std::uint64_t seed);
std::unique_ptr<PulsedDevice> makePulsedDevice(const std::string& name, const std::string& parameters,
                                               std::uint64_t seed);

/// Names of the registered devices, sorted.
std::vector<std::string> pulsedDeviceNames();
/// Whether `name` is one of pulsedDeviceNames().
bool isPulsedDevice(const std::string& name);

/// Throws std::invalid_argument (as makePulsedDevice does) if `key` is not a key of the named
/// device or `text` is not an allowed value of it; checks nothing that depends on other keys.
void checkPulsedKey(const std::string& name, const std::string& key, const std::string& text);

/// The device's keys with default, allowed range and description, as a table.
std::string describePulsedDevice(const std::string& name);

}  // namespace memcosim::devices::pulsed
