// Symbolic differentiation of expression trees (rules in expression.h).
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "devices/expression.h"
#include "devices/expression_node.h"

namespace memcosim::devices {

using detail::isConstantEqual;
using detail::Node;
using detail::nodeOf;
using detail::Operation;

// Symbolic differentiation. A memo keyed by node keeps shared subtrees shared in the result.

namespace {

class Differentiator {
 public:
  explicit Differentiator(const std::string& symbol) : symbol_(symbol) {}

  Expr operator()(const Expr& e) {
    const auto found = memo_.find(ExprAccess::identity(e));
    if (found != memo_.end()) return found->second;
    Expr result = rule(e);
    memo_.emplace(ExprAccess::identity(e), result);
    return result;
  }

 private:
  Expr rule(const Expr& e) {
    const Node& node = nodeOf(e);
    const auto operand = [&](std::size_t k) -> const Expr& { return node.operands[k]; };
    const auto d = [&](std::size_t k) { return (*this)(node.operands[k]); };
    switch (node.operation) {
      case Operation::Constant:
        return 0.0;
      case Operation::Symbol:
        return node.name == symbol_ ? 1.0 : 0.0;
      case Operation::Add:
        return d(0) + d(1);
      case Operation::Subtract:
        return d(0) - d(1);
      case Operation::Multiply:
        return d(0) * operand(1) + operand(0) * d(1);
      case Operation::Divide:  // (a/b)' = (a' − (a/b)·b') / b
        return (d(0) - e * d(1)) / operand(1);
      case Operation::Power: {  // (a^b)' = b·a^(b−1)·a' + a^b·ln(a)·b'
        const Expr db = d(1);
        const Expr baseTerm = operand(1) * pow(operand(0), operand(1) - 1.0) * d(0);
        if (isConstantEqual(db, 0.0)) return baseTerm;
        return baseTerm + e * log(operand(0)) * db;
      }
      case Operation::Minimum:
        return select(operand(0) < operand(1), d(0), d(1));
      case Operation::Maximum:
        return select(operand(0) > operand(1), d(0), d(1));
      case Operation::Negate:
        return -d(0);
      case Operation::Exp:
        return e * d(0);
      case Operation::Log:
        return d(0) / operand(0);
      case Operation::Sinh:
        return cosh(operand(0)) * d(0);
      case Operation::Cosh:
        return sinh(operand(0)) * d(0);
      case Operation::Tanh:
        return (1.0 - e * e) * d(0);
      case Operation::Abs:
        return sign(operand(0)) * d(0);
      case Operation::Sqrt:
        return d(0) / (2.0 * e);
      case Operation::Sign:
        return 0.0;
      case Operation::Select:
        return select(operand(0), d(1), d(2));
      case Operation::Less:
      case Operation::LessEqual:
      case Operation::Greater:
      case Operation::GreaterEqual:
      case Operation::And:
      case Operation::Or:
      case Operation::Not:
        break;  // boolean: rejected by derivative(), never reached
    }
    throw std::logic_error("memcosim::devices::derivative: boolean node inside a numeric tree");
  }

  const std::string& symbol_;
  std::unordered_map<const Node*, Expr> memo_;
};

}  // namespace

Expr derivative(const Expr& e, const std::string& symbol) {
  if (e.isBoolean()) {
    throw std::invalid_argument(
        "memcosim::devices::derivative: cannot differentiate a boolean "
        "expression with respect to '" +
        symbol + "'");
  }
  return Differentiator(symbol)(e);
}

}  // namespace memcosim::devices
