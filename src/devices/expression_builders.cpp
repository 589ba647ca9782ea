// Expr's constructors and the builders of expression trees: type checks, constant folding and
// the exact identities (formulas in expression.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "devices/expression.h"
#include "devices/expression_node.h"

namespace memcosim::devices {

using detail::apply;
using detail::isConstantEqual;
using detail::Node;
using detail::nodeOf;
using detail::Operation;

namespace {

Operation operationOf(const Expr& e) { return nodeOf(e).operation; }
const Expr& operandOf(const Expr& e, std::size_t k) { return nodeOf(e).operands[k]; }

bool isBooleanOperation(Operation operation) {
  switch (operation) {
    case Operation::Less:
    case Operation::LessEqual:
    case Operation::Greater:
    case Operation::GreaterEqual:
    case Operation::And:
    case Operation::Or:
    case Operation::Not:
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Node construction with type checks and constant folding.

void requireNumeric(const Expr& e, const char* where) {
  if (e.isBoolean()) {
    throw std::invalid_argument(std::string("memcosim::devices::") + where +
                                ": operand is boolean (a comparison or logical expression); "
                                "use select(condition, 1, 0) to turn it into a number");
  }
}

void requireBoolean(const Expr& e, const char* where) {
  if (!e.isBoolean()) {
    throw std::invalid_argument(std::string("memcosim::devices::") + where +
                                ": operand must be boolean (a comparison such as v > 0, or a "
                                "logical combination of comparisons)");
  }
}

Expr booleanConstant(bool value) {
  return ExprAccess::make(Node{Operation::Constant, value ? 1.0 : 0.0, true, {}, {}});
}

/// A node with these operands; folded to a constant when all operands are constants and the
/// result is finite (a non-finite result is left unfolded, so printing it stays possible).
Expr makeNode(Operation operation, std::vector<Expr> operands) {
  const bool allConstant = std::all_of(operands.begin(), operands.end(), [](const Expr& e) { return e.isConstant(); });
  if (allConstant) {
    std::array<double, 3> values{};
    for (std::size_t k = 0; k < operands.size(); ++k) values[k] = operands[k].constantValue();
    const double result = apply(operation, values[0], values[1], values[2]);
    if (isBooleanOperation(operation)) return booleanConstant(result != 0.0);
    if (std::isfinite(result)) return Expr(result);
  }
  return ExprAccess::make(Node{operation, 0.0, false, {}, std::move(operands)});
}

Expr makeUnary(Operation operation, const Expr& a, const char* where) {
  requireNumeric(a, where);
  return makeNode(operation, {a});
}

Expr makeBinary(Operation operation, const Expr& a, const Expr& b, const char* where) {
  requireNumeric(a, where);
  requireNumeric(b, where);
  return makeNode(operation, {a, b});
}

bool isNegation(const Expr& e) { return operationOf(e) == Operation::Negate; }
bool isNegativeConstant(const Expr& e) { return e.isConstant() && e.constantValue() < 0.0; }

/// Structural equality (same operations, constants, symbols), short-cut by node identity.
bool identical(const Expr& a, const Expr& b) {
  if (ExprAccess::identity(a) == ExprAccess::identity(b)) return true;
  const Node& x = nodeOf(a);
  const Node& y = nodeOf(b);
  if (x.operation != y.operation || x.value != y.value || x.boolean != y.boolean || x.name != y.name ||
      x.operands.size() != y.operands.size()) {
    return false;
  }
  for (std::size_t k = 0; k < x.operands.size(); ++k) {
    if (!identical(x.operands[k], y.operands[k])) return false;
  }
  return true;
}

bool isIdentifier(const std::string& name) {
  const auto isLetter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  const auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
  return !name.empty() && isLetter(name.front()) &&
         std::all_of(name.begin(), name.end(), [&](char c) { return isLetter(c) || isDigit(c); });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Expr

Expr::Expr(double constant)
    : node_(std::make_shared<const Node>(Node{Operation::Constant, constant + 0.0, false, {}, {}})) {
  // "+ 0.0" turns −0 into +0, so printed text never shows "-0".
  if (!std::isfinite(constant)) {
    throw std::invalid_argument("memcosim::devices::Expr: constant " + std::to_string(constant) + " is not finite");
  }
}

Expr::Expr(std::shared_ptr<const Node> node) : node_(std::move(node)) {}

Expr Expr::symbol(std::string name) {
  if (!isIdentifier(name)) {
    throw std::invalid_argument("memcosim::devices::Expr::symbol: '" + name +
                                "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  }
  return ExprAccess::make(Node{Operation::Symbol, 0.0, false, std::move(name), {}});
}

std::set<std::string> Expr::symbols() const {
  std::set<std::string> names;
  std::vector<const Node*> pending{node_.get()};
  while (!pending.empty()) {
    const Node* node = pending.back();
    pending.pop_back();
    if (node->operation == Operation::Symbol) names.insert(node->name);
    for (const Expr& operand : node->operands) pending.push_back(operand.node_.get());
  }
  return names;
}

bool Expr::isBoolean() const {
  return node_->operation == Operation::Constant ? node_->boolean : isBooleanOperation(node_->operation);
}

bool Expr::isConstant() const { return node_->operation == Operation::Constant; }

double Expr::constantValue() const {
  if (!isConstant()) {
    throw std::logic_error("memcosim::devices::Expr::constantValue: expression is not a constant");
  }
  return node_->value;
}

// ---------------------------------------------------------------------------------------------
// Builders. Every rewrite below is exact in IEEE arithmetic for finite operands (0/x → 0 also
// needs x ≠ 0), so a folded tree evaluates bit-for-bit like the unfolded one.

Expr operator+(const Expr& a, const Expr& b) {
  requireNumeric(a, "operator+");
  requireNumeric(b, "operator+");
  if (isConstantEqual(a, 0.0)) return b;
  if (isConstantEqual(b, 0.0)) return a;
  if (isNegation(b)) return a - operandOf(b, 0);  // a + (−c) = a − c
  if (isNegativeConstant(b) && !a.isConstant()) return a - Expr(-b.constantValue());
  if (isNegation(a)) return b - operandOf(a, 0);  // (−c) + b = b − c
  if (isNegativeConstant(a) && !b.isConstant()) return b - Expr(-a.constantValue());
  return makeNode(Operation::Add, {a, b});
}

Expr operator-(const Expr& a, const Expr& b) {
  requireNumeric(a, "operator-");
  requireNumeric(b, "operator-");
  if (isConstantEqual(b, 0.0)) return a;
  if (isConstantEqual(a, 0.0)) return -b;
  if (identical(a, b)) return Expr(0.0);
  if (isNegation(b)) return a + operandOf(b, 0);  // a − (−c) = a + c
  if (isNegativeConstant(b) && !a.isConstant()) return a + Expr(-b.constantValue());
  return makeNode(Operation::Subtract, {a, b});
}

Expr operator*(const Expr& a, const Expr& b) {
  requireNumeric(a, "operator*");
  requireNumeric(b, "operator*");
  if (isConstantEqual(a, 0.0) || isConstantEqual(b, 0.0)) return Expr(0.0);
  if (isConstantEqual(a, 1.0)) return b;
  if (isConstantEqual(b, 1.0)) return a;
  if (b.isConstant() && !a.isConstant()) return b * a;  // constants lead: 2*x, not x*2
  // Signs move outwards: (−p)·q = −(p·q), exactly.
  if (isNegation(a)) return -(operandOf(a, 0) * b);
  if (isNegation(b)) return -(a * operandOf(b, 0));
  if (isNegativeConstant(a) && !b.isConstant()) return -(Expr(-a.constantValue()) * b);
  return makeNode(Operation::Multiply, {a, b});
}

Expr operator/(const Expr& a, const Expr& b) {
  requireNumeric(a, "operator/");
  requireNumeric(b, "operator/");
  if (isConstantEqual(b, 1.0)) return a;
  if (isConstantEqual(a, 0.0) && !b.isConstant()) return Expr(0.0);
  if (isNegation(a)) return -(operandOf(a, 0) / b);
  if (isNegation(b)) return -(a / operandOf(b, 0));
  if (isNegativeConstant(a) && !b.isConstant()) return -(Expr(-a.constantValue()) / b);
  if (isNegativeConstant(b) && !a.isConstant()) return -(a / Expr(-b.constantValue()));
  return makeNode(Operation::Divide, {a, b});
}

Expr operator-(const Expr& a) {
  requireNumeric(a, "operator- (negation)");
  if (isNegation(a)) return operandOf(a, 0);
  if (operationOf(a) == Operation::Subtract) return operandOf(a, 1) - operandOf(a, 0);
  return makeNode(Operation::Negate, {a});
}

Expr pow(const Expr& base, const Expr& exponent) {
  requireNumeric(base, "pow");
  requireNumeric(exponent, "pow");
  if (isConstantEqual(exponent, 0.0) || isConstantEqual(base, 1.0)) return Expr(1.0);
  if (isConstantEqual(exponent, 1.0)) return base;
  return makeNode(Operation::Power, {base, exponent});
}

Expr exp(const Expr& a) { return makeUnary(Operation::Exp, a, "exp"); }
Expr log(const Expr& a) { return makeUnary(Operation::Log, a, "log"); }
Expr sinh(const Expr& a) { return makeUnary(Operation::Sinh, a, "sinh"); }
Expr cosh(const Expr& a) { return makeUnary(Operation::Cosh, a, "cosh"); }
Expr tanh(const Expr& a) { return makeUnary(Operation::Tanh, a, "tanh"); }
Expr sqrt(const Expr& a) { return makeUnary(Operation::Sqrt, a, "sqrt"); }
Expr sign(const Expr& a) { return makeUnary(Operation::Sign, a, "sign"); }

Expr abs(const Expr& a) {
  requireNumeric(a, "abs");
  if (operationOf(a) == Operation::Abs) return a;
  if (isNegation(a)) return abs(operandOf(a, 0));
  return makeNode(Operation::Abs, {a});
}

Expr min(const Expr& a, const Expr& b) {
  requireNumeric(a, "min");
  requireNumeric(b, "min");
  if (identical(a, b)) return a;
  return makeNode(Operation::Minimum, {a, b});
}

Expr max(const Expr& a, const Expr& b) {
  requireNumeric(a, "max");
  requireNumeric(b, "max");
  if (identical(a, b)) return a;
  return makeNode(Operation::Maximum, {a, b});
}

Expr step(const Expr& a) { return select(a > 0.0, 1.0, 0.0); }

Expr operator<(const Expr& a, const Expr& b) { return makeBinary(Operation::Less, a, b, "operator<"); }
Expr operator<=(const Expr& a, const Expr& b) { return makeBinary(Operation::LessEqual, a, b, "operator<="); }
Expr operator>(const Expr& a, const Expr& b) { return makeBinary(Operation::Greater, a, b, "operator>"); }
Expr operator>=(const Expr& a, const Expr& b) { return makeBinary(Operation::GreaterEqual, a, b, "operator>="); }

Expr logicalAnd(const Expr& a, const Expr& b) {
  requireBoolean(a, "logicalAnd");
  requireBoolean(b, "logicalAnd");
  if (a.isConstant()) return a.constantValue() != 0.0 ? b : a;
  if (b.isConstant()) return b.constantValue() != 0.0 ? a : b;
  return makeNode(Operation::And, {a, b});
}

Expr logicalOr(const Expr& a, const Expr& b) {
  requireBoolean(a, "logicalOr");
  requireBoolean(b, "logicalOr");
  if (a.isConstant()) return a.constantValue() != 0.0 ? a : b;
  if (b.isConstant()) return b.constantValue() != 0.0 ? b : a;
  return makeNode(Operation::Or, {a, b});
}

Expr logicalNot(const Expr& a) {
  requireBoolean(a, "logicalNot");
  if (operationOf(a) == Operation::Not) return operandOf(a, 0);
  return makeNode(Operation::Not, {a});
}

Expr select(const Expr& condition, const Expr& ifTrue, const Expr& ifFalse) {
  requireBoolean(condition, "select (condition)");
  requireNumeric(ifTrue, "select (ifTrue)");
  requireNumeric(ifFalse, "select (ifFalse)");
  if (condition.isConstant()) return condition.constantValue() != 0.0 ? ifTrue : ifFalse;
  if (identical(ifTrue, ifFalse)) return ifTrue;
  if (operationOf(condition) == Operation::Not) {
    return select(operandOf(condition, 0), ifFalse, ifTrue);
  }
  return makeNode(Operation::Select, {condition, ifTrue, ifFalse});
}

}  // namespace memcosim::devices
