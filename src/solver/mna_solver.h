// A native DC solver for the circuits memcosim builds: modified nodal analysis with Newton
// iterations, checked against ngspice (tests/solver/).
//
// Life cycle: MnaSolver(netlist) → { setSource / setResistance / set(handle) … → solve() or
// operatingPoint() }* — the structure is analysed once, a resistance change redoes the linear
// elimination (below) at the next solve, and a solve can start from the previous solution
// (warm start), which ngspice's `op` cannot.
//
// The equations (SI units; x = [node voltages v, branch currents j]):
//   KCL at every node but ground:   Σ currents leaving the node = 0
//   one row per voltage-defined branch (V, E, H, L at DC): v(p) − v(n) = its value
// Newton on F(x) = 0: J(x_k)·x_{k+1} = J(x_k)·x_k − F(x_k), nonlinear elements replaced by
// their companion model (conductance g and current i − g·v at the present iterate).
//
// Elements and their DC stamps:
//   R  conductance 1/R between its nodes
//   C  open circuit;  L  a 0 V branch (short)
//   V  branch current j: v(p) − v(n) = V;  I  current I from p through the source to n
//   E  v(p) − v(n) = gain·(v(cp) − v(cn));  G  current gm·(v(cp) − v(cn)) from p to n
//   F  current gain·j(Vc) from p to n;  H  v(p) − v(n) = r·j(Vc)
//   D  ngspice's level-1 junction (dioload.c, SPICE3 form), with Vt = k·T/q, T = 300.15 K:
//        v ≥ −3·n·Vt:  i = Is·(e^{v/(n·Vt)} − 1),    g = Is·e^{v/(n·Vt)}/(n·Vt)
//        v < −3·n·Vt:  a = (3·n·Vt/(e·v))³, i = −Is·(1 + a), g = 3·Is·a/v
//      plus gmin in parallel (i += gmin·v, g += gmin), series resistance rs through an
//      internal node, Is and 1/rs scaled by the instance area; the junction voltage is
//      limited between iterations as in SPICE (Nagel 1975, the pnjlim step).
//   X  a memristor read view (devices/model_views.h: `Vstate state 0 DC {x}`,
//      `Bport p n I = f(V(p,n), V(state))`), recognised as readView() builds it for a
//      registered model: a nonlinear two-terminal element with the model's read current and
//      its exact slope from the compiled model (devices::NativeDevice),
//        i = f(v, x),   g = ∂f/∂v(v, x),   companion: g between p and n, i − g·v from p to n,
//      where x is the instance's state, changed in place through the state source ngspice
//      names devices::readViewStateSource(instance) ("v.x1.vstate"), as ngspice is altered.
//      No gmin and no limiting, as ngspice's B source; the view's internal node is not solved.
// Anything else (B sources, other subcircuits, parameter expressions, breakdown and other
// diode parameters that act at DC) is an UnsupportedElement error naming it.
//
// Structure (the fast path, used whenever it applies; the full system above is the fallback):
//   1. Fixed nodes: a node driven by an independent V source to ground, and by no other
//      voltage-defined branch, has a known voltage. It and the source's branch current leave
//      the unknowns: its conductances to unknown nodes move to the right-hand side, its KCL row
//      is dropped, and the source's current is recovered from that row after the solve. In the
//      EqProp networks every input, bias and shift node is fixed, so the unknowns are the hidden
//      and output nodes and the amplifiers' internals.
//   2. Linear and nonlinear unknowns: with the remaining unknowns ordered x = [x_L; x_N], where
//      N are those a junction or a read view touches (and the currents of voltage-defined
//      branches at such nodes, which only those nodes' KCL rows settle), the Jacobian is
//        [A_LL  A_LN         ] [x_L]   [b_L        ]
//        [A_NL  A_NN + D(x_N)] [x_N] = [b_N + d(x_N)],
//      with A constant until a resistance changes. Eliminating x_L once per weight change,
//        M = A_LL⁻¹·A_LN,  S = A_NN − A_NL·M,
//      and once per solve y_L = A_LL⁻¹·b_L, c = b_N − A_NL·y_L, each Newton step solves only
//        (S + D(x_N))·x_N = c + d(x_N),  then  x_L = y_L − M·x_N,
//      a system the size of the hidden layers, however many inputs and weights there are.
//   The convergence test is that of the full system, and so is the Newton method on the same
//   equations (the first iterates differ slightly: fixed nodes start at their values). The
//   linear unknowns are eliminated exactly (dense LU with partial pivoting). If the reduction
//   does not apply (too many unknowns, A_LL singular) or Newton fails, the full system with
//   gmin stepping takes over.
//
// Layers: the solver includes devices/ (model_views.h, native_device.h) for the read views;
// devices/ knows nothing of solving circuits (docs/architecture.md).
#pragma once

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "devices/native_device.h"
#include "spice/netlist.h"
#include "spice/session.h"

