// Nonlinear ion drift memristor (Lehtonen & Laiho, CNNA 2010; form used by Kvatinsky et al.).
//
//   i = x^n β sinh(α v) + χ (e^{γ v} − 1)       x ∈ [0, 1]
//   dx/dt = a · v^q · f(x)                       q odd; f Joglekar 1 − (2x − 1)^{2p}
// v^q is written sign(v)|v|^q, equal for odd q and defined for any q.
#include "devices/model.h"
#include "devices/models/windows.h"

namespace memcosim::devices {
namespace {

ModelDefinition nonlinearIonDrift() {
  const Expr v = Expr::symbol("v"), x = Expr::symbol("x");
  const Expr alpha = Expr::symbol("alpha"), beta = Expr::symbol("beta");
  const Expr chi = Expr::symbol("chi"), gamma = Expr::symbol("gamma");
  const Expr n = Expr::symbol("n"), q = Expr::symbol("q"), a = Expr::symbol("a");
  const Expr p = Expr::symbol("p");

  const Expr xClamped = min(max(x, 0.0), 1.0);
  const Expr memristive = pow(xClamped, n) * beta * sinh(alpha * v);
  const Expr current = memristive + chi * (exp(gamma * v) - 1.0);

  ModelDefinition model;
  model.name = "nonlinear-ion-drift";
  model.title = "Nonlinear ion drift (Lehtonen & Laiho, 2010)";
  model.citation =
      "E. Lehtonen, M. Laiho, \"CNN using memristors for neighborhood connections\", "
      "Proc. CNNA 2010; see also S. Kvatinsky et al., IEEE TCAS-I 60(1), 2013";
  model.equations = {
      "i = x^n * beta * sinh(alpha*v) + chi*(exp(gamma*v) - 1)",
      "dx/dt = a * v^q * (1 - (2x - 1)^(2p))   (q odd)",
  };
  model.parameters = {
      {"alpha", 2.0, "1/V", 1e-6, 1e3, "sinh voltage factor alpha"},
      {"beta", 9.0, "A", 1e-12, 1e6, "memristive current scale beta"},
      {"chi", 0.01, "A", 0.0, 1e3, "rectifying current scale chi"},
      {"gamma", 4.0, "1/V", 0.0, 1e3, "rectifying voltage factor gamma"},
      {"n", 14.0, "1", 1.0, 100.0, "state exponent n"},
      {"q", 13.0, "1", 1.0, 99.0, "voltage exponent q (odd)"},
      {"a", 4.0, "1/(s*V^q)", 0.0, 1e12, "state rate constant a"},
      {"p", 1.0, "1", 0.5, 50.0, "Joglekar window exponent p"},
  };
  model.state = {"x", "1", 0.0, 1.0, 0.5, "normalised state"};
  model.current = current;
  model.stateRate = a * sign(v) * pow(abs(v), q) * windows::joglekar(x, p);
  // Resistance at a small-signal read: 1 / (di/dv at v = 0) = 1 / (x^n β α + χ γ).
  model.resistance = 1.0 / (pow(xClamped, n) * beta * alpha + chi * gamma);
  model.characterisation = {1.0, 1.0};
  return model;
}

const ModelRegistration kRegistration{nonlinearIonDrift};

}  // namespace
}  // namespace memcosim::devices
