// Programming memristor weights: a desired ΔG becomes pulses through the device's write dynamics.
//
// Life cycle (what a trainer calls):
//   fitWindow(model, r_on, ratio)          → WeightDevice                      (weight_models.h)
//   defaultPulseScheme(device) or your own → PulseScheme                       (pulse_scheme.h)
//   DeviceProgrammer(device, scheme, …)    tabulates the pulse response once
//   setVariation(…)                        cycle-to-cycle and device-to-device spread
//   per device, once:   x = stateForConductance(G_init);  d = drawDeviceFactor(rng)
//   per update:         {x, pulses, believed} = write(policy, x, ΔG, d, rng);  G = conductance(x)
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
// Applying n pulses of polarity sign(ΔG) (P = S for ΔG > 0, Q for ΔG < 0), one at a time:
//     x ← clamp_[window]( x + d (1 + σ_c2c ξ) (P(x) − x) ),     ξ ~ N(0, 1) per pulse,
// with d the device's factor, drawn once per device as d = max(0, 1 + σ_d2d ξ). For σ_c2c ≳ 0.3
// a single pulse may move against its polarity (1 + σ ξ < 0), as in aihwkit's dw_min_std.
//
// Write policies: how n is chosen for a requested ΔG from state x.
//   OpenLoop   n = min(round(|ΔG| / ΔG_nom), maxPulses),  ΔG_nom = (G_max − G_min) / N_set, where
//              N_set = pulsesToCrossSet() (pulse_scheme.h defines crossing). The count depends on
//              ΔG alone, blind to the state: the device's nonlinearity (the conductance step of
//              one pulse varies along the window), its asymmetry (S and Q differ) and its
//              bounds all act on what is written.
//   StepTable  n from the tabulated response at the device's present state, without reading it:
//              nominal pulses are stepped through the table from x until one more would be
//              expected to overshoot the target G(x) + ΔG by more than it closes. This is the
//              step table a calibrated programmer keeps per conductance: it cancels the
//              nonlinearity and asymmetry the table knows; variation and the bounds remain.
//   Verify     write-verify: one pulse at a time with a read after each, until the read
//              conductance lies within half an expected pulse step of the target (or
//              maxPulses): variation is corrected too, at the cost of a read per pulse.
// Outcome::believed is the conductance change the policy takes as written (n·ΔG_nom, the
// table's prediction, or the read-back): what residual accumulation subtracts from the request.
//
// The conductance step of one pulse varies along the window by a model-dependent factor (for
// models with R linear in the state, G = 1/R gives steps that differ by up to (R_off/R_on)²
// between the ends); stepSpread() measures it, and the trainer's default policy is StepTable
// for every model, so open-loop counting is a choice to study, not a trap.
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

/// How the pulse count of a write is chosen (see the header comment).
enum class WritePolicy { OpenLoop, StepTable, Verify };

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
    double state;     // the state after the pulses, inside the window
    int pulses;       // pulses applied
    double believed;  // the conductance change the policy takes as written (siemens)
  };
  /// Writes ΔG (siemens) from state x by `policy`; x must lie in the window. Throws
  /// std::invalid_argument for a non-finite ΔG, a negative or non-finite device factor, or x
  /// outside the window.
  Outcome write(WritePolicy policy, double x, double deltaG, double deviceFactor, std::mt19937_64& rng) const;
  /// write(WritePolicy::OpenLoop, …).
  Outcome program(double x, double deltaG, double deviceFactor, std::mt19937_64& rng) const;
  /// OpenLoop's count: n = min(round(|ΔG| / nominalStep()), maxPulses()).
  [[nodiscard]] int pulsesFor(double deltaG) const;
  /// StepTable's count from state x, and the conductance change the table predicts for it.
  struct Prediction {
    int pulses;
    double deltaG;  // siemens
  };
  [[nodiscard]] Prediction predict(double x, double deltaG) const;
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
  std::vector<double> tabulate(double amplitude_volt, double width_seconds, spice::Session* session) const;
  [[nodiscard]] int countCrossing(const std::vector<double>& table, bool rising) const;
  /// Applies n pulses from `position` along `table` with the device factor and c2c variation.
  double applyPulses(const std::vector<double>& table, double position, int pulses, double deviceFactor,
                     std::mt19937_64& rng) const;
  [[nodiscard]] bool closerByAnotherPulse(double g, double next, double target) const;

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
  double largestStep_ = 0;
};

}  // namespace memcosim::programming
