// Expression trees for device equations: folding builders, derivatives, printers, evaluator.
#include "devices/expression.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace memcosim::devices {

using detail::Operation;

struct Expr::Node {
  Operation operation;
  double value = 0.0;    // Constant
  bool boolean = false;  // Constant: a boolean constant (value 0 or 1)
  std::string name;      // Symbol
  std::vector<Expr> operands;
};

/// The one door to Expr's node, for the code in this file.
struct ExprAccess {
  using Node = Expr::Node;
  static const Expr::Node& node(const Expr& e) { return *e.node_; }
  static const Expr::Node* identity(const Expr& e) { return e.node_.get(); }
  static Expr make(Expr::Node node) { return Expr(std::make_shared<const Expr::Node>(std::move(node))); }
};

namespace {

using Node = ExprAccess::Node;

const Node& nodeOf(const Expr& e) { return ExprAccess::node(e); }
Operation operationOf(const Expr& e) { return nodeOf(e).operation; }
const Expr& operandOf(const Expr& e, std::size_t k) { return nodeOf(e).operands[k]; }

bool isConstantEqual(const Expr& e, double value) {
  return e.isConstant() && !e.isBoolean() && e.constantValue() == value;
}

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

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Printing. Each rendered piece carries the precedence of its outermost operator; a child is
// parenthesised when its precedence is below what its position requires.

namespace {

enum Precedence : int {
  Conditional = 1,  // c ? a : b
  LogicalOr = 2,
  LogicalAnd = 3,
  Comparison = 4,
  Additive = 5,
  Multiplicative = 6,
  Unary = 7,  // −a, !a, and negative numbers
  Atom = 8,   // numbers ≥ 0, symbols, function calls, parenthesised text
};

struct Text {
  std::string text;
  int precedence;
};

std::string formatNumber(double value, std::chars_format format, int precision) {
  std::array<char, 40> buffer{};
  const auto [end, error] = precision > 0
                                ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format, precision)
                                : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) {
    throw std::logic_error("memcosim::devices::print: cannot format a number");
  }
  return {buffer.data(), end};
}

/// Significant digits of a number in shortest form ("1.25e-07" → 3, "1200" → 2).
int significantDigits(const std::string& text) {
  const std::string mantissa = text.substr(0, text.find('e'));
  const std::size_t first = mantissa.find_first_of("123456789");
  if (first == std::string::npos) return 0;
  const std::size_t last = mantissa.find_last_of("123456789");
  const bool pointInside = mantissa.find('.', first) < last;
  return static_cast<int>(last - first + 1 - (pointInside ? 1 : 0));
}

/// Shortest text that reads back as exactly `value` (std::to_chars, locale independent).
///
/// ngspice rounds literals in B-source expressions to 11 significant digits, so a longer
/// constant c is written as (h + l): h is c rounded to 11 digits and l = c − h (exact by
/// Sterbenz's lemma) rounded to 11 digits; ngspice's sum h + l is then c within an ulp.
/// Verilog-A reads "2" as an integer (and 1/2 as 0), so there every constant is a real literal.
Text numberText(double value, Language language) {
  constexpr int ngspiceDigits = 11;
  std::string text = formatNumber(value, std::chars_format::general, 0);
  const int precedence = value < 0.0 ? Unary : Atom;
  if (language == Language::VerilogA && text.find_first_of(".e") == std::string::npos) {
    return {text + ".0", precedence};
  }
  if (language != Language::Ngspice || significantDigits(text) <= ngspiceDigits) {
    return {text, precedence};
  }
  const std::string high = formatNumber(value, std::chars_format::general, ngspiceDigits);
  double highValue = 0.0;
  std::from_chars(high.data(), high.data() + high.size(), highValue);
  const double low = value - highValue;
  return {"(" + high + (low < 0.0 ? " - " : " + ") +
              formatNumber(std::fabs(low), std::chars_format::general, ngspiceDigits) + ")",
          Atom};
}

class Printer {
 public:
  Printer(Language language, const SymbolText& symbolText) : language_(language), symbolText_(symbolText) {}

