// TEAM: the current-controlled ThrEshold Adaptive Memristor model, defined once as expressions.
//
// Kvatinsky, Friedman, Kolodny, Weiser, "TEAM: ThrEshold Adaptive Memristor Model",
// IEEE Trans. Circuits Syst. I 60(1):211–221, 2013 (eqs. 14–17):
//
//   i     = v / R(x)
//   dx/dt = k_off (i/i_off − 1)^α_off f_off(x)   for 0 < i_off < i
//         = 0                                   for i_on ≤ i ≤ i_off
//         = k_on  (i/i_on  − 1)^α_on  f_on(x)    for i < i_on < 0
//
// x (m) runs from x_on (resistance R_on) to x_off (R_off); k_off > 0, k_on < 0 (m/s). R(x) and
// the windows f are in team_windows.h. The parameter names, units and meanings are those of
// Xyce's YMEMRISTOR level=2 (N_DEV_MemristorTEAM.C), so decks from that world port over.
//
// Defaults are Xyce's, with these differences (besides the windows, see team_windows.h):
//   - ion defaults to −8.9 µA. Xyce's default is +8.9e-6, which contradicts the paper's
//     i_on < 0 and makes both current polarities drive x towards x_off.
//   - (i/i_off − 1)^α_off is written pow(max(i/i_off − 1, 0), α_off) inside its branch, so the
//     base is never negative (ngspice computes |a|^b) and real α is allowed.
//   - x is held in [x_on, x_off] (Xyce lets x run away for wt = 0): the bounds are the
//     parameters xon and xoff, and the views limit the rate smoothly there (model_views.h).
//   - ron < roff is required (R_on is the low-resistance state by definition).
//   - xscaling only rescales Xyce's internal unknown; it is accepted and has no effect.
//   - ivrelation (linear/exponential I-V) is an instance parameter in Xyce, a model
//     parameter here.
// Xyce's resistance-noise (RTN) parameters are not provided.
#include <utility>

#include "devices/model.h"
#include "devices/models/team_windows.h"

namespace memcosim::devices {
namespace {

ModelDefinition teamModel() {
  const Expr v = Expr::symbol("v");
  const Expr x = Expr::symbol("x");
  const Expr resistance = team_windows::resistance(x);
  const Expr current = v / resistance;

  const Expr rate = team_windows::thresholdRate(x, current, "ion", "ioff");

  std::string name = "team";
  std::string title = "TEAM threshold adaptive memristor, current controlled (Kvatinsky et al., 2013)";
  std::string citation =
      "S. Kvatinsky, E. G. Friedman, A. Kolodny, U. C. Weiser, \"TEAM: ThrEshold Adaptive "
      "Memristor Model\", IEEE Transactions on Circuits and Systems I 60(1), 211-221 (2013). "
      "Parameter names and defaults follow Xyce's YMEMRISTOR level=2 (N_DEV_MemristorTEAM.C).";
  std::vector<std::string> equations = {
      "i = v / R(x)",
      "dx/dt = koff (i/ioff - 1)^alphaoff f_off(x)   for i > ioff > 0",
      "dx/dt = kon (i/ion - 1)^alphaon f_on(x)      for i < ion < 0",
      "dx/dt = 0                                    for ion <= i <= ioff",
  };
  for (auto& line : team_windows::windowEquations("i")) equations.push_back(std::move(line));

  std::vector<ParameterSpec> parameters = team_windows::sharedParameters(3e-9);
  const std::vector<ParameterSpec> own = {
      {"kon", -8e-13, "m/s", -1e6, 0.0, "on-switching rate coefficient (k_on <= 0)"},
      {"koff", 8e-13, "m/s", 0.0, 1e6, "off-switching rate coefficient (k_off >= 0)"},
      {"alphaon", 3.0, "1", 0.1, 50.0, "on-switching nonlinearity exponent"},
      {"alphaoff", 3.0, "1", 0.1, 50.0, "off-switching nonlinearity exponent"},
      {"ion", -8.9e-6, "A", -1.0, -1e-15, "on-switching current threshold (i_on < 0)"},
      {"ioff", 1.15e-4, "A", 1e-15, 1.0, "off-switching current threshold (i_off > 0)"},
  };
  parameters.insert(parameters.begin() + 2, own.begin(), own.end());

  StateSpec state = {"x",   "m",    0.0,
                     3e-9,  3e-9,   "position of the doped/undoped boundary; xon = low, xoff = high resistance",
                     "xon", "xoff", "xoff"};
  return ModelDefinition{.name = std::move(name),
                         .title = std::move(title),
                         .citation = std::move(citation),
                         .equations = std::move(equations),
                         .parameters = std::move(parameters),
                         .state = std::move(state),
                         .current = current,
                         .stateRate = rate,
                         .resistance = resistance,
                         .characterisation = {1.0, 100.0},
                         .constraints = {team_windows::onBelowOff()}};
}

const ModelRegistration kRegistration{teamModel};

}  // namespace
}  // namespace memcosim::devices
