// VTEAM: the voltage-controlled ThrEshold Adaptive Memristor model, defined once as expressions.
//
// Kvatinsky, Ramadan, Friedman, Kolodny, "VTEAM: A General Model for Voltage-Controlled
// Memristors", IEEE Trans. Circuits Syst. II 62(8):786–790, 2015 (eqs. 1–3):
//
//   i     = v / R(x)
//   dx/dt = k_off (v/v_off − 1)^α_off f_off(x)   for 0 < v_off < v
//         = 0                                   for v_on ≤ v ≤ v_off
//         = k_on  (v/v_on  − 1)^α_on  f_on(x)    for v < v_on < 0
//
// x (m) runs from x_on (R_on) to x_off (R_off). R(x), the windows f (selected by wt as in the
// TEAM model) and the shared parameters are in team_windows.h.
//
// Defaults: the typical VTEAM parameters published with the model's Verilog-A code by
// Kvatinsky's group (ASIC2, Technion, "memristor models" page), as also used by MemTorch's
// VTEAM class: R_on = 50 Ω, R_off = 1 kΩ, x_on = 0, x_off = 3 nm, k_on = −10 m/s,
// k_off = 5e-4 m/s, α_on = 3, α_off = 1, v_on = −0.2 V, v_off = 0.02 V, no window.
// (v/v_on − 1)^α is written pow(max(v/v_on − 1, 0), α) inside its branch (base ≥ 0 for
// ngspice), and x is held in [x_on, x_off] (the parameters xon, xoff), as the published
// Verilog-A clamps x; the views limit the rate smoothly there (model_views.h). ron < roff.
#include <utility>

#include "devices/model.h"
#include "devices/models/team_windows.h"

namespace memcosim::devices {
namespace {

ModelDefinition vteamModel() {
  const Expr v = Expr::symbol("v");
  const Expr x = Expr::symbol("x");
  const Expr resistance = team_windows::resistance(x);

  const Expr rate = team_windows::thresholdRate(x, v, "von", "voff");

  std::string name = "vteam";
  std::string title = "VTEAM threshold adaptive memristor, voltage controlled (Kvatinsky et al., 2015)";
  std::string citation =
      "S. Kvatinsky, M. Ramadan, E. G. Friedman, A. Kolodny, \"VTEAM: A General Model for "
      "Voltage-Controlled Memristors\", IEEE Transactions on Circuits and Systems II 62(8), "
      "786-790 (2015). Default parameters: the typical values published with the VTEAM "
      "Verilog-A code by the ASIC2 group, Technion.";
  std::vector<std::string> equations = {
      "i = v / R(x)",
      "dx/dt = koff (v/voff - 1)^alphaoff f_off(x)   for v > voff > 0",
      "dx/dt = kon (v/von - 1)^alphaon f_on(x)      for v < von < 0",
      "dx/dt = 0                                    for von <= v <= voff",
  };
  for (auto& line : team_windows::windowEquations("v")) equations.push_back(std::move(line));

  std::vector<ParameterSpec> parameters = team_windows::sharedParameters(3e-9);
  const std::vector<ParameterSpec> own = {
      {"kon", -10.0, "m/s", -1e6, 0.0, "on-switching rate coefficient (k_on <= 0)"},
      {"koff", 5e-4, "m/s", 0.0, 1e6, "off-switching rate coefficient (k_off >= 0)"},
      {"alphaon", 3.0, "1", 0.1, 50.0, "on-switching nonlinearity exponent"},
      {"alphaoff", 1.0, "1", 0.1, 50.0, "off-switching nonlinearity exponent"},
      {"von", -0.2, "V", -100.0, -1e-6, "on-switching voltage threshold (v_on < 0)"},
      {"voff", 0.02, "V", 1e-6, 100.0, "off-switching voltage threshold (v_off > 0)"},
  };
  parameters.insert(parameters.begin() + 2, own.begin(), own.end());

  StateSpec state = {"x",   "m",   0.0,
                     3e-9,  0.0,   "position of the doped/undoped boundary; xon = low, xoff = high resistance",
                     "xon", "xoff"};
  return ModelDefinition{.name = std::move(name),
                         .title = std::move(title),
                         .citation = std::move(citation),
                         .equations = std::move(equations),
                         .parameters = std::move(parameters),
                         .state = std::move(state),
                         .current = v / resistance,
                         .stateRate = rate,
                         .resistance = resistance,
                         .characterisation = {1.0, 1e7},
                         .constraints = {team_windows::onBelowOff()}};
}

const ModelRegistration kRegistration{vteamModel};

}  // namespace
}  // namespace memcosim::devices
