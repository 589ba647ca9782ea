// Linear ion drift memristor (Strukov, Snider, Stewart & Williams, Nature 453, 2008).
//
//   v = [R_on x + R_off (1 − x)] i            x = w/D ∈ [0, 1], the doped fraction
//   dx/dt = μ_v R_on / D² · i · f(x)          f: a window selected by `window`
//     window 0: f = 1;  1: Joglekar 1 − (2x−1)^{2p};  2: Biolek 1 − (x − stp(−i))^{2p};
//     3: Prodromakis j(1 − [(x − 0.5)² + 0.75]^p)
#include "devices/model.h"
#include "devices/models/windows.h"

namespace memcosim::devices {
namespace {

ModelDefinition linearIonDrift() {
  const Expr v = Expr::symbol("v"), x = Expr::symbol("x");
  const Expr ron = Expr::symbol("ron"), roff = Expr::symbol("roff"), d = Expr::symbol("d");
  const Expr uv = Expr::symbol("uv"), window = Expr::symbol("window");
  const Expr p = Expr::symbol("p"), j = Expr::symbol("j");

  const Expr resistance = ron * x + roff * (1.0 - x);
  const Expr current = v / resistance;
  const Expr f = select(window < 0.5, 1.0,
                        select(window < 1.5, windows::joglekar(x, p),
                               select(window < 2.5, windows::biolek(x, current, p), windows::prodromakis(x, p, j))));
  ModelDefinition model;
  model.name = "linear-ion-drift";
  model.title = "Linear ion drift (Strukov et al., Nature 2008)";
  model.citation =
      "D. B. Strukov, G. S. Snider, D. R. Stewart, R. S. Williams, \"The missing memristor "
      "found\", Nature 453, 80-83 (2008); windows: Joglekar & Wolf, Eur. J. Phys. 30 (2009); "
      "Biolek et al., Radioengineering 18 (2009); Prodromakis et al., IEEE TED 58 (2011)";
  model.equations = {
      "v = [ron*x + roff*(1 - x)] * i",
      "dx/dt = uv*ron/d^2 * i * f(x)",
      "f = 1 (window 0), 1 - (2x - 1)^(2p) (1, Joglekar), 1 - (x - stp(-i))^(2p) (2, Biolek), "
      "j*(1 - ((x - 0.5)^2 + 0.75)^p) (3, Prodromakis)",
  };
  model.parameters = {
      {"ron", 100.0, "Ohm", 1e-3, 1e9, "resistance when fully doped (x = 1)"},
      {"roff", 16e3, "Ohm", 1e-3, 1e12, "resistance when undoped (x = 0)"},
      {"d", 10e-9, "m", 1e-10, 1e-5, "device thickness D"},
      {"uv", 1e-14, "m^2/(V*s)", 1e-20, 1e-6, "dopant mobility mu_v"},
      {"window", 1.0, "1", 0.0, 3.0, "window selector: 0 none, 1 Joglekar, 2 Biolek, 3 Prodromakis (nearest integer)"},
      {"p", 1.0, "1", 0.5, 50.0, "window exponent p"},
      {"j", 1.0, "1", 1e-3, 1e3, "Prodromakis window scale j"},
  };
  model.state = {"x", "1", 0.0, 1.0, 0.1, "doped fraction w/D of the device thickness"};
  model.current = current;
  model.stateRate = uv * ron / (d * d) * current * f;
  model.resistance = resistance;
  model.constraints = {
      {ron < roff, "ron < roff", "ron is the resistance of the fully doped (on) state x = 1; swap the values"}};
  model.characterisation = {1.2, 1.0};
  return model;
}

const ModelRegistration kRegistration{linearIonDrift};

}  // namespace
}  // namespace memcosim::devices