  Text print(const Expr& e) {
    const Node& node = nodeOf(e);
    const auto operand = [&](std::size_t k) -> const Expr& { return node.operands[k]; };
    switch (node.operation) {
      case Operation::Constant:
        if (node.boolean) return {node.value != 0.0 ? "1" : "0", Atom};
        return numberText(node.value, language_);
      case Operation::Symbol:
        return {symbolText_(node.name), Atom};
      case Operation::Add:
        return binary(operand(0), " + ", operand(1), Additive);
      case Operation::Subtract:
        return binary(operand(0), " - ", operand(1), Additive);
      case Operation::Multiply:
        return binary(operand(0), "*", operand(1), Multiplicative);
      case Operation::Divide:
        return binary(operand(0), "/", operand(1), Multiplicative);
      case Operation::Power:
        return power(operand(0), operand(1));
      case Operation::Minimum:
        return call("min", {operand(0), operand(1)});
      case Operation::Maximum:
        return call("max", {operand(0), operand(1)});
      case Operation::Negate:
        return {"-" + wrap(print(operand(0)), Atom), Unary};
      case Operation::Exp:
        return call("exp", {operand(0)});
      case Operation::Log:
        return call("ln", {operand(0)});
      case Operation::Sinh:
        return call("sinh", {operand(0)});
      case Operation::Cosh:
        return call("cosh", {operand(0)});
      case Operation::Tanh:
        return call("tanh", {operand(0)});
      case Operation::Abs:
        return call("abs", {operand(0)});
      case Operation::Sqrt:
        return call("sqrt", {operand(0)});
      case Operation::Sign:
        if (language_ == Language::VerilogA) {  // Verilog-A has no sign function
          return print(select(operand(0) > 0.0, 1.0, select(operand(0) < 0.0, -1.0, 0.0)));
        }
        return call("sgn", {operand(0)});
      case Operation::Less:
        return comparison(operand(0), " < ", operand(1));
      case Operation::LessEqual:
        return comparison(operand(0), " <= ", operand(1));
      case Operation::Greater:
        return comparison(operand(0), " > ", operand(1));
      case Operation::GreaterEqual:
        return comparison(operand(0), " >= ", operand(1));
      case Operation::And:
        return logical(operand(0), language_ == Language::Xyce ? " & " : " && ", operand(1), LogicalAnd);
      case Operation::Or:
        return logical(operand(0), language_ == Language::Xyce ? " | " : " || ", operand(1), LogicalOr);
      case Operation::Not:
        return {(language_ == Language::Xyce ? "~" : "!") + wrap(print(operand(0)), Atom), Unary};
      case Operation::Select:
        return conditional(operand(0), operand(1), operand(2));
    }
    throw std::logic_error("memcosim::devices::print: unknown operation");
  }

 private:
  static std::string wrap(const Text& piece, int required) {
    return piece.precedence < required ? "(" + piece.text + ")" : piece.text;
  }

  /// Left-associative binary operator: a left child of equal precedence prints bare, a right
  /// one is parenthesised (a − (b − c), a/(b*c)) so the evaluation order is the tree's. Signed
  /// right operands are parenthesised too: a*(-b), never a*-b.
  Text binary(const Expr& a, const char* symbol, const Expr& b, int precedence) {
    const Text right = print(b);
    const std::string rightText =
        (right.precedence <= precedence || right.precedence == Unary) ? "(" + right.text + ")" : right.text;
    return {wrap(print(a), precedence) + symbol + rightText, precedence};
  }

  Text call(const std::string& function, std::initializer_list<Expr> arguments) {
    std::string text = function + "(";
    const char* separator = "";
    for (const Expr& argument : arguments) {
      text += separator + print(argument).text;
      separator = ", ";
    }
    return {text + ")", Atom};
  }

  /// ngspice's pow(a, b) is |a|^b for a < 0, so integer powers n are written with an
  /// explicit sign: a^n = |a|^n for even n, a·|a|^(n−1) for odd n (n = ±1 never reaches here).
  Text power(const Expr& base, const Expr& exponent) {
    const bool integerExponent = exponent.isConstant() &&
                                 exponent.constantValue() == std::trunc(exponent.constantValue()) &&
                                 std::fabs(exponent.constantValue()) < 1e15;
    if (language_ != Language::Ngspice || !integerExponent) return call("pow", {base, exponent});
    const double n = exponent.constantValue();
    if (std::fmod(n, 2.0) == 0.0) return call("pow", {abs(base), exponent});
    const Text magnitude = call("pow", {abs(base), n - 1.0});
    return {wrap(print(base), Multiplicative) + "*" + magnitude.text, Multiplicative};
  }

  Text comparison(const Expr& a, const char* symbol, const Expr& b) {
    return {wrap(print(a), Additive) + symbol + wrap(print(b), Additive), Comparison};
  }

