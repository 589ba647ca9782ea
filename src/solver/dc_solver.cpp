// The native DC solver behind the training solver interface, with its ngspice cross-check.
#include "solver/dc_solver.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace memcosim::solver {

void NgspiceDc::load(const spice::Netlist& netlist) {
  session_.load(netlist);
  vectorOfNode_.clear();
  elements_.clear();
}

std::size_t NgspiceDc::handle(const std::string& element) {
  elements_.push_back(element);
  return elements_.size() - 1;
}

void NgspiceDc::save(const std::vector<std::string>& nodes) {
  session_.save(nodes);
  nodes_ = nodes;
  vectorOfNode_.clear();
}

const std::vector<double>& NgspiceDc::solveNodes(bool /*warmStart*/) {
  const spice::Plot plot = session_.operatingPoint();
  // The op plot's vector order is fixed for a loaded circuit: look the nodes up once.
  if (vectorOfNode_.size() != nodes_.size()) {
    vectorOfNode_.clear();
    for (const auto& node : nodes_)
      vectorOfNode_.push_back(static_cast<std::size_t>(&plot.voltage(node) - plot.vectors.data()));
  }
  voltages_.resize(nodes_.size());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const auto& vector = plot.vectors.at(vectorOfNode_[i]);
    if (vector.real.empty()) throw spice::SessionError("ngspice returned an empty vector " + vector.name);
    voltages_[i] = vector.real.front();
  }
  return voltages_;
}

NativeDc::NativeDc(spice::Session* reference, long checkEvery, double tolerance_volt)
    : reference_(reference), checkEvery_(checkEvery), tolerance_volt_(tolerance_volt) {
  if (checkEvery_ > 0 && reference_ == nullptr)
    throw std::invalid_argument("native solver: a cross-check needs an ngspice session");
}

void NativeDc::load(const spice::Netlist& netlist) {
  native_ = std::make_unique<MnaSolver>(netlist);
  handles_.clear();
  byName_.clear();
  pending_.clear();
  isPending_.clear();
  changed_.clear();
  if (checkEvery_ > 0) reference_->load(netlist);
}

void NativeDc::save(const std::vector<std::string>& nodes) {
  if (!native_) throw std::logic_error("native solver: save before load");
  nodes_ = nodes;
  indices_.clear();
  for (const auto& node : nodes) indices_.push_back(native_->nodeIndex(node));
  if (checkEvery_ > 0) reference_->save(nodes);
}

void NativeDc::alter(const std::string& element, double value) { alter(handle(element), value); }

std::size_t NativeDc::handle(const std::string& element) {
  if (const auto known = byName_.find(element); known != byName_.end()) return known->second;
  handles_.emplace_back(resolve(element), element);
  byName_.emplace(element, handles_.size() - 1);
  pending_.push_back(0.0);
  isPending_.push_back(false);
  return handles_.size() - 1;
}

MnaSolver::Handle NativeDc::resolve(const std::string& element) const {
  if (!native_) throw std::logic_error("native solver: alter before load");
  const char kind = static_cast<char>(std::tolower(static_cast<unsigned char>(element.empty() ? ' ' : element[0])));
  if (kind != 'r' && kind != 'v' && kind != 'i')
    throw UnsupportedElement(element + ": the native solver changes resistors and independent sources only");
  return native_->handle(element);
}

void NativeDc::alter(std::size_t handle, double value) {
  native_->set(handles_.at(handle).first, value);
  if (checkEvery_ > 0) {
    pending_[handle] = value;
    if (!isPending_[handle]) {
      isPending_[handle] = true;
      changed_.push_back(handle);
    }
  }
}

const std::vector<double>& NativeDc::solveNodes(bool warmStart) {
  if (!native_) throw std::logic_error("native solver: operating point before load");
  native_->solve(warmStart);
  voltages_.resize(indices_.size());
  for (std::size_t i = 0; i < indices_.size(); ++i) voltages_[i] = native_->voltageAt(indices_[i]);
  ++solves_;
  if (checkEvery_ > 0 && (checkNext_ || solves_ % checkEvery_ == 0)) {
    checkNext_ = false;
    ++checks_;
    for (const std::size_t h : changed_) {
      reference_->alter(handles_[h].second, pending_[h]);
      isPending_[h] = false;
    }
    changed_.clear();
    const spice::Plot reference = reference_->operatingPoint();
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const std::string& node = nodes_[i];
      const double mine = voltages_[i], theirs = reference.value(spice::nodeVoltage(node));
      if (!(std::abs(mine - theirs) <= tolerance_volt_))
        throw std::runtime_error(fmt::format(
            "native solver disagrees with ngspice at operating point {}: v({}) = {:.12g} V natively, {:.12g} V in "
            "ngspice (|difference| {:.3g} V > check_tolerance {:.3g} V); train with solver = \"ngspice\"",
            solves_, node, mine, theirs, std::abs(mine - theirs), tolerance_volt_));
    }
  }
  return voltages_;
}

}  // namespace memcosim::solver
