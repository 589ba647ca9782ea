// Window functions of ion-drift models (see windows.h for the formulas and references).
#include "devices/models/windows.h"

namespace memcosim::devices::windows {

Expr joglekar(const Expr& x, const Expr& p) { return 1.0 - pow(abs(2.0 * x - 1.0), 2.0 * p); }

Expr biolek(const Expr& x, const Expr& current, const Expr& p) {
  const Expr stepOfMinusCurrent = select(-current >= 0.0, 1.0, 0.0);
  return 1.0 - pow(abs(x - stepOfMinusCurrent), 2.0 * p);
}

Expr prodromakis(const Expr& x, const Expr& p, const Expr& j) {
  return j * (1.0 - pow((x - 0.5) * (x - 0.5) + 0.75, p));
}

Expr sigmoid(const Expr& z) { return 0.5 * (1.0 + tanh(0.5 * z)); }

}  // namespace memcosim::devices::windows
