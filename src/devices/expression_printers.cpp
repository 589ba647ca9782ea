// Printing expression trees as ngspice, Xyce and Verilog-A text (language facts in expression.h).
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <system_error>

#include "devices/expression.h"
#include "devices/expression_node.h"
#include "io/number.h"

namespace memcosim::devices {

using detail::Node;
using detail::nodeOf;
using detail::Operation;

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
  const double highValue = io::readNumber(high, io::NumberSyntax::Plain).value();
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

}  // namespace memcosim::devices
