// Memristor models as EqProp weights: which models qualify and how each realises a resistance window.
//
// A weight is a conductance G ∈ [G_min, G_max] = [1/(r_on·ratio), 1/r_on] between two nodes of the
// resistive network (docs/design.md, "EqProp"). fitWindow turns a compact model into such a device: it picks a
// state interval and sets the model's parameters so that
//     R(x_on) = r_on,   R(x_off) = r_on·ratio,   G(x) = 1/R(x) monotone in between,
// where R(x) is the model's own `resistance` expression (the small-signal resistance at v → 0 for
// models whose i(v) is nonlinear, i.e. what the read view shows at a small read voltage).
//
//   model                 how the window is realised                              state interval
//   linear-ion-drift      ron = r_on, roff = r_on·ratio                           x_off = 0, x_on = 1
//   nonlinear-ion-drift   β and χ scaled together so G(0.9) = 1/r_on              x_on = 0.9, x_off by
//                         (G(x) = x^n β α + χ γ)                                  bisection of R(x)
//   team, vteam           ron = r_on, roff = r_on·ratio                           x_off = xoff, x_on = xon
//   yakopcic              a1 and a2 scaled together so R(1) = 1/(a1 b) = r_on     x_on = 1, x_off by
//                                                                                 bisection (= 1/ratio)
//   mms                   ron = r_on, roff = r_on·ratio                           x_off = 0, x_on = 1
//   stanford-pku          i0 = v0 e^{gmin/g0} / r_on, so R(gmin) = r_on           x_on = gmin, x_off by
//                                                                                 bisection (≈ gmin + g0 ln ratio)
// All seven physical models of the library qualify (the brief expected six; Stanford–PKU works
// too: its R(g) = v0 e^{g/g0}/i0 spans e^{(gmax − gmin)/g0} ≈ 600 with the defaults, and set and
// reset pulses move the gap gradually at these resistances, where Joule heating is a few kelvin).
//
// Where the model's own default would not work as a weight, a weight default is applied before
// the user's overrides:
//   linear-ion-drift  window = 2 (Biolek). The model's default Joglekar window vanishes at x = 0
//                     and x = 1, so a device at either end of its window could never be moved.
// nonlinear-ion-drift has its Joglekar window built in, so its window stops at x_on = 0.9, where
// f = 1 − 0.8^{2p} (0.36 for p = 1) still lets reset pulses move the state.
//
// Parameters the fit sets outright (ron, roff, i0) may not be overridden: pass r_on and ratio
// instead. Parameters the fit scales (β and χ; a1 and a2) may be: the fit keeps their ratio.
//
// Limits: nonlinear-ion-drift's leakage χγ bounds ratio ≤ G(0.9)/G(0) (≈ 104 with the defaults);
// stanford-pku's gap range bounds ratio ≤ e^{(gmax − gmin)/g0} (≈ 601). Beyond them, and for
// parameters pushed outside their allowed ranges, fitWindow throws naming the limit.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "devices/model.h"
#include "devices/native_device.h"

namespace memcosim::programming {

/// Names of the physical models usable as weights (registry names, sorted).
std::vector<std::string> weightModelNames();

/// One device type as used for weights.
struct WeightDevice {
  devices::ParameterSet parameters;  // model parameters after fitting the window
  double xOff;                       // state of the low-conductance end: R(xOff) = r_on·ratio
  double xOn;                        // state of the high-conductance end: R(xOn) = r_on (xOn < xOff for TEAM and VTEAM)
};

/// Realises the window [rOn_ohm, rOn_ohm·ratio] with `model` (see the table above); `overrides`
/// are "key=value" settings applied first (after the weight defaults). Afterwards R(xOn) and
/// R(xOff) match r_on and r_on·ratio to a relative 1e-9, which is checked. Throws
/// std::invalid_argument for an unknown or unusable model, rOn ≤ 0 or ratio ≤ 1 (naming the
/// argument and its value), devices::ParameterError for a bad override or a window whose
/// parameters fall outside their allowed ranges, and std::invalid_argument for a ratio beyond
/// the model's limit.
WeightDevice fitWindow(const std::string& model, double rOn_ohm, double ratio,
                       const std::vector<std::string>& overrides = {});

/// One line per weight model saying how its window is realised (for documentation and CLIs).
std::string describeWindow(const std::string& model);

/// The signed set and reset amplitudes (V across the device, p → n) of a model's default pulse
/// scheme; `first` raises G, `second` lowers it. Chosen per model in weight_models.cpp.
std::pair<double, double> defaultPulseAmplitudes(const WeightDevice& device);

/// The conductance view of a weight device: G(x) = 1/R(x) over [xOff, xOn], its inverse, and
/// the position u = (x − xOff)/(xOn − xOff) ∈ [0, 1] along the window (u grows with G).
/// A value type; not thread-safe (NativeDevice scratch registers): copy per thread.
class WeightWindow {
 public:
  explicit WeightWindow(const WeightDevice& device);

  [[nodiscard]] double conductance(double x) const;  // siemens
  /// The state of conductance g (clamped to [gMin, gMax]), by bisection on the window.
  [[nodiscard]] double stateForConductance(double g) const;
  [[nodiscard]] double gMin() const { return gMin_; }
  [[nodiscard]] double gMax() const { return gMax_; }
  [[nodiscard]] double xOff() const { return xOff_; }
  [[nodiscard]] double xOn() const { return xOn_; }
  [[nodiscard]] double stateAt(double position) const { return xOff_ + position * (xOn_ - xOff_); }
  [[nodiscard]] double positionOf(double x) const { return (x - xOff_) / (xOn_ - xOff_); }
  [[nodiscard]] const devices::NativeDevice& native() const { return native_; }

 private:
  devices::NativeDevice native_;
  double xOff_, xOn_, gMin_, gMax_;
};

}  // namespace memcosim::programming
