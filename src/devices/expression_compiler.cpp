// CompiledExpr: expression trees flattened into register programs for native evaluation.
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "devices/expression.h"
#include "devices/expression_node.h"

namespace memcosim::devices {

using detail::apply;
using detail::Node;
using detail::nodeOf;
using detail::Operation;

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
