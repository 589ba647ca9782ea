// Yakopcic generalised memristor model (Yakopcic, Taha, Subramanyam & Pino, IEEE TCAD 32(8), 2013).
//
//   i = a1 x sinh(b v)  (v ≥ 0),   a2 x sinh(b v)  (v < 0)                    x ∈ [0, 1]
//   g(v) =  A_p (e^{v} − e^{V_p})    for v > V_p
//          −A_n (e^{−v} − e^{V_n})   for v < −V_n,   else 0                   (v in volts)
//   f(x) for η v > 0:  e^{−α_p (x − x_p)} w_p(x) if x ≥ x_p, else 1;  w_p = (x_p − x)/(1 − x_p) + 1
//        for η v ≤ 0:  e^{α_n (x + x_n − 1)} w_n(x) if x ≤ 1 − x_n, else 1;  w_n = x/(1 − x_n)
//   dx/dt = η g(v) f(x)
// Defaults: the chalcogenide fit of the paper (a1 = a2 = 0.17, b = 0.05, V_p = 0.16,
// V_n = 0.15, A_p = A_n = 4000, x_p = 0.3, x_n = 0.5, α_p = 1, α_n = 5, x0 = 0.11, η = 1).
#include "devices/model.h"

namespace memcosim::devices {
namespace {

ModelDefinition yakopcic() {
  const Expr v = Expr::symbol("v"), x = Expr::symbol("x");
  const Expr a1 = Expr::symbol("a1"), a2 = Expr::symbol("a2"), b = Expr::symbol("b");
  const Expr vp = Expr::symbol("vp"), vn = Expr::symbol("vn");
  const Expr ap = Expr::symbol("ap"), an = Expr::symbol("an");
  const Expr xp = Expr::symbol("xp"), xn = Expr::symbol("xn");
  const Expr alphap = Expr::symbol("alphap"), alphan = Expr::symbol("alphan");
  const Expr eta = Expr::symbol("eta");

  const Expr current = select(v >= 0.0, a1, a2) * x * sinh(b * v);
  const Expr threshold = select(v > vp, ap * (exp(v) - exp(vp)), select(v < -vn, -an * (exp(-v) - exp(vn)), 0.0));
  const Expr wp = (xp - x) / (1.0 - xp) + 1.0;
  const Expr wn = x / (1.0 - xn);
  const Expr fUp = select(x >= xp, exp(-alphap * (x - xp)) * wp, 1.0);
  const Expr fDown = select(x <= 1.0 - xn, exp(alphan * (x + xn - 1.0)) * wn, 1.0);
  const Expr motion = select(eta * v > 0.0, fUp, fDown);

  ModelDefinition model;
  model.name = "yakopcic";
  model.title = "Yakopcic generalised memristor model (IEEE TCAD 2013), chalcogenide fit";
  model.citation =
      "C. Yakopcic, T. M. Taha, G. Subramanyam, R. E. Pino, \"Generalized Memristive Device "
      "SPICE Model and its Application in Circuit Design\", IEEE Trans. Computer-Aided Design "
      "32(8), 1201-1214 (2013)";
  model.equations = {
      "i = a1*x*sinh(b*v) (v >= 0), a2*x*sinh(b*v) (v < 0)",
      "g = ap*(exp(v) - exp(vp)) (v > vp), -an*(exp(-v) - exp(vn)) (v < -vn), 0 otherwise",
      "f = exp(-alphap*(x - xp))*((xp - x)/(1 - xp) + 1) if eta*v > 0 and x >= xp",
      "f = exp(alphan*(x + xn - 1))*x/(1 - xn) if eta*v <= 0 and x <= 1 - xn; f = 1 otherwise",
      "dx/dt = eta * g * f",
  };
  model.parameters = {
      {"a1", 0.17, "A", 0.0, 1e3, "current scale for v >= 0"},
      {"a2", 0.17, "A", 0.0, 1e3, "current scale for v < 0"},
      {"b", 0.05, "1/V", 1e-6, 1e3, "sinh voltage factor b"},
      {"vp", 0.16, "V", 0.0, 100.0, "positive switching threshold V_p"},
      {"vn", 0.15, "V", 0.0, 100.0, "negative switching threshold magnitude V_n"},
      {"ap", 4000.0, "1/s", 0.0, 1e15, "positive switching rate A_p"},
      {"an", 4000.0, "1/s", 0.0, 1e15, "negative switching rate A_n"},
      {"xp", 0.3, "1", 0.0, 0.999, "state beyond which positive motion decays, x_p"},
      {"xn", 0.5, "1", 0.0, 0.999, "1 - state below which negative motion decays, x_n"},
      {"alphap", 1.0, "1", 0.0, 1e3, "positive motion decay constant alpha_p"},
      {"alphan", 5.0, "1", 0.0, 1e3, "negative motion decay constant alpha_n"},
      {"eta", 1.0, "1", -1.0, 1.0, "direction of motion: +1 or -1"},
  };
  model.state = {"x", "1", 0.0, 1.0, 0.11, "normalised state"};
  model.current = current;
  model.stateRate = eta * threshold * motion;
  // Small-signal resistance at v = 0: 1 / (a1 x b); infinite at x = 0, so capped.
  model.resistance = 1.0 / max(a1 * x * b, 1e-15);
  model.characterisation = {0.25, 100.0};
  // Xyce's MEMRISTOR level=3 (N_DEV_MemristorYakopcic.C) has these equations and names, XO = x0.
  model.xyceMemristorLevel = 3;
  return model;
}

const ModelRegistration kRegistration{yakopcic};

}  // namespace
}  // namespace memcosim::devices
