// The native DC solver behind the training solver interface, with its ngspice cross-check.
#include "solver/dc_solver.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace memcosim::solver {

NativeDc::NativeDc(spice::Session* reference, long checkEvery, double tolerance_volt)
    : reference_(reference), checkEvery_(checkEvery), tolerance_volt_(tolerance_volt) {
  if (checkEvery_ > 0 && reference_ == nullptr)
    throw std::invalid_argument("native solver: a cross-check needs an ngspice session");
}

void NativeDc::load(const spice::Netlist& netlist) {
  native_ = std::make_unique<MnaSolver>(netlist);
  if (checkEvery_ > 0) reference_->load(netlist);
}

void NativeDc::save(const std::vector<std::string>& nodes) {
  nodes_ = nodes;
  if (checkEvery_ > 0) reference_->save(nodes);
}

void NativeDc::alter(const std::string& element, double value) {
  if (!native_) throw std::logic_error("native solver: alter before load");
  const char kind = static_cast<char>(std::tolower(static_cast<unsigned char>(element.empty() ? ' ' : element[0])));
  if (kind == 'r')
    native_->setResistance(element, value);
  else if (kind == 'v' || kind == 'i')
    native_->setSource(element, value);
  else
    throw UnsupportedElement(element + ": the native solver changes resistors and independent sources only");
  if (checkEvery_ > 0) reference_->alter(element, value);
}

spice::Plot NativeDc::operatingPoint(bool warmStart) {
  if (!native_) throw std::logic_error("native solver: operating point before load");
  spice::Plot plot = native_->operatingPoint(warmStart);
  ++solves_;
  if (checkEvery_ > 0 && solves_ % checkEvery_ == 0) {
    ++checks_;
    const spice::Plot reference = reference_->operatingPoint();
    for (const auto& node : nodes_) {
      const double mine = native_->voltage(node), theirs = reference.value(spice::nodeVoltage(node));
      if (!(std::abs(mine - theirs) <= tolerance_volt_))
        throw std::runtime_error(fmt::format(
            "native solver disagrees with ngspice at operating point {}: v({}) = {:.12g} V natively, {:.12g} V in "
            "ngspice (|difference| {:.3g} V > check_tolerance {:.3g} V); train with solver = \"ngspice\"",
            solves_, node, mine, theirs, std::abs(mine - theirs), tolerance_volt_));
    }
  }
  return plot;
}

}  // namespace memcosim::solver