namespace memcosim::solver {

/// The netlist holds an element or parameter the native solver does not implement.
class UnsupportedElement : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Newton did not converge, even with gmin stepping.
class NoConvergence : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SolverTolerances {
  double reltol = 1e-9;   // relative change of every unknown between the last two iterates
  double vntol = 1e-12;   // absolute voltage change (V)
  double abstol = 1e-15;  // absolute current change (A)
  double gmin = 1e-12;    // conductance across every junction (S)
  int maxIterations = 500;
};

class MnaSolver {
 public:
  /// Reads the tolerances from the netlist's .options (reltol, vntol, abstol, gmin, itl1);
  /// `tighten` divides reltol, vntol and abstol by that factor (for a reference solution).
  explicit MnaSolver(const spice::Netlist& netlist, double tighten = 1.0);

  /// Changes the DC value of an independent V or I source in place, or the state of a read
  /// view through its state source (devices::readViewStateSource(instance)).
  void setSource(const std::string& name, double value);
  /// Changes a resistor's resistance in place.
  void setResistance(const std::string& name, double ohms);

  /// An element setSource() or setResistance() can change, looked up once by name.
  struct Handle {
    char kind = 0;  // 'r' resistor, 'v' voltage source, 'i' current source, 's' read-view state
    std::size_t index = 0;
  };
  /// Throws std::invalid_argument if `name` is neither a resistor nor an independent source
  /// (nor a read view's state source).
  [[nodiscard]] Handle handle(const std::string& name) const;
  /// setSource() or setResistance() of the element `h` stands for.
  void set(Handle h, double value);

  /// Solves for the operating point. With `warmStart`, Newton starts from the last solution.
  /// Returns a plot like Session::operatingPoint(): "v(node)" and "i(vsource)" vectors.
  spice::Plot operatingPoint(bool warmStart = false);
  /// Solves as operatingPoint() does, without building the plot: read the nodes with voltage().
  void solve(bool warmStart = false);

  /// Node voltage of the last solution (ground: 0).
  [[nodiscard]] double voltage(const std::string& node) const;
  /// The index voltageAt() takes for a node: −1 for ground. Throws std::invalid_argument for
  /// an unknown node.
  [[nodiscard]] int nodeIndex(const std::string& node) const;
  [[nodiscard]] double voltageAt(int index) const { return index < 0 ? 0.0 : solution_(index); }
  /// Whether the last solve took the reduced (structured) path rather than the full system.
  [[nodiscard]] bool reduced() const { return lastReduced_; }
  /// With false, every solve uses the full system (to compare the two paths); default true.
  void useReduction(bool on) { reductionWanted_ = on; }
  /// Newton iterations of the last solve.
  [[nodiscard]] int iterations() const { return iterations_; }
  [[nodiscard]] const SolverTolerances& tolerances() const { return tolerances_; }

 private:
  struct Conductance {
    int a, b;  // unknown indices, −1 for ground
    double siemens;
    std::string name;
  };
  struct Branch {  // a voltage-defined branch: v(p) − v(n) = value + Σ coupling
    int p, n, row;
    double value;
    std::string name;
  };
  struct CurrentSource {
    int p, n;
    double amperes;
    std::string name;
  };
  struct Controlled {  // E, F, G, H
    char kind;
    int p, n, cp, cn;  // cp/cn: control nodes (E, G), else −1
    int row;           // own branch row (E, H), else −1
    double gain;
    std::string control;  // controlling voltage source (F, H)
    int controlRow = -1;  // its branch row, resolved once every branch exists
  };
  struct Junction {
    int anode, cathode, internal;  // internal: after the series resistance (= anode if none)
    double saturation_ampere, emission, seriesConductance_siemens;
    double lastVoltage = 0.0;  // the limited junction voltage of the previous iterate
  };
  struct ReadView {  // a memristor read view: i = f(v, x) from p to n
    int p, n;
    const devices::NativeDevice* device;
    double state;
  };
  struct Fixed {  // a node whose voltage an independent source to ground sets
    int node;
    std::size_t branch;  // into branches_
    double sign;         // v(node) = sign · value of the source
  };
  struct FixedTerm {  // A(row, fixed node) · v(fixed), moved to the right-hand side
    int row;          // reduced index
    std::size_t fixed;
    double coefficient;
  };

