// Programming memristor weights: the tabulated pulse response of one physical device type.
//
// Life cycle (what a trainer calls):
//   fitWindow(model, r_on, ratio)          → WeightDevice                      (weight_models.h)
//   defaultPulseScheme(device) or your own → PulseScheme                       (pulse_scheme.h)
//   DeviceProgrammer(device, scheme, …)    tabulates the pulse response once
//   setVariation(…)                        devices::Variation (devices/variation.h)
//   per device, once:   PhysicalDevice(programmer, stateForConductance(G_init), rng)  (physical_device.h)
//   per update:         programming::write(device, policy, ΔG, rng)                  (write_policy.h)
//
// Tables. One rectangular pulse maps the state before it to the state after it (pulse_scheme.h):
// x⁺ = S(x) for a set pulse, x⁻ = Q(x) for a reset pulse. Both are computed once, at the N
// states x_k = x_off + u_k (x_on − x_off), u_k = k/(N − 1), k = 0 … N − 1, clamped to the window,
// and interpolated linearly in u between them (S and Q preserve order, and so does linear
// interpolation of an ordered table). With PulseEngine::Ngspice every table entry is an ngspice
// transient of the write view loaded into the given session, which replaces the circuit the
// session holds: build every DeviceProgrammer before the training network is loaded (or load
// the network again afterwards).
//
// Applying n pulses of polarity P (P = S for set, Q for reset), one at a time:
//     x ← clamp_[window]( x + d (1 + σ_c2c ξ) (P(x) − x) ),     ξ ~ N(0, 1) per pulse,
// with d the device's factor, drawn once per device as d = max(0, 1 + σ_d2d ξ). For σ_c2c ≳ 0.3
// a single pulse may move against its polarity (1 + σ ξ < 0), as in aihwkit's dw_min_std.
// Each pulse of amplitude V and width τ from state x costs E = V·I(V, x)·τ, I the compiled
// model's port current (programmable_device.h).
//
// walkNominal steps the tables without noise or device factor: the step table the write
// policies (write_policy.h) consult. The conductance step of one pulse varies along the window
// by a model-dependent factor (for models with R linear in the state, G = 1/R gives steps that
// differ by up to (R_off/R_on)² between the ends); stepSpread() measures it.
//
// A DeviceProgrammer is a value (copyable). Everything here evaluates the compiled model
// (conductance, energy) and is not thread-safe: copy the programmer per thread.
#pragma once

#include <random>
#include <vector>

#include "devices/variation.h"
#include "programming/programmable_device.h"
#include "programming/pulse_scheme.h"
#include "programming/weight_models.h"

namespace memcosim::spice {
class Session;
}

namespace memcosim::programming {

class DeviceProgrammer {
 public:
  /// Tabulates S and Q on `gridPoints` (≥ 3) states. Throws std::invalid_argument for a bad
  /// scheme (checkPulseScheme), a missing session with PulseEngine::Ngspice, G(x) not rising
  /// from xOff to xOn, or a scheme whose pulses stall before crossing the window.
  DeviceProgrammer(WeightDevice device, PulseScheme scheme, PulseEngine engine = PulseEngine::Native,
                   spice::Session* session = nullptr, int gridPoints = 401);

  [[nodiscard]] double conductance(double x) const { return window_.conductance(x); }  // 1/R(x), S
  /// The state of conductance g, clamped to [gMin, gMax]: for initialising weights.
  [[nodiscard]] double stateForConductance(double g) const { return window_.stateForConductance(g); }
  [[nodiscard]] double gMin() const { return window_.gMin(); }
  [[nodiscard]] double gMax() const { return window_.gMax(); }

  /// ΔG_nom = (gMax − gMin) / pulsesToCrossSet(): the mean conductance change of one set pulse
  /// over a crossing; open loop counts |ΔG| / ΔG_nom pulses for an update of either sign.
  [[nodiscard]] double nominalStep() const { return (gMax() - gMin()) / pulsesToCrossSet_; }
  /// Nominal pulses from one end of the window across it (crossing as in pulse_scheme.h).
  [[nodiscard]] int pulsesToCrossSet() const { return pulsesToCrossSet_; }
  [[nodiscard]] int pulsesToCrossReset() const { return pulsesToCrossReset_; }

