// Expression trees for device equations: printed to SPICE and Verilog-A, differentiated, compiled.
//
// A memristor model is a pair of real functions of the port voltage v, the state x and the
// parameters p (docs/design.md, "Device models"):
//
//     i     = f(v, x, p)      (port current)
//     dx/dt = g(v, x, p)      (state rate)
//
// Each is an `Expr`: an immutable tree over real constants and named symbols (v, x, ron, ...),
// built with the usual operators and the functions below. From one tree the library derives
//
//   print(e, Language::Ngspice, ...)   the B-source expression text for ngspice,
//   print(e, Language::Xyce, ...)      the same for Xyce,
//   print(e, Language::VerilogA, ...)  an analog expression for a Verilog-A module,
//   CompiledExpr(e, slots)             a flat program evaluating e natively (no virtual calls),
//   derivative(e, "v")                 the symbolic partial derivative ∂e/∂v (for Newton, BPTT),
//
// so the netlist, the Verilog-A module and the native integrator cannot drift apart.
//
// Meaning of every operation (the native evaluator implements exactly this, in IEEE double):
//   a + b, a - b, a * b, a / b, -a       arithmetic
//   pow(a, b) = a^b                      as std::pow: a < 0 needs an integer b (else NaN)
//   exp, log (natural), sinh, cosh, tanh, sqrt, abs
//   min(a, b), max(a, b)                 NaN in either argument gives NaN
//   sign(a) = +1 if a > 0, -1 if a < 0, 0 if a = 0
//   step(a) = 1 if a > 0 else 0          (note: 0 at a = 0; ngspice's u() gives 0.5 there)
//   a < b, a <= b, a > b, a >= b         boolean results
//   logicalAnd, logicalOr, logicalNot    on booleans
//   select(c, t, f) = t if c else f      c boolean; both branches are evaluated natively
//
// Expressions are typed: comparisons and logical operations yield booleans, which may only be
// used as operands of logical operations or as the condition of select(); using one in
// arithmetic (or a number as a condition) throws std::invalid_argument. Constants must be
// finite.
//
// The builders fold constants and apply identities that are exact for finite operands
// (x + 0 → x, 1·x → x, 0·x → 0, x^1 → x, −(−x) → x, select(c, a, a) → a, ...), so derivative
// trees stay small and printed text stays readable. 0·x → 0 and 0/x → 0 are the identities
// that differ from IEEE (for x infinite or NaN, and x = 0); models keep values finite anyway.
//
// Language facts the printers rely on (verified with ngspice-39 `ngspice -b`, admsXml 2.3.7,
// and Xyce's Reference Guide tables "Operators" and "Arithmetic Functions"):
//   - natural log is printed `ln` everywhere: Xyce and Verilog-A `log` is base 10;
//     ngspice `log` happens to be natural.
//   - ngspice `pow(a, b)` and `a^b` compute |a|^b for a < 0 (pow(-2, 3) = 8), and `^` is left
//     associative (2^3^2 = 64). The ngspice printer therefore writes a constant integer power
//     a^n as pow(abs(a), n) for even n and a*pow(abs(a), n-1) for odd n (value and ngspice's
//     own derivative both right for a < 0); for any other exponent the base must be ≥ 0 for
//     ngspice to agree with this library (write pow(abs(a), b) if needed). Xyce's and
//     Verilog-A's pow follow std::pow.
//   - ngspice `u(0)` is 0.5, so step() is printed as a conditional, not as u().
//   - Xyce: `^` is boolean XOR, logical operators are `~ & |`, conditionals are IF(c, a, b).
//   - Verilog-A: integer literals divide as integers, so every constant is printed as a real
//     literal (2 → 2.0); there is no sign function, so sign(a) is printed as a conditional.
//     admsXml rejects a bare else-if chain c1 ? a : c2 ? b : d, so nested conditionals are
//     parenthesised (in every language).
//   - ngspice rounds numeric literals inside B-source expressions to 11 significant digits
//     (3.141592653589793 is read as 3.1415926536; .param and source values keep full
//     precision). The ngspice printer writes a longer constant c as (h + l), h = c rounded to
//     11 digits, l = c − h, which ngspice sums back to c within an ulp.
//   - ngspice limits exp() to about 1e99 (arguments above ≈ 227.96) and stops with an error
//     on ln or sqrt of a negative number; the native evaluator does neither.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace memcosim::devices {

namespace detail {
/// Node kinds of an expression tree, also the opcodes of a CompiledExpr program.
// clang-format off
enum class Operation : std::uint8_t {
  Constant, Symbol,                                        // leaves
  Add, Subtract, Multiply, Divide, Power, Minimum, Maximum,  // numeric, binary
  Negate, Exp, Log, Sinh, Cosh, Tanh, Abs, Sqrt, Sign,       // numeric, unary
  Less, LessEqual, Greater, GreaterEqual,                    // comparisons
  And, Or, Not,                                              // logic
  Select,                                                    // select(c, t, f)
};
// clang-format on

/// One step of a CompiledExpr program:
/// registers[result] = operation(registers[first], registers[second], registers[third]).
struct Instruction {
  Operation operation;
  std::uint32_t result, first, second, third;
};
}  // namespace detail