  int node(const std::string& name);
  void addElement(const spice::Element& element, const spice::Netlist& netlist);
  void addReadView(const spice::SubcircuitInstance& instance, const spice::Netlist& netlist);
  void assemble(double extraGmin, bool firstIteration);
  bool newton(double extraGmin, bool coldStart);
  spice::Plot plot() const;
  /// Evaluates every junction and read view at the present iterate and hands its companion
  /// model to conductance(a, b, g) and inject(node, current into it).
  template <typename StampConductance, typename Inject>
  void stampNonlinear(bool firstIteration, StampConductance&& conductance, Inject&& inject);
  /// Hands every linear element's Jacobian entries to add(row, column, value).
  template <typename Add>
  void stampLinear(Add&& add);
  /// Hands the sources' right-hand side to inject(row, value): branch values, source currents.
  template <typename Inject>
  void stampSources(Inject&& inject);
  [[nodiscard]] double fixedVoltage(const Fixed& f) const;

  // The reduced path (see "Structure" above).
  void planReduction();
  bool buildReduced();   // A, its LU blocks, M and S for the present resistances; false if A_LL is singular
  void buildFixedRhs();  // the right-hand side's fixed-node part for the present sources
  bool newtonReduced(bool coldStart);
  /// Eliminated source currents, from the KCL rows of their fixed nodes at the solution.
  void recoverFixedCurrents();

  SolverTolerances tolerances_;
  double thermalVoltage_ = 0.0;
  std::map<std::string, int> nodeIndex_;  // lower-case node → unknown index (ground absent)
  std::vector<std::string> nodeNames_;
  std::vector<Conductance> conductances_;
  std::vector<Branch> branches_;
  std::vector<CurrentSource> currents_;
  std::vector<Controlled> controlled_;
  std::vector<Junction> junctions_;
  std::vector<ReadView> readViews_;
  /// One compiled model per distinct parameter set, shared by the read views that use it.
  std::map<std::pair<const devices::ModelDefinition*, std::map<std::string, double>>,
           std::unique_ptr<devices::NativeDevice>>
      devices_;
  std::map<std::string, std::size_t> resistorIndex_, branchIndex_, currentIndex_, stateSourceIndex_;
  int unknowns_ = 0;

  /// Up to this many unknowns a dense LU is faster than a sparse one (the Iris and digits
  /// networks); above it (MNIST-sized networks) the sparse LU reuses its analysed pattern.
  static constexpr int kDenseLimit = 400;
  Eigen::MatrixXd dense_;
  Eigen::SparseMatrix<double> matrix_;
  Eigen::VectorXd rhs_, solution_;
  std::vector<Eigen::Triplet<double>> triplets_;
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu_;
  bool patternAnalysed_ = false;

  static constexpr int kReducedLimit = 3000;  // largest reduced system solved densely
  bool reducible_ = false;                    // the plan applies to this netlist
  bool reductionWanted_ = true;
  bool linearDirty_ = true, fixedDirty_ = true, singular_ = false, lastReduced_ = false;
  std::vector<Fixed> fixed_;
  std::vector<int> fixedOf_;    // node → index into fixed_, −1 if not fixed
  std::vector<int> reducedOf_;  // full unknown → reduced index (linear ones first), −1 if eliminated
  std::vector<int> fullOf_;     // reduced index → full unknown
  int linearCount_ = 0, nonlinearCount_ = 0;
  Eigen::MatrixXd reducedMatrix_;  // A
  std::vector<FixedTerm> fixedTerms_;
  Eigen::PartialPivLU<Eigen::MatrixXd> linearLu_;  // of A_LL, up to kDenseLimit linear unknowns
  // Above it, A_LL's sparse LU: the linear part of a large network is sparse (a crossbar with
  // wire resistance: every node has a few neighbours), and a dense LU of it costs seconds.
  Eigen::SparseLU<Eigen::SparseMatrix<double>> sparseLinearLu_;
  bool sparseLinear_ = false;
  /// A_LL⁻¹·b by whichever LU was built.
  [[nodiscard]] Eigen::MatrixXd solveLinear(const Eigen::MatrixXd& b);
  Eigen::MatrixXd eliminated_;                     // M = A_LL⁻¹·A_LN
  Eigen::MatrixXd schur_;                          // S = A_NN − A_NL·M
  Eigen::VectorXd fixedRhs_, reducedRhs_, linearPart_, nonlinearRhs_;
  Eigen::MatrixXd jacobian_;
  Eigen::PartialPivLU<Eigen::MatrixXd> nonlinearLu_;

  bool solved_ = false;
  bool limited_ = false;
  int iterations_ = 0;
};

}  // namespace memcosim::solver
