// Window functions f(x) of ion-drift memristor models, and the switching sigmoid of the
// threshold models (MMS, threshold switch), as expression trees.
//
// x is the normalised state in [0, 1]; p is the window exponent (a positive integer in the
// papers; the even powers below are written as |·|^{2p} so non-integer p stays real and
// ngspice's |a|^b power agrees with the native one).
#pragma once

#include "devices/expression.h"

namespace memcosim::devices::windows {

/// Joglekar & Wolf (Eur. J. Phys. 30, 2009): f(x) = 1 − (2x − 1)^{2p}.
Expr joglekar(const Expr& x, const Expr& p);

/// Biolek, Biolek & Biolkova (Radioengineering 18, 2009): f(x, i) = 1 − (x − stp(−i))^{2p},
/// stp(a) = 1 for a ≥ 0 else 0, so stp(−i) = 1 for i ≤ 0.
Expr biolek(const Expr& x, const Expr& current, const Expr& p);

/// Prodromakis et al. (IEEE TED 58, 2011): f(x) = j·(1 − [(x − 0.5)² + 0.75]^p).
Expr prodromakis(const Expr& x, const Expr& p, const Expr& j);

/// σ(z) = 1/(1 + e^{−z}), written 0.5 (1 + tanh(z/2)), which never overflows.
Expr sigmoid(const Expr& z);

}  // namespace memcosim::devices::windows
