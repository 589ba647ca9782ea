// Window functions and shared parameter table of the TEAM and VTEAM memristor models.
//
// Both models (Kvatinsky et al., IEEE TCAS-I 60(1) 2013 and IEEE TCAS-II 62(8) 2015) move the
// state x (metres, between x_on and x_off) at a rate k·(drive/threshold − 1)^α · f(x), where
// the window f(x) is chosen by the parameter wt (as Xyce's YMEMRISTOR level=2):
//
//   xn = (x − x_on)/(x_off − x_on)                    normalised position, 0 = on, 1 = off
//   wt = 0  none          f = 1
//   wt = 1  Joglekar      f = 1 − |2 xn − 1|^(2p)
//   wt = 2  Biolek        f = 1 − |xn − stp(−s)|^(2p),   stp(a) = 1 if a ≥ 0 else 0
//   wt = 3  Prodromakis   f = j (1 − [(xn − 0.5)² + 0.75]^p)
//   wt = 4  Kvatinsky     f_off = exp(−exp((x − a_off)/w_c))  while s > 0 (moving off),
//                         f_on  = exp(−exp(−(x − a_on)/w_c))  while s < 0 (moving on)
//
// s is the drive (current for TEAM, voltage for VTEAM); only its sign matters. wt is rounded to
// the nearest integer. Windows 1–3 (windows.h) use xn where Xyce uses w/D with a separate parameter
// D; they agree for D = x_off and x_on = 0.
//
// Differences from Xyce's N_DEV_MemristorTEAM.C, on purpose (the published formulas win):
//   - Biolek: Xyce uses stp(+i), which vanishes at the boundary the state moves away from;
//     here stp(−i), as in Biolek et al. (Radioengineering 18(2), 2009), so f → 0 at the
//     boundary the state approaches.
//   - Prodromakis: Xyce writes ((w − 0.5)² − 0.75)^p; the paper (Prodromakis et al., IEEE TED
//     58(9), 2011) has + 0.75, which keeps f in [0, j].
//   - p and j default to 2 and 1 (Xyce's defaults, 1.15e-4, are placeholders that disable
//     the windows in effect).
// Joglekar and Prodromakis windows vanish at both bounds, so a state started exactly at x_on or
// x_off never moves (boundary lock); start inside, or use Biolek's or Kvatinsky's window.
// In every case the state is also held in [x_on, x_off] (the published Verilog-A code clamps x
// there): the views limit the rate smoothly at these bounds (model_views.h, "Bounds"), so the
// model stays bounded with any window and wherever xon and xoff are set.
#pragma once

#include <string>
#include <vector>

#include "devices/expression.h"
#include "devices/model.h"
#include "devices/models/windows.h"