/// An immutable expression tree: a shared pointer to a const node, cheap to copy and safe to
/// share between threads.
class Expr {
 public:
  /// A real constant; throws std::invalid_argument if it is not finite.
  Expr(double constant);  // NOLINT(google-explicit-constructor): lets models write 2 * x.

  /// A variable (v, x, i, ...) or parameter (ron, roff, ...); the name must be an identifier
  /// ([A-Za-z_][A-Za-z0-9_]*), else std::invalid_argument.
  static Expr symbol(std::string name);

  /// Every symbol name occurring in the tree.
  [[nodiscard]] std::set<std::string> symbols() const;

  [[nodiscard]] bool isBoolean() const;
  [[nodiscard]] bool isConstant() const;
  /// The value of a constant (booleans: 0 or 1); throws std::logic_error for other nodes.
  [[nodiscard]] double constantValue() const;

 private:
  struct Node;  // defined in expression_node.h
  explicit Expr(std::shared_ptr<const Node> node);
  std::shared_ptr<const Node> node_;

  friend struct ExprAccess;  // the builders, derivative, printers and compiler (expression_*.cpp)
};

// Arithmetic (numeric operands only).
Expr operator+(const Expr& a, const Expr& b);
Expr operator-(const Expr& a, const Expr& b);
Expr operator*(const Expr& a, const Expr& b);
Expr operator/(const Expr& a, const Expr& b);
Expr operator-(const Expr& a);

// Functions (numeric arguments).
Expr pow(const Expr& base, const Expr& exponent);
Expr exp(const Expr& a);
Expr log(const Expr& a);  ///< natural logarithm
Expr sinh(const Expr& a);
Expr cosh(const Expr& a);
Expr tanh(const Expr& a);
Expr abs(const Expr& a);
Expr sqrt(const Expr& a);
Expr min(const Expr& a, const Expr& b);
Expr max(const Expr& a, const Expr& b);
Expr sign(const Expr& a);
Expr step(const Expr& a);  ///< select(a > 0, 1, 0)

// Comparisons (numeric operands, boolean result).
Expr operator<(const Expr& a, const Expr& b);
Expr operator<=(const Expr& a, const Expr& b);
Expr operator>(const Expr& a, const Expr& b);
Expr operator>=(const Expr& a, const Expr& b);

// Logic (boolean operands and result).
Expr logicalAnd(const Expr& a, const Expr& b);
Expr logicalOr(const Expr& a, const Expr& b);
Expr logicalNot(const Expr& a);

/// ifTrue where condition holds, else ifFalse; condition boolean, branches numeric.
Expr select(const Expr& condition, const Expr& ifTrue, const Expr& ifFalse);

/// ∂e/∂symbol, simplified. Rules beyond the textbook ones: sign, step and comparisons have
/// derivative 0; abs' = sign(a)·a'; min, max and select differentiate the branch they take
/// (min(a, b)' = select(a < b, a', b')). Throws std::invalid_argument for a boolean e.
Expr derivative(const Expr& e, const std::string& symbol);

/// Target languages of print().
enum class Language { Ngspice, Xyce, VerilogA };

/// Maps a symbol name to its text in the target, e.g. "v" → "V(p,n)", "x" → "V(x)",
/// "ron" → "ron". The text must be an atom (a name, a call, or parenthesised).
using SymbolText = std::function<std::string(const std::string&)>;

/// The expression as text in `language`: numbers in shortest round-trip form (std::to_chars,
/// locale independent; see the ngspice note above for constants beyond 11 digits), and the
/// parentheses needed to keep the tree's evaluation order exactly (left-associative chains
/// print bare, right-nested ones are parenthesised).
std::string print(const Expr& e, Language language, const SymbolText& symbolText);

/// An expression flattened into a program of register operations for fast repeated
/// evaluation: each distinct node is computed once (shared subtrees, as derivative() creates,
/// are not recomputed). Evaluation uses a scratch register file owned by the object, so one
/// object must not be evaluated from two threads at once; copy it per thread instead.
class CompiledExpr {
 public:
  /// slotNames[k] is the symbol whose value is slotValues[k] at evaluation. Throws
  /// std::invalid_argument naming every symbol of e missing from slotNames, or a duplicate slot.
  CompiledExpr(const Expr& e, const std::vector<std::string>& slotNames);

  /// The value of the expression (booleans as 0 or 1); throws std::invalid_argument if
  /// slotValues.size() differs from the number of slots.
  double operator()(std::span<const double> slotValues) const;

  // A plain value: a copy owns its own scratch registers.
  CompiledExpr(const CompiledExpr&) = default;
  CompiledExpr(CompiledExpr&&) noexcept = default;
  CompiledExpr& operator=(const CompiledExpr&) = default;
  CompiledExpr& operator=(CompiledExpr&&) noexcept = default;
  ~CompiledExpr() = default;

 private:
  std::vector<detail::Instruction> program_;
  mutable std::vector<double> registers_;  // [slots | constants | temporaries]
  std::size_t slotCount_ = 0;
  std::size_t result_ = 0;  // register holding the value after the program ran
};

}  // namespace memcosim::devices
