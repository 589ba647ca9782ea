// The operating-point solver a training method drives: in-process ngspice, the native MNA
// solver, or the native solver cross-checked against ngspice.
//
// Life cycle: load(netlist) → save(nodes) → { alter(element, value)… → solveNodes(warm) }*.
// `alter` changes a resistor's resistance or a source's DC value (ngspice's `alter`), a
// memristor read view's state source included (devices::readViewStateSource). `solveNodes(warm)`
// solves for the operating point and returns the saved nodes' voltages; it may start from the
// previous solution where the solver can (the native one); ngspice ignores `warm`.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "solver/mna_solver.h"
#include "spice/netlist.h"
#include "spice/session.h"

namespace memcosim::solver {

class DcSolver {
 public:
  virtual ~DcSolver() = default;
  virtual void load(const spice::Netlist& netlist) = 0;
  /// The node voltages a caller reads (ngspice keeps only these; the native solver all).
  virtual void save(const std::vector<std::string>& nodes) = 0;
  virtual void alter(const std::string& element, double value) = 0;
  /// An element alter() can change, looked up once (after load()): alter(handle, value) then
  /// needs no name. A weight update of an MNIST-sized network alters 160 000 elements, and its
  /// every sample 1 568 input sources.
  virtual std::size_t handle(const std::string& element) = 0;
  virtual void alter(std::size_t handle, double value) = 0;
  /// The operating point's voltage at every saved node, in save() order (valid until the next call).
  virtual const std::vector<double>& solveNodes(bool warmStart) = 0;
  /// "ngspice" or "native".
  [[nodiscard]] virtual std::string name() const = 0;
  /// Operating points between cross-checks against ngspice (0: never; ngspice itself: 0).
  [[nodiscard]] virtual long checkEvery() const { return 0; }
  /// Makes the next solveNodes() a cross-check whatever its count, if this solver checks at
  /// all (checkEvery() > 0). A caller that computes most operating points in closed form
  /// (a crossbar's reads with ideal wires) still has its every checkEvery()-th one checked.
  virtual void checkNextSolve() {}
};

/// In-process ngspice (the reference).
class NgspiceDc : public DcSolver {
 public:
  explicit NgspiceDc(spice::Session& session) : session_(session) {}
  void load(const spice::Netlist& netlist) override;
  void save(const std::vector<std::string>& nodes) override;
  void alter(const std::string& element, double value) override { session_.alter(element, value); }
  std::size_t handle(const std::string& element) override;
  void alter(std::size_t handle, double value) override { session_.alter(elements_.at(handle), value); }
  const std::vector<double>& solveNodes(bool warmStart) override;
  [[nodiscard]] std::string name() const override { return "ngspice"; }

 private:
  spice::Session& session_;
  std::vector<std::string> nodes_, elements_;  // elements_: by handle()
  std::vector<std::size_t> vectorOfNode_;      // saved node → position in the op plot (fixed per loaded circuit)
  std::vector<double> voltages_;
};

/// The native MNA solver; with `checkEvery` > 0, every checkEvery-th operating point is also
/// solved in ngspice (kept loaded alongside) and a node voltage that differs by more than
/// `tolerance_volt` stops the run with an error naming the node. Elements altered by handle
/// reach ngspice just before a check, each with its last value only: a weight update of an
/// MNIST-sized network alters 160 000 of them, which ngspice takes half a second to take in.
class NativeDc : public DcSolver {
 public:
  NativeDc(spice::Session* reference, long checkEvery, double tolerance_volt);
  void load(const spice::Netlist& netlist) override;
  void save(const std::vector<std::string>& nodes) override;
  void alter(const std::string& element, double value) override;
  std::size_t handle(const std::string& element) override;
  void alter(std::size_t handle, double value) override;
  const std::vector<double>& solveNodes(bool warmStart) override;
  [[nodiscard]] std::string name() const override { return "native"; }
  [[nodiscard]] long checkEvery() const override { return checkEvery_; }
  void checkNextSolve() override { checkNext_ = checkEvery_ > 0; }
  /// Operating points cross-checked in ngspice so far.
  [[nodiscard]] long checks() const { return checks_; }

 private:
  std::unique_ptr<MnaSolver> native_;
  spice::Session* reference_;
  long checkEvery_;
  double tolerance_volt_;
  long solves_ = 0, checks_ = 0;
  bool checkNext_ = false;  // checkNextSolve() was called
  std::vector<std::string> nodes_;
  std::vector<int> indices_;  // saved node → MnaSolver::nodeIndex
  [[nodiscard]] MnaSolver::Handle resolve(const std::string& element) const;

  std::vector<std::pair<MnaSolver::Handle, std::string>> handles_;
  std::vector<double> pending_;       // per handle: the value ngspice has yet to get
  std::vector<std::size_t> changed_;  // handles with a pending value, each once
  std::vector<bool> isPending_;
  std::unordered_map<std::string, std::size_t>
      byName_;  // element name → its handle  // by handle(): the element and its name
  std::vector<double> voltages_;
};

}  // namespace memcosim::solver