namespace memcosim::devices::team_windows {

/// Window values for motion towards x_off (positive drive) and towards x_on (negative drive).
struct Window {
  Expr towardsOff;
  Expr towardsOn;
};

/// f(x) chosen by the parameter wt; `drive` is i (TEAM) or v (VTEAM).
inline Window window(const Expr& x, const Expr& drive) {
  const Expr xon = Expr::symbol("xon");
  const Expr xoff = Expr::symbol("xoff");
  const Expr wt = Expr::symbol("wt");
  const Expr p = Expr::symbol("p");
  const Expr j = Expr::symbol("j");
  const Expr wc = Expr::symbol("wc");
  const Expr normalised = (x - xon) / (xoff - xon);

  const Expr joglekar = windows::joglekar(normalised, p);
  const Expr biolek = windows::biolek(normalised, drive, p);
  const Expr prodromakis = windows::prodromakis(normalised, p, j);
  // exp(−exp(u)) with u capped at 50: the value is 0 either way, and the cap keeps the
  // derivative 0 instead of 0·∞ = NaN.
  const Expr kvatinskyOff = exp(-exp(min((x - Expr::symbol("aoff")) / wc, 50.0)));
  const Expr kvatinskyOn = exp(-exp(min(-(x - Expr::symbol("aon")) / wc, 50.0)));

  auto choose = [&](const Expr& kvatinsky) {
    return select(wt < 0.5, 1.0,
                  select(wt < 1.5, joglekar, select(wt < 2.5, biolek, select(wt < 3.5, prodromakis, kvatinsky))));
  };
  return {choose(kvatinskyOff), choose(kvatinskyOn)};
}

/// The TEAM/VTEAM threshold law in `drive` (i or v) with thresholds named `onThreshold` (< 0)
/// and `offThreshold` (> 0): k_off (d/d_off − 1)^α_off f_off(x) above d_off, k_on (d/d_on −
/// 1)^α_on f_on(x) below d_on, 0 between.
inline Expr thresholdRate(const Expr& x, const Expr& drive, const std::string& onThreshold,
                          const std::string& offThreshold) {
  const Expr on = Expr::symbol(onThreshold);
  const Expr off = Expr::symbol(offThreshold);
  const auto w = window(x, drive);
  const Expr offRate = Expr::symbol("koff") * pow(max(drive / off - 1.0, 0.0), Expr::symbol("alphaoff")) * w.towardsOff;
  const Expr onRate = Expr::symbol("kon") * pow(max(drive / on - 1.0, 0.0), Expr::symbol("alphaon")) * w.towardsOn;
  return select(drive > off, offRate, select(drive < on, onRate, 0.0));
}

/// ron < roff: R_on is the low-resistance state x_on by definition.
inline ParameterConstraint onBelowOff() {
  return {Expr::symbol("ron") < Expr::symbol("roff"), "ron < roff",
          "ron is the resistance of the on (low-resistance) state xon; swap the values"};
}

/// R(x): linear (ivrelation = 0, TEAM eq. 15) or exponential (ivrelation = 1, eqs. 16–17).
inline Expr resistance(const Expr& x) {
  const Expr ron = Expr::symbol("ron");
  const Expr roff = Expr::symbol("roff");
  const Expr normalised = (x - Expr::symbol("xon")) / (Expr::symbol("xoff") - Expr::symbol("xon"));
  return select(Expr::symbol("ivrelation") < 0.5, ron + normalised * (roff - ron),
                ron * exp(log(roff / ron) * normalised));
}

/// Parameters shared by TEAM and VTEAM: resistances, state range, I-V relation and windows.
inline std::vector<ParameterSpec> sharedParameters(double xoffDefault) {
  return {
      {"ron", 50.0, "Ohm", 1e-3, 1e12, "resistance in the on state (x = xon)"},
      {"roff", 1e3, "Ohm", 1e-3, 1e12, "resistance in the off state (x = xoff)"},
      {"xon", 0.0, "m", 0.0, 1e-6, "state at the on (low resistance) boundary"},
      {"xoff", xoffDefault, "m", 1e-12, 1e-6, "state at the off (high resistance) boundary"},
      {"ivrelation", 0.0, "1", 0.0, 1.0, "I-V relation: 0 linear R(x), 1 exponential R = ron exp(ln(roff/ron) xn)"},
      {"wt", 0.0, "1", 0.0, 4.0, "window: 0 none, 1 Joglekar, 2 Biolek, 3 Prodromakis, 4 Kvatinsky"},
      {"p", 2.0, "1", 0.5, 50.0, "window exponent (windows 1, 2 and 3)"},
      {"j", 1.0, "1", 0.0, 100.0, "window scale (window 3)"},
      {"aon", 0.0, "m", -1e-6, 1e-6, "on-side fitting position (window 4)"},
      {"aoff", xoffDefault, "m", -1e-6, 1e-6, "off-side fitting position (window 4)"},
      {"wc", 1.07e-12, "m", 1e-15, 1e-6, "window width (window 4)"},
      {"xscaling", 1.0, "1", 1e-30, 1e30,
       "Xyce's scale of its internal unknown (x·xscaling); accepted for deck compatibility, "
       "no effect here: the state is always in metres"},
  };
}

/// Human-readable equations of the windows, for `memcosim models show`.
inline std::vector<std::string> windowEquations(const std::string& drive) {
  return {
      "xn = (x - xon)/(xoff - xon)",
      "R = ron + xn (roff - ron)  (ivrelation=0);  R = ron exp(ln(roff/ron) xn)  (ivrelation=1)",
      "wt=0: f = 1",
      "wt=1 (Joglekar): f = 1 - |2 xn - 1|^(2p)",
      "wt=2 (Biolek): f = 1 - |xn - stp(-" + drive + ")|^(2p)",
      "wt=3 (Prodromakis): f = j (1 - ((xn - 0.5)^2 + 0.75)^p)",
      "wt=4 (Kvatinsky): f_off = exp(-exp((x - aoff)/wc)), f_on = exp(-exp(-(x - aon)/wc))",
      "x held in [xon, xoff]: the rate is limited smoothly in the last 1e-4 of the range it approaches",
  };
}

}  // namespace memcosim::devices::team_windows
