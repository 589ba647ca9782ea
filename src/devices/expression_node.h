// The node behind devices::Expr and the meaning of every operation, shared by the expression's
// builders, derivative, printers and compiler (expression_*.cpp); nothing else includes it.
#pragma once

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "devices/expression.h"

namespace memcosim::devices {

struct Expr::Node {
  detail::Operation operation;
  double value = 0.0;    // Constant
  bool boolean = false;  // Constant: a boolean constant (value 0 or 1)
  std::string name;      // Symbol
  std::vector<Expr> operands;
};

/// The one door to Expr's node, for the expression_*.cpp files.
struct ExprAccess {
  using Node = Expr::Node;
  static const Expr::Node& node(const Expr& e) { return *e.node_; }
  static const Expr::Node* identity(const Expr& e) { return e.node_.get(); }
  static Expr make(Expr::Node node) { return Expr(std::make_shared<const Expr::Node>(std::move(node))); }
};

namespace detail {

using Node = ExprAccess::Node;

inline const Node& nodeOf(const Expr& e) { return ExprAccess::node(e); }

/// Whether `e` is the numeric constant `value`.
inline bool isConstantEqual(const Expr& e, double value) {
  return e.isConstant() && !e.isBoolean() && e.constantValue() == value;
}

/// The semantics of every operation, shared by constant folding and CompiledExpr so the two
/// can never disagree. Booleans are 0.0 / 1.0.
inline double apply(Operation operation, double a, double b, double c) {
  switch (operation) {
    case Operation::Add:
      return a + b;
    case Operation::Subtract:
      return a - b;
    case Operation::Multiply:
      return a * b;
    case Operation::Divide:
      return a / b;
    case Operation::Power:
      return std::pow(a, b);
    case Operation::Minimum:
      return (a < b || std::isnan(a)) ? a : b;
    case Operation::Maximum:
      return (a > b || std::isnan(a)) ? a : b;
    case Operation::Negate:
      return -a;
    case Operation::Exp:
      return std::exp(a);
    case Operation::Log:
      return std::log(a);
    case Operation::Sinh:
      return std::sinh(a);
    case Operation::Cosh:
      return std::cosh(a);
    case Operation::Tanh:
      return std::tanh(a);
    case Operation::Abs:
      return std::fabs(a);
    case Operation::Sqrt:
      return std::sqrt(a);
    case Operation::Sign:
      return static_cast<double>((a > 0.0) - (a < 0.0));
    case Operation::Less:
      return a < b ? 1.0 : 0.0;
    case Operation::LessEqual:
      return a <= b ? 1.0 : 0.0;
    case Operation::Greater:
      return a > b ? 1.0 : 0.0;
    case Operation::GreaterEqual:
      return a >= b ? 1.0 : 0.0;
    case Operation::And:
      return (a != 0.0 && b != 0.0) ? 1.0 : 0.0;
    case Operation::Or:
      return (a != 0.0 || b != 0.0) ? 1.0 : 0.0;
    case Operation::Not:
      return a == 0.0 ? 1.0 : 0.0;
    case Operation::Select:
      return a != 0.0 ? b : c;
    case Operation::Constant:
    case Operation::Symbol:
      break;
  }
  return std::numeric_limits<double>::quiet_NaN();  // unreachable: leaves are not applied
}

}  // namespace detail
}  // namespace memcosim::devices
