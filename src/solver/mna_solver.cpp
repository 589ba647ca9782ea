// Modified nodal analysis with Newton iterations, junction limiting and gmin stepping.
#include "solver/mna_solver.h"

#include "devices/model_views.h"
#include "io/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

namespace memcosim::solver {
namespace {

// ngspice 39's physical constants (const.h), so that Vt matches it to the last digit.
constexpr double kBoltzmann = 1.38064852e-23;  // J/K
constexpr double kCharge = 1.6021766208e-19;   // C
constexpr double kZeroCelsius = 273.15;        // K

using io::lowerCase;

double number(const spice::Value& value, const std::string& element) {
  if (!value.isNumber())
    throw UnsupportedElement(element + ": parameter expressions ({" + value.expressionText() +
                             "}) are not evaluated by the native solver; give a number");
  return value.number();
}

/// SPICE's junction-voltage limiting between Newton iterates (Nagel 1975): above the critical
/// voltage a step is compressed logarithmically, so the exponential cannot overflow.
double limitJunction(double vNew, double vOld, double vte, double vCritical, bool& limited) {
  if (vNew > vCritical && std::abs(vNew - vOld) > 2.0 * vte) {
    limited = true;
    if (vOld > 0.0) {
      const double arg = 1.0 + (vNew - vOld) / vte;
      return arg > 0.0 ? vOld + vte * std::log(arg) : vCritical;
    }
    return vte * std::log(vNew / vte);
  }
  return vNew;
}

/// Junction current and conductance of ngspice's level-1 diode without breakdown (see header).
std::pair<double, double> junction(double v, double saturation, double vte, double gmin) {
  double i = 0.0, g = 0.0;
  if (v >= -3.0 * vte) {
    const double e = std::exp(v / vte);
    i = saturation * (e - 1.0);
    g = saturation * e / vte;
  } else {
    double a = 3.0 * vte / (v * std::numbers::e);
    a = a * a * a;
    i = -saturation * (1.0 + a);
    g = saturation * 3.0 * a / v;
  }
  return {i + gmin * v, g + gmin};
}

/// Diode model parameters that leave the DC characteristic as the equations above describe it.
bool dcNeutralParameter(const std::string& name) {
  static const std::vector<std::string> names{"cjo", "cj0", "cj", "vj", "pb", "m", "mj", "tt", "fc", "kf", "af"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

int MnaSolver::node(const std::string& name) {
  const std::string key = lowerCase(name);
  if (key == "0" || key == "gnd") return -1;
  const auto found = nodeIndex_.find(key);
  if (found != nodeIndex_.end()) return found->second;
  const int index = static_cast<int>(nodeNames_.size());
  nodeIndex_[key] = index;
  nodeNames_.push_back(key);
  return index;
}

MnaSolver::MnaSolver(const spice::Netlist& netlist, double tighten) {
  netlist.validate();
  const auto& options = netlist.options();
  auto option = [&](const char* name, double fallback) {
    const auto found = options.find(name);
    return found == options.end() ? fallback : found->second;
  };
  tolerances_.reltol = option("reltol", 1e-3) / tighten;
  tolerances_.vntol = option("vntol", 1e-6) / tighten;
  tolerances_.abstol = option("abstol", 1e-12) / tighten;
  tolerances_.gmin = option("gmin", 1e-12);
  tolerances_.maxIterations = static_cast<int>(option("itl1", 100));
  if (netlist.temperature() && *netlist.temperature() != 27.0)
    throw UnsupportedElement(".temp: the native solver works at the nominal 27 °C only");
  thermalVoltage_ = kBoltzmann * (27.0 + kZeroCelsius) / kCharge;
  if (!netlist.parameters().empty())
    throw UnsupportedElement(".param " + netlist.parameters().front().first +
                             ": parameters are not evaluated by the native solver");
  // Every node first, so that branch rows and internal nodes follow them.
  for (const auto& element : netlist.elements())
    for (const auto& name : spice::elementNodes(element)) node(name);
  unknowns_ = static_cast<int>(nodeNames_.size());
  for (const auto& element : netlist.elements()) addElement(element, netlist);
  // F and H name their controlling source: resolved once every branch exists.
  for (auto& c : controlled_)
    if (c.kind == 'F' || c.kind == 'H') c.controlRow = branches_[branchIndex_.at(c.control)].row;
  solution_ = Eigen::VectorXd::Zero(unknowns_);
  rhs_ = solution_;
  matrix_.resize(unknowns_, unknowns_);
  planReduction();
}

void MnaSolver::addElement(const spice::Element& element, const spice::Netlist& netlist) {
  const std::string& name = spice::elementName(element);
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, spice::Resistor>) {
          const double ohms = number(e.resistance, name);
          if (!(ohms > 0.0) || !std::isfinite(ohms))
            throw UnsupportedElement(name + ": resistance " + std::to_string(ohms) + " must be positive and finite");
          resistorIndex_[lowerCase(name)] = conductances_.size();
          conductances_.push_back({node(e.positive), node(e.negative), 1.0 / ohms, name});
        } else if constexpr (std::is_same_v<T, spice::Capacitor>) {
          // Open at DC.
        } else if constexpr (std::is_same_v<T, spice::Inductor>) {
          branchIndex_[lowerCase(name)] = branches_.size();
          branches_.push_back({node(e.positive), node(e.negative), unknowns_++, 0.0, name});
        } else if constexpr (std::is_same_v<T, spice::VoltageSource>) {
          branchIndex_[lowerCase(name)] = branches_.size();
          branches_.push_back({node(e.positive), node(e.negative), unknowns_++, number(e.dc, name), name});
        } else if constexpr (std::is_same_v<T, spice::CurrentSource>) {
          currentIndex_[lowerCase(name)] = currents_.size();
          currents_.push_back({node(e.positive), node(e.negative), number(e.dc, name), name});
        } else if constexpr (std::is_same_v<T, spice::Diode>) {
          const spice::Model* model = nullptr;
          for (const auto& m : netlist.models())
            if (lowerCase(m.name) == lowerCase(e.model)) model = &m;
          if (model == nullptr || lowerCase(model->type) != "d")
            throw UnsupportedElement(name + ": diode model '" + e.model + "' is not a .model of type D in the netlist");
          double saturation = 1e-14, emission = 1.0, series = 0.0;
          for (const auto& [parameter, value] : model->parameters) {
            const std::string key = lowerCase(parameter);
            const double v = number(value, "model " + model->name);
            if (key == "is")
              saturation = v;
            else if (key == "n")
              emission = v;
            else if (key == "rs")
              series = v;
            else if (!dcNeutralParameter(key))
              throw UnsupportedElement("model " + model->name + ": diode parameter '" + parameter +
                                       "' acts at DC and is not implemented by the native solver");
          }
          const double area = e.area ? number(*e.area, name) : 1.0;
          Junction j{};
          j.anode = node(e.anode);
          j.cathode = node(e.cathode);
          j.internal = series > 0.0 ? unknowns_++ : j.anode;
          j.saturation_ampere = saturation * area;
          j.emission = emission;
          j.seriesConductance_siemens = series > 0.0 ? area / series : 0.0;
          junctions_.push_back(j);
        } else if constexpr (std::is_same_v<T, spice::Vcvs>) {
          controlled_.push_back({'E',
                                 node(e.positive),
                                 node(e.negative),
                                 node(e.controlPositive),
                                 node(e.controlNegative),
                                 unknowns_,
                                 number(e.gain, name),
                                 {}});
          branchIndex_[lowerCase(name)] = branches_.size();
          branches_.push_back({node(e.positive), node(e.negative), unknowns_++, 0.0, name});
        } else if constexpr (std::is_same_v<T, spice::Vccs>) {
          controlled_.push_back({'G',
                                 node(e.positive),
                                 node(e.negative),
                                 node(e.controlPositive),
                                 node(e.controlNegative),
                                 -1,
                                 number(e.transconductance, name),
                                 {}});
        } else if constexpr (std::is_same_v<T, spice::Cccs> || std::is_same_v<T, spice::Ccvs>) {
          const auto found = std::find_if(netlist.elements().begin(), netlist.elements().end(), [&](const auto& other) {
            return lowerCase(spice::elementName(other)) == lowerCase(e.controllingSource);
          });
          if (found == netlist.elements().end() || !std::holds_alternative<spice::VoltageSource>(*found))
            throw UnsupportedElement(name + ": controlling source '" + e.controllingSource +
                                     "' is not a voltage source of the netlist");
          constexpr bool current = std::is_same_v<T, spice::Cccs>;
          Controlled c{current ? 'F' : 'H',           node(e.positive), node(e.negative), -1, -1, -1, 0.0,
                       lowerCase(e.controllingSource)};
          if constexpr (current) {
            c.gain = number(e.gain, name);
          } else {
            c.gain = number(e.transresistance, name);
            c.row = unknowns_;
            branchIndex_[lowerCase(name)] = branches_.size();
            branches_.push_back({c.p, c.n, unknowns_++, 0.0, name});
          }
          controlled_.push_back(c);
        } else if constexpr (std::is_same_v<T, spice::SubcircuitInstance>) {
          addReadView(e, netlist);
        } else if constexpr (std::is_same_v<T, spice::BehaviouralSource>) {
          throw UnsupportedElement(name + ": behavioural sources are not supported by the native solver");
        } else if constexpr (std::is_same_v<T, spice::XyceMemristor>) {
          throw UnsupportedElement(name + ": Xyce's built-in memristor is not supported by the native solver");
        } else if constexpr (std::is_same_v<T, spice::SaturatingVcvs>) {
          throw UnsupportedElement(name + ": saturating controlled sources are not supported by the native solver");
        } else {
          static_assert(spice::kNotHandled<T>, "MnaSolver::addElement: stamp the new element or refuse it here");
        }
      },
      element);
}

void MnaSolver::addReadView(const spice::SubcircuitInstance& instance, const spice::Netlist& netlist) {
  const spice::Subcircuit* definition = netlist.findSubcircuit(instance.subcircuit);
  const devices::ModelDefinition* model = definition ? devices::readViewModel(*definition) : nullptr;
  if (model == nullptr)
    throw UnsupportedElement(instance.name + ": subcircuit '" + instance.subcircuit +
                             "' is not a memristor read view; the native solver takes no other subcircuits");
  devices::ReadViewInstance view = [&] {
    try {
      return devices::readViewInstance(*model, instance);
    } catch (const devices::ParameterError& error) {
      throw UnsupportedElement(error.what());
    }
  }();
  auto& device = devices_[{model, view.parameters.values()}];
  if (!device) device = std::make_unique<devices::NativeDevice>(view.parameters);
  stateSourceIndex_[lowerCase(devices::readViewStateSource(instance.name))] = readViews_.size();
  readViews_.push_back({node(instance.nodes[0]), node(instance.nodes[1]), device.get(), view.state});
}

template <typename StampConductance, typename Inject>
void MnaSolver::stampNonlinear(bool firstIteration, StampConductance&& conductance, Inject&& inject) {
  auto value = [&](int index) { return index >= 0 ? solution_(index) : 0.0; };
  for (auto& j : junctions_) {
    const double vte = j.emission * thermalVoltage_;
    const double vCritical = vte * std::log(vte / (std::numbers::sqrt2 * j.saturation_ampere));
    double v = value(j.internal) - value(j.cathode);
    if (firstIteration)
      v = vCritical;  // as SPICE starts a junction: conducting, but not far into the exponential
    else
      v = limitJunction(v, j.lastVoltage, vte, vCritical, limited_);
    j.lastVoltage = v;
    const auto [i, g] = junction(v, j.saturation_ampere, vte, tolerances_.gmin);
    conductance(j.internal, j.cathode, g);
    const double equivalent = i - g * v;  // the companion model's current source
    inject(j.internal, -equivalent);
    inject(j.cathode, equivalent);
  }
  for (const auto& r : readViews_) {
    const double v = value(r.p) - value(r.n);
    const double i = r.device->current(v, r.state), g = r.device->currentSlope(v, r.state);
    conductance(r.p, r.n, g);
    const double equivalent = i - g * v;
    inject(r.p, -equivalent);
    inject(r.n, equivalent);
  }
}

template <typename Add>
void MnaSolver::stampLinear(Add&& add) {
  auto conductance = [&](int a, int b, double g) {
    add(a, a, g);
    add(b, b, g);
    add(a, b, -g);
    add(b, a, -g);
  };
  for (const auto& c : conductances_) conductance(c.a, c.b, c.siemens);
  for (const auto& j : junctions_)
    if (j.seriesConductance_siemens > 0.0) conductance(j.anode, j.internal, j.seriesConductance_siemens);
  for (const auto& b : branches_) {
    add(b.p, b.row, 1.0);  // the branch current leaves p and enters n
    add(b.n, b.row, -1.0);
    add(b.row, b.p, 1.0);  // v(p) − v(n) = value
    add(b.row, b.n, -1.0);
  }
  for (const auto& c : controlled_) {
    switch (c.kind) {
      case 'E':
        add(c.row, c.cp, -c.gain);
        add(c.row, c.cn, c.gain);
        break;
      case 'H':
        add(c.row, c.controlRow, -c.gain);
        break;
      case 'G':
        add(c.p, c.cp, c.gain);
        add(c.p, c.cn, -c.gain);
        add(c.n, c.cp, -c.gain);
        add(c.n, c.cn, c.gain);
        break;
      case 'F':
        add(c.p, c.controlRow, c.gain);
        add(c.n, c.controlRow, -c.gain);
        break;
      default:
        break;
    }
  }
}

template <typename Inject>
void MnaSolver::stampSources(Inject&& inject) {
  for (const auto& b : branches_) inject(b.row, b.value);
  for (const auto& s : currents_) {
    inject(s.p, -s.amperes);
    inject(s.n, s.amperes);
  }
}

void MnaSolver::assemble(double extraGmin, bool firstIteration) {
  triplets_.clear();
  rhs_.setZero();
  auto add = [&](int row, int column, double value) {
    if (row >= 0 && column >= 0) triplets_.emplace_back(row, column, value);
  };
  auto inject = [&](int row, double value) {  // a current `value` flowing into node `row`
    if (row >= 0) rhs_(row) += value;
  };
  for (int k = 0; k < static_cast<int>(nodeNames_.size()); ++k) add(k, k, extraGmin);  // same pattern always
  stampLinear(add);
  stampSources(inject);
  stampNonlinear(
      firstIteration,
      [&](int a, int b, double g) {
        add(a, a, g);
        add(b, b, g);
        add(a, b, -g);
        add(b, a, -g);
      },
      inject);
}

void MnaSolver::planReduction() {
  const int nodes = static_cast<int>(nodeNames_.size());
  std::vector<int> incidence(static_cast<std::size_t>(nodes), 0);  // voltage-defined branches at each node
  for (const auto& b : branches_) {
    if (b.p >= 0) ++incidence[static_cast<std::size_t>(b.p)];
    if (b.n >= 0) ++incidence[static_cast<std::size_t>(b.n)];
  }
  std::vector<std::string> controls;  // sources whose current F or H reads: kept as unknowns
  for (const auto& c : controlled_)
    if (c.kind == 'F' || c.kind == 'H') controls.push_back(c.control);
  fixedOf_.assign(static_cast<std::size_t>(nodes), -1);
  std::vector<bool> eliminated(static_cast<std::size_t>(unknowns_), false);
  for (std::size_t k = 0; k < branches_.size(); ++k) {
    const auto& b = branches_[k];
    const std::string name = lowerCase(b.name);
    if (name.front() != 'v' || std::find(controls.begin(), controls.end(), name) != controls.end()) continue;
    const int fixedNode = b.n < 0 ? b.p : (b.p < 0 ? b.n : -1);
    if (fixedNode < 0 || incidence[static_cast<std::size_t>(fixedNode)] != 1) continue;
    fixedOf_[static_cast<std::size_t>(fixedNode)] = static_cast<int>(fixed_.size());
    fixed_.push_back({fixedNode, k, fixedNode == b.p ? 1.0 : -1.0});
    eliminated[static_cast<std::size_t>(fixedNode)] = eliminated[static_cast<std::size_t>(b.row)] = true;
  }
  std::vector<bool> nonlinear(static_cast<std::size_t>(unknowns_), false);
  auto touch = [&](int index) {
    if (index >= 0 && !eliminated[static_cast<std::size_t>(index)]) nonlinear[static_cast<std::size_t>(index)] = true;
  };
  for (const auto& j : junctions_) {
    touch(j.internal);
    touch(j.cathode);
  }
  for (const auto& r : readViews_) {
    touch(r.p);
    touch(r.n);
  }
  // A voltage-defined branch at a nonlinear node: its current is settled by that node's KCL
  // row, so it joins the nonlinear unknowns (else A_LL would be singular; a memristor-weight
  // network's sense sources at the amplifier outputs).
  std::vector<int> branchRows;
  for (const auto& b : branches_)
    if ((b.p >= 0 && nonlinear[static_cast<std::size_t>(b.p)]) ||
        (b.n >= 0 && nonlinear[static_cast<std::size_t>(b.n)]))
      branchRows.push_back(b.row);
  for (const int row : branchRows) touch(row);
  reducedOf_.assign(static_cast<std::size_t>(unknowns_), -1);
  fullOf_.clear();
  for (const bool wanted : {false, true})  // linear unknowns first, then nonlinear ones
    for (int k = 0; k < unknowns_; ++k)
      if (!eliminated[static_cast<std::size_t>(k)] && nonlinear[static_cast<std::size_t>(k)] == wanted) {
        reducedOf_[static_cast<std::size_t>(k)] = static_cast<int>(fullOf_.size());
        fullOf_.push_back(k);
      }
  nonlinearCount_ = static_cast<int>(std::count(nonlinear.begin(), nonlinear.end(), true));
  linearCount_ = static_cast<int>(fullOf_.size()) - nonlinearCount_;
  reducible_ = static_cast<int>(fullOf_.size()) <= kReducedLimit;
}

bool MnaSolver::buildReduced() {
  const int size = linearCount_ + nonlinearCount_, nL = linearCount_, nN = nonlinearCount_;
  reducedMatrix_.setZero(size, size);
  fixedTerms_.clear();
  stampLinear([&](int row, int column, double value) {
    if (row < 0 || column < 0) return;
    const int r = reducedOf_[static_cast<std::size_t>(row)];
    if (r < 0) return;  // the KCL row of a fixed node, or the row of its source
    const int c = reducedOf_[static_cast<std::size_t>(column)];
    if (c >= 0) {
      reducedMatrix_(r, c) += value;
    } else {
      // Only a fixed node's voltage can be an eliminated column of a kept row: an eliminated
      // source's current appears in its own node's row only, which is dropped.
      const int f = column < static_cast<int>(fixedOf_.size()) ? fixedOf_[static_cast<std::size_t>(column)] : -1;
      if (f < 0) throw std::logic_error("native solver: an eliminated source current in a kept row");
      fixedTerms_.push_back({r, static_cast<std::size_t>(f), value});
    }
  });
  if (nL > 0) {
    sparseLinear_ = nL > kDenseLimit;
    // A_LL singular (a linear part that only the nonlinear elements pin down): the full system.
    if (sparseLinear_) {
      const Eigen::SparseMatrix<double> linear = reducedMatrix_.topLeftCorner(nL, nL).sparseView();
      sparseLinearLu_.compute(linear);
      if (sparseLinearLu_.info() != Eigen::Success) return false;
    } else {
      linearLu_.compute(reducedMatrix_.topLeftCorner(nL, nL));
      if (!(linearLu_.rcond() > 1e-15)) return false;
    }
    if (nN > 0) {  // (Eigen products of empty blocks bind null references)
      eliminated_ = solveLinear(reducedMatrix_.topRightCorner(nL, nN));
      schur_ = reducedMatrix_.bottomRightCorner(nN, nN) - reducedMatrix_.bottomLeftCorner(nN, nL) * eliminated_;
    } else {
      eliminated_.resize(nL, 0);
      schur_.resize(0, 0);
    }
  } else {
    eliminated_.resize(0, nN);
    schur_ = reducedMatrix_;
  }
  return eliminated_.allFinite() && schur_.allFinite();
}

double MnaSolver::fixedVoltage(const Fixed& f) const { return f.sign * branches_[f.branch].value; }

Eigen::MatrixXd MnaSolver::solveLinear(const Eigen::MatrixXd& b) {
  if (sparseLinear_) return sparseLinearLu_.solve(b);
  return linearLu_.solve(b);
}

void MnaSolver::buildFixedRhs() {
  fixedRhs_.setZero(linearCount_ + nonlinearCount_);
  for (const auto& t : fixedTerms_) fixedRhs_(t.row) -= t.coefficient * fixedVoltage(fixed_[t.fixed]);
}

bool MnaSolver::newtonReduced(bool coldStart) {
  const int nodes = static_cast<int>(nodeNames_.size()), nL = linearCount_, nN = nonlinearCount_;
  for (const auto& f : fixed_) solution_(f.node) = fixedVoltage(f);
  reducedRhs_ = fixedRhs_;
  stampSources([&](int row, double value) {
    if (row >= 0 && reducedOf_[static_cast<std::size_t>(row)] >= 0)
      reducedRhs_(reducedOf_[static_cast<std::size_t>(row)]) += value;
  });
  linearPart_ = nL > 0 ? Eigen::VectorXd(solveLinear(reducedRhs_.head(nL))) : Eigen::VectorXd();
  Eigen::VectorXd constant = reducedRhs_.tail(nN);
  if (nN > 0 && nL > 0) constant -= reducedMatrix_.bottomLeftCorner(nN, nL) * linearPart_;
  auto nonlinearIndex = [&](int full) { return full >= 0 ? reducedOf_[static_cast<std::size_t>(full)] - nL : -1; };
  Eigen::VectorXd next(nL + nN);
  for (int iteration = 1; iteration <= tolerances_.maxIterations; ++iteration) {
    ++iterations_;
    limited_ = false;
    if (nN > 0) {
      jacobian_ = schur_;
      nonlinearRhs_ = constant;
      // Nonlinear elements join nonlinear unknowns, fixed nodes and ground only.
      // g from unknown i to node `other` (unknown j, a fixed node, or ground): the row of i.
      auto row = [&](int i, int j, int other, double g) {
        if (i < 0) return;
        jacobian_(i, i) += g;
        if (j >= 0)
          jacobian_(i, j) -= g;
        else if (other >= 0)
          nonlinearRhs_(i) += g * solution_(other);  // a fixed node's known voltage
      };
      auto conductance = [&](int a, int b, double g) {
        const int ia = nonlinearIndex(a), ib = nonlinearIndex(b);
        row(ia, ib, b, g);
        row(ib, ia, a, g);
      };
      auto inject = [&](int node, double current) {
        const int i = nonlinearIndex(node);
        if (i >= 0) nonlinearRhs_(i) += current;
      };
      stampNonlinear(coldStart && iteration == 1, conductance, inject);
      nonlinearLu_.compute(jacobian_);
      next.tail(nN) = nonlinearLu_.solve(nonlinearRhs_);
      if (nL > 0) next.head(nL) = linearPart_ - eliminated_ * next.tail(nN);
    } else {
      next = linearPart_;  // a linear circuit: one solve is the answer
    }
    if (!next.allFinite()) return false;
    bool converged = nN == 0 || (!limited_ && iteration > 1);
    for (int r = 0; r < nL + nN; ++r) {
      const int k = fullOf_[static_cast<std::size_t>(r)];
      if (converged) {
        const double tolerance = tolerances_.reltol * std::max(std::abs(next(r)), std::abs(solution_(k))) +
                                 (k < nodes ? tolerances_.vntol : tolerances_.abstol);
        converged = std::abs(next(r) - solution_(k)) <= tolerance;
      }
      solution_(k) = next(r);
    }
    if (converged) return true;
  }
  return false;
}

void MnaSolver::recoverFixedCurrents() {
  // KCL at a fixed node with its source's current j: r(node) + s·j = 0, s = +1 where the
  // current leaves the node (node = p), −1 where it enters (node = n).
  for (const auto& f : fixed_) solution_(branches_[f.branch].row) = 0.0;
  std::vector<double> lastVoltages;
  for (const auto& j : junctions_) lastVoltages.push_back(j.lastVoltage);
  assemble(0.0, false);
  for (std::size_t k = 0; k < junctions_.size(); ++k) junctions_[k].lastVoltage = lastVoltages[k];
  Eigen::VectorXd residual = -rhs_;
  for (const auto& t : triplets_) residual(t.row()) += t.value() * solution_(t.col());
  for (const auto& f : fixed_) {
    const auto& b = branches_[f.branch];
    solution_(b.row) = f.node == b.p ? -residual(f.node) : residual(f.node);
  }
}

bool MnaSolver::newton(double extraGmin, bool coldStart) {
  const int nodes = static_cast<int>(nodeNames_.size());
  for (int iteration = 1; iteration <= tolerances_.maxIterations; ++iteration) {
    ++iterations_;
    limited_ = false;
    assemble(extraGmin, coldStart && iteration == 1);
    Eigen::VectorXd next;
    if (unknowns_ <= kDenseLimit) {
      dense_.setZero(unknowns_, unknowns_);
      for (const auto& t : triplets_) dense_(t.row(), t.col()) += t.value();
      const Eigen::PartialPivLU<Eigen::MatrixXd> lu(dense_);
      next = lu.solve(rhs_);
    } else {
      matrix_.setFromTriplets(triplets_.begin(), triplets_.end());
      if (!patternAnalysed_) {
        lu_.analyzePattern(matrix_);
        patternAnalysed_ = true;
      }
      lu_.factorize(matrix_);
      if (lu_.info() != Eigen::Success) return false;
      next = lu_.solve(rhs_);
    }
    if (!next.allFinite()) return false;
    bool converged = !limited_ && iteration > 1;
    for (int k = 0; converged && k < unknowns_; ++k) {
      const double tolerance = tolerances_.reltol * std::max(std::abs(next(k)), std::abs(solution_(k))) +
                               (k < nodes ? tolerances_.vntol : tolerances_.abstol);
      converged = std::abs(next(k) - solution_(k)) <= tolerance;
    }
    solution_ = next;
    if (converged) return true;
  }
  return false;
}

void MnaSolver::solve(bool warmStart) {
  iterations_ = 0;
  lastReduced_ = false;
  const bool cold = !(warmStart && solved_);
  if (cold) solution_.setZero();
  const Eigen::VectorXd start = solution_;
  if (reducible_ && reductionWanted_) {
    if (linearDirty_) {
      singular_ = !buildReduced();
      linearDirty_ = false;
      fixedDirty_ = true;
    }
    if (!singular_) {
      if (fixedDirty_) {
        buildFixedRhs();
        fixedDirty_ = false;
      }
      if (newtonReduced(cold)) {
        solved_ = lastReduced_ = true;
        return;
      }
      solution_ = start;
    }
  }
  if (!newton(0.0, cold)) {
    // gmin stepping: a conductance to ground at every node, relaxed a decade at a time.
    solution_ = start;
    bool ok = newton(1e-3, cold);
    for (double g = 1e-4; ok && g >= 1e-13; g /= 10.0) ok = newton(g, false);
    if (!ok || !newton(0.0, false)) {
      solved_ = false;
      throw NoConvergence("native solver: no operating point after " + std::to_string(iterations_) +
                          " Newton iterations, with gmin stepping");
    }
  }
  solved_ = true;
}

spice::Plot MnaSolver::operatingPoint(bool warmStart) {
  solve(warmStart);
  if (lastReduced_) recoverFixedCurrents();
  return plot();
}

spice::Plot MnaSolver::plot() const {
  spice::Plot result;
  result.type = "op";
  for (std::size_t k = 0; k < nodeNames_.size(); ++k)
    result.vectors.push_back({spice::nodeVoltage(nodeNames_[k]), {solution_(static_cast<int>(k))}, {}});
  for (const auto& b : branches_) result.vectors.push_back({"i(" + lowerCase(b.name) + ")", {solution_(b.row)}, {}});
  return result;
}

int MnaSolver::nodeIndex(const std::string& name) const {
  const std::string key = lowerCase(name);
  if (key == "0" || key == "gnd") return -1;
  const auto found = nodeIndex_.find(key);
  if (found == nodeIndex_.end()) throw std::invalid_argument("native solver: no node '" + name + "'");
  return found->second;
}

double MnaSolver::voltage(const std::string& name) const { return voltageAt(nodeIndex(name)); }

MnaSolver::Handle MnaSolver::handle(const std::string& name) const {
  const std::string key = lowerCase(name);
  if (const auto s = stateSourceIndex_.find(key); s != stateSourceIndex_.end()) return {'s', s->second};
  if (const auto v = branchIndex_.find(key); v != branchIndex_.end() && key[0] == 'v') return {'v', v->second};
  if (const auto i = currentIndex_.find(key); i != currentIndex_.end()) return {'i', i->second};
  if (const auto r = resistorIndex_.find(key); r != resistorIndex_.end()) return {'r', r->second};
  throw std::invalid_argument("native solver: no resistor or independent source '" + name + "'");
}

void MnaSolver::set(Handle h, double value) {
  switch (h.kind) {
    case 's':
      readViews_[h.index].state = value;
      break;
    case 'v':
      branches_[h.index].value = value;
      fixedDirty_ = true;
      break;
    case 'i':
      currents_[h.index].amperes = value;
      break;
    case 'r':
      if (!(value > 0.0) || !std::isfinite(value))
        throw std::invalid_argument("native solver: resistance of " + conductances_[h.index].name +
                                    " must be positive and finite");
      conductances_[h.index].siemens = 1.0 / value;
      linearDirty_ = true;
      break;
    default:
      throw std::logic_error("native solver: an empty element handle");
  }
}

void MnaSolver::setSource(const std::string& name, double value) {
  const Handle h = handle(name);
  if (h.kind == 'r') throw std::invalid_argument("native solver: no independent source '" + name + "'");
  set(h, value);
}

void MnaSolver::setResistance(const std::string& name, double ohms) {
  const auto found = resistorIndex_.find(lowerCase(name));
  if (found == resistorIndex_.end()) throw std::invalid_argument("native solver: no resistor '" + name + "'");
  set({'r', found->second}, ohms);
}

}  // namespace memcosim::solver
