// Open-loop programming of memristor weights: a desired ΔG becomes pulses through the device's write dynamics.
//
// Life cycle (what an EqProp trainer calls):
//   fitWindow(model, r_on, ratio)          → WeightDevice                      (weight_models.h)
//   defaultPulseScheme(device) or your own → PulseScheme                       (pulse_scheme.h)
//   DeviceProgrammer(device, scheme, …)    tabulates the pulse response once
//   setVariation(…)                        cycle-to-cycle and device-to-device spread
//   per device, once:   x = stateForConductance(G_init);  d = drawDeviceFactor(rng)
//   per update:         {x, pulses} = program(x, ΔG, d, rng);  G = conductance(x)
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
// Update (open loop, no read-verify). For a requested ΔG,
//     n = min(round(|ΔG| / ΔG_nom), maxPulses),     ΔG_nom = (G_max − G_min) / N_set,
// where N_set = pulsesToCrossSet() (pulse_scheme.h defines crossing), and n pulses of polarity
// sign(ΔG) (P = S for ΔG > 0, Q for ΔG < 0) are applied one at a time:
//     x ← clamp_[window]( x + d (1 + σ_c2c ξ) (P(x) − x) ),     ξ ~ N(0, 1) per pulse,
// with d the device's factor, drawn once per device as d = max(0, 1 + σ_d2d ξ). The count
// depends on ΔG alone, so the device's nonlinearity (P(x) − x varies along the window), its
// asymmetry (S and Q differ), its bounds and the variation all act on the conductance actually
// written, as on hardware programmed open loop. For σ_c2c ≳ 0.3 a single pulse may move
// against its polarity (1 + σ ξ < 0), as in aihwkit's dw_min_std.
//
// A DeviceProgrammer is a value (copyable). program() reads only the tables and may run on
// several threads with separate rngs; conductance() and stateForConductance() evaluate the
// compiled model and are not thread-safe: copy the programmer per thread.
#pragma once

#include <random>
#include <vector>

#include "programming/pulse_scheme.h"
#include "programming/weight_models.h"

namespace memcosim::spice {
class Session;
}

namespace memcosim::programming {

/// Spread of the programmed steps (relative standard deviations, ≥ 0).
struct Variation {
  double deviceToDevice = 0;  // σ_d2d: of each device's step size, drawn once per device
  double cycleToCycle = 0;    // σ_c2c: of each pulse's state change
};

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
  /// over a crossing; the pulse count of an update of either sign is |ΔG| / ΔG_nom.
  [[nodiscard]] double nominalStep() const { return (gMax() - gMin()) / pulsesToCrossSet_; }
  /// Nominal pulses from one end of the window across it (crossing as in pulse_scheme.h).
  [[nodiscard]] int pulsesToCrossSet() const { return pulsesToCrossSet_; }
  [[nodiscard]] int pulsesToCrossReset() const { return pulsesToCrossReset_; }

  struct Outcome {
    double state;  // the state after the pulses, inside the window
    int pulses;    // pulses applied
  };
  /// Programs ΔG (siemens) open loop from state x (see the update above); x must lie in the
  /// window. Throws std::invalid_argument for a non-finite ΔG, a negative or non-finite device
  /// factor, or x outside the window.
  Outcome program(double x, double deltaG, double deviceFactor, std::mt19937_64& rng) const;
  /// n = min(round(|ΔG| / nominalStep()), maxPulses()).
  [[nodiscard]] int pulsesFor(double deltaG) const;

  /// One nominal pulse from x: S(x) and Q(x) from the tables.
  [[nodiscard]] double stateAfterSet(double x) const;
  [[nodiscard]] double stateAfterReset(double x) const;

  /// d = max(0, 1 + σ_d2d ξ); returns 1 without drawing when σ_d2d = 0.
  double drawDeviceFactor(std::mt19937_64& rng) const;

  [[nodiscard]] const WeightDevice& device() const { return device_; }
  [[nodiscard]] const PulseScheme& scheme() const { return scheme_; }
  [[nodiscard]] PulseEngine engine() const { return engine_; }
  [[nodiscard]] double xOff() const { return device_.xOff; }
  [[nodiscard]] double xOn() const { return device_.xOn; }
  [[nodiscard]] int gridPoints() const { return gridPoints_; }

  [[nodiscard]] const Variation& variation() const { return variation_; }
  /// Throws std::invalid_argument naming the field if a σ is negative or not finite.
  void setVariation(const Variation& variation);
  /// Largest pulse count of one update; default 2 × the larger crossing count (beyond a
  /// crossing, more pulses only press the state against its bound).
  [[nodiscard]] int maxPulses() const { return maxPulses_; }
  void setMaxPulses(int maxPulses);  // ≥ 1, else std::invalid_argument

 private:
  [[nodiscard]] double interpolate(const std::vector<double>& table, double position) const;
  [[nodiscard]] double stateOf(double position) const;
  [[nodiscard]] double checkedPosition(double x, const char* caller) const;
  std::vector<double> tabulate(double amplitude_v, double width_s, spice::Session* session) const;
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
  Variation variation_;
  int maxPulses_ = 0;
};

}  // namespace memcosim::programming