  /// Where n pulses left a device and what they cost.
  struct PulseRun {
    double state;  // inside the window
    double energy_joule;
    double time_seconds;
  };
  /// Applies `count` pulses of `polarity` from state x (in the window) with device factor d.
  /// Throws std::invalid_argument for x outside the window or a negative or non-finite factor.
  PulseRun applyPulses(double x, Polarity polarity, int count, double deviceFactor, std::mt19937_64& rng) const;
  /// The step table from x: ProgrammableDevice::walkNominal (programmable_device.h) for a device
  /// in state x.
  [[nodiscard]] Walk walkNominal(double x, Polarity polarity, int maxPulses,
                                 const std::function<bool(double g, double next)>& another) const;
  /// walkNominal from x with G(x) = g and the conductance after its first nominal pulse,
  /// `firstNext` (conductanceAfterPulse), already known: the same walk, for a caller that keeps
  /// them (a device between its writes).
  [[nodiscard]] Walk walkNominalFrom(double x, double g, double firstNext, Polarity polarity, int maxPulses,
                                     const std::function<bool(double g, double next)>& another) const;
  /// The conductance after one nominal pulse of `polarity` from x (no noise, no device factor).
  [[nodiscard]] double conductanceAfterPulse(double x, Polarity polarity) const;
  /// Whether x lies in the window (up to rounding, a share 1e-9 of its span).
  [[nodiscard]] bool insideWindow(double x) const;
  /// Throws std::invalid_argument naming `caller` and the window unless insideWindow(x).
  void checkState(double x, const char* caller) const;
  /// Largest over smallest conductance step of one nominal pulse, at `samples` conductances
  /// evenly spread over 5–95% of the window, both polarities: 1 for a device whose steps are
  /// the same everywhere.
  [[nodiscard]] double stepSpread(int samples = 41) const;
  /// The largest conductance step of one nominal pulse anywhere on the grid, either polarity.
  [[nodiscard]] double largestStep() const { return largestStep_; }

  /// |G(P(x)) − G(x)|: the conductance change of one nominal pulse from x, set (up) or reset.
  [[nodiscard]] double stepAt(double x, bool up) const;
  /// One nominal pulse from x: S(x) and Q(x) from the tables.
  [[nodiscard]] double stateAfterSet(double x) const;
  [[nodiscard]] double stateAfterReset(double x) const;

  /// One pulse of any amplitude and width tabulated like S and Q (positions on the same grid), by
  /// the native engine: e.g. the partial voltage a parallel write puts on half-selected devices.
  /// Empty when the pulse moves no grid state by more than 1e-12 of the window (below a threshold).
  [[nodiscard]] std::vector<double> pulseTable(double amplitude_volt, double width_seconds) const;
  /// `count` pulses through `table` (from pulseTable) from state x with device factor d, stepped
  /// as applyPulses steps S and Q but without cycle-to-cycle noise; stops once the state no
  /// longer moves. An empty table leaves x.
  [[nodiscard]] double stepTable(const std::vector<double>& table, double x, int count, double deviceFactor) const;

  /// d = max(0, 1 + σ_d2d ξ); returns 1 without drawing when σ_d2d = 0.
  double drawDeviceFactor(std::mt19937_64& rng) const;

  [[nodiscard]] const WeightDevice& device() const { return device_; }
  /// The compiled model (read current, state rate) of this device type.
  [[nodiscard]] const devices::NativeDevice& native() const { return window_.native(); }
  [[nodiscard]] const PulseScheme& scheme() const { return scheme_; }
  [[nodiscard]] PulseEngine engine() const { return engine_; }
  [[nodiscard]] double xOff() const { return device_.xOff; }
  [[nodiscard]] double xOn() const { return device_.xOn; }
  [[nodiscard]] int gridPoints() const { return gridPoints_; }

  [[nodiscard]] const devices::Variation& variation() const { return variation_; }
  /// Throws std::invalid_argument naming the field (devices::checkVariation), or for a bound
  /// spread, which a physical device does not have (its bounds are the fitted window).
  void setVariation(const devices::Variation& variation);
  /// Largest pulse count of one update; default 2 × the larger crossing count (beyond a
  /// crossing, more pulses only press the state against its bound).
  [[nodiscard]] int maxPulses() const { return maxPulses_; }
  void setMaxPulses(int maxPulses);  // ≥ 1, else std::invalid_argument

 private:
  [[nodiscard]] double interpolate(const std::vector<double>& table, double position) const;
  /// One pulse through `table` from `position` with step factor `factor`: the position moves
  /// by factor·(table(position) − position), clamped to the window (applyPulses, stepTable).
  [[nodiscard]] double stepPosition(const std::vector<double>& table, double position, double factor) const;
  [[nodiscard]] double stateOf(double position) const;
  [[nodiscard]] double checkedPosition(double x, const char* caller) const;
  /// The state after one pulse from each grid state, as positions; throws std::runtime_error
  /// for a non-finite state.
  std::vector<double> tabulate(double amplitude_volt, double width_seconds, PulseEngine engine,
                               spice::Session* session) const;
  [[nodiscard]] int countCrossing(const std::vector<double>& table, bool rising) const;

  WeightDevice device_;
  PulseScheme scheme_;
  PulseEngine engine_;
  WeightWindow window_;
  int gridPoints_;
  std::vector<double> setTable_;    // S at u_k, as positions in [0, 1]
  std::vector<double> resetTable_;  // Q at u_k
  int pulsesToCrossSet_ = 0;
  int pulsesToCrossReset_ = 0;
  devices::Variation variation_;
  int maxPulses_ = 0;
  double largestStep_ = 0;
};

}  // namespace memcosim::programming