  /// Operands of logical operators are always parenthesised unless atomic: the relative
  /// precedence of Xyce's & | ~ and comparisons is not documented.
  Text logical(const Expr& a, const char* symbol, const Expr& b, int precedence) {
    return {wrap(print(a), Unary) + symbol + wrap(print(b), Unary), precedence};
  }

  Text conditional(const Expr& condition, const Expr& ifTrue, const Expr& ifFalse) {
    if (language_ == Language::Xyce) return call("if", {condition, ifTrue, ifFalse});
    // (c) ? t : f. A nested conditional is parenthesised in either branch: admsXml rejects
    // the bare else-if chain c1 ? a : c2 ? b : d.
    return {wrap(print(condition), Atom) + " ? " + wrap(print(ifTrue), Conditional + 1) + " : " +
                wrap(print(ifFalse), Conditional + 1),
            Conditional};
  }

  Language language_;
  const SymbolText& symbolText_;
};

}  // namespace

std::string print(const Expr& e, Language language, const SymbolText& symbolText) {
  return Printer(language, symbolText).print(e).text;
}

// ---------------------------------------------------------------------------------------------
// CompiledExpr: post-order flattening into register instructions; each distinct node once.

namespace {

class Compiler {
 public:
  Compiler(const std::vector<std::string>& slotNames, std::vector<double>& registers,
           std::vector<detail::Instruction>& program)
      : registers_(registers), program_(program) {
    for (std::size_t k = 0; k < slotNames.size(); ++k) slots_.emplace(slotNames[k], k);
    registers_.assign(slotNames.size(), 0.0);
  }

  std::uint32_t compile(const Expr& e) {
    const Node* identity = ExprAccess::identity(e);
    const auto found = memo_.find(identity);
    if (found != memo_.end()) return found->second;
    const std::uint32_t result = emit(nodeOf(e));
    memo_.emplace(identity, result);
    return result;
  }

 private:
  std::uint32_t newRegister(double initialValue) {
    registers_.push_back(initialValue);
    return static_cast<std::uint32_t>(registers_.size() - 1);
  }

  std::uint32_t emit(const Node& node) {
    if (node.operation == Operation::Constant) return newRegister(node.value);
    if (node.operation == Operation::Symbol) return static_cast<std::uint32_t>(slots_.at(node.name));
    std::array<std::uint32_t, 3> operands{};
    for (std::size_t k = 0; k < node.operands.size(); ++k) operands[k] = compile(node.operands[k]);
    for (std::size_t k = node.operands.size(); k < operands.size(); ++k) operands[k] = operands[0];
    const std::uint32_t result = newRegister(0.0);
    program_.push_back({node.operation, result, operands[0], operands[1], operands[2]});
    return result;
  }

  std::map<std::string, std::size_t> slots_;
  std::unordered_map<const Node*, std::uint32_t> memo_;
  std::vector<double>& registers_;
  std::vector<detail::Instruction>& program_;
};

}  // namespace

CompiledExpr::CompiledExpr(const Expr& e, const std::vector<std::string>& slotNames) : slotCount_(slotNames.size()) {
  const std::set<std::string> unique(slotNames.begin(), slotNames.end());
  if (unique.size() != slotNames.size()) {
    throw std::invalid_argument("memcosim::devices::CompiledExpr: slot names contain a duplicate");
  }
  std::string missing;
  for (const std::string& name : e.symbols()) {
    if (unique.count(name) == 0) missing += (missing.empty() ? "'" : ", '") + name + "'";
  }
  if (!missing.empty()) {
    throw std::invalid_argument("memcosim::devices::CompiledExpr: symbol(s) " + missing +
                                " not among the slot names; add them to slotNames");
  }
  result_ = Compiler(slotNames, registers_, program_).compile(e);
}

double CompiledExpr::operator()(std::span<const double> slotValues) const {
  if (slotValues.size() != slotCount_) {
    throw std::invalid_argument("memcosim::devices::CompiledExpr: got " + std::to_string(slotValues.size()) +
                                " slot values, expected " + std::to_string(slotCount_));
  }
  double* registers = registers_.data();
  std::copy(slotValues.begin(), slotValues.end(), registers);
  for (const detail::Instruction& instruction : program_) {
    registers[instruction.result] = apply(instruction.operation, registers[instruction.first],
                                          registers[instruction.second], registers[instruction.third]);
  }
  return registers[result_];
}

}  // namespace memcosim::devices
