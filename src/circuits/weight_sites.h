// The weights of a trainable circuit as a weight bank sees them: how many there are, which
// element or device state realises each, and how to build the circuit from a bank's values.
//
// Life cycle: a bank (learning/weights.h) gives its values() → WeightSites::netlist() builds
// the deck a solver loads once → after each update the bank alters one weight in place, at
// resistor(w) (ideal: R = 1/G) or stateSource(w) (device: the read view's state). A circuit
// implements this interface; banks know nothing else about it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "devices/model.h"
#include "spice/netlist.h"

namespace memcosim::circuits {

/// The memristor read view that realises every weight of a device bank.
struct DeviceReadView {
  const devices::ParameterSet* parameters;  // the fitted device (outlives the circuit)
};

/// A bank's weights as a circuit is built from them: ideal conductances (siemens, one per
/// weight), or, with `device` set, read views of that device in `states` (one per weight).
struct WeightValues {
  std::vector<double> conductances;
  std::optional<DeviceReadView> device;
  std::vector<double> states;
  double gMax = 0.0;  // the bank's G_max: a circuit that scales by it (a crossbar's outputs) reads it here
};

/// A source held at a fixed value, and that value (volts or amperes).
struct FixedSource {
  std::string name;
  double value = 0.0;
};

/// Throws std::invalid_argument, starting with `circuit`, unless `values` holds one conductance
/// (or, with a device, one state) per weight of `count`, and `inputs` is empty or holds
/// `inputCount` values.
void checkWeightValues(const std::string& circuit, const WeightValues& values, std::size_t count,
                       const std::vector<double>& inputs, int inputCount);

/// An empty deck titled `title` with the tolerances training solves at: reltol 1e-9, abstol
/// 1e-15 A, vntol 1e-12 V, itl1 500. Learning signals are small differences between solves
/// (EqProp's two phases, a transposed read's small errors), which ngspice's defaults (reltol
/// 1e-3) would drown, and the native solver is compared with ngspice at 1e-9.
spice::Netlist preciseNetlist(const std::string& title);

class WeightSites {
 public:
  WeightSites() = default;
  WeightSites(const WeightSites&) = default;
  WeightSites& operator=(const WeightSites&) = default;
  virtual ~WeightSites() = default;

  [[nodiscard]] virtual std::size_t weightCount() const = 0;
  /// The resistor that realises ideal weight w (altered to 1/G).
  [[nodiscard]] virtual std::string resistor(std::size_t weight) const = 0;
  /// The source that holds device weight w's state (altered to the state).
  [[nodiscard]] virtual std::string stateSource(std::size_t weight) const = 0;
  /// The circuit with `values` as its weights and `inputs` (volts, one per input; zero if
  /// empty) on its input sources.
  [[nodiscard]] virtual spice::Netlist netlist(const WeightValues& values,
                                               const std::vector<double>& inputs = {}) const = 0;

  [[nodiscard]] virtual int inputCount() const = 0;
  [[nodiscard]] virtual int outputCount() const = 0;
  /// The nodes whose voltages make the outputs, in the order a reader of a deck wants them.
  [[nodiscard]] virtual std::vector<std::string> outputNodes() const = 0;
  /// A source the circuit holds at a constant value (a one-point DC sweep over it prints a
  /// table of the operating point, which `.op` does not).
  [[nodiscard]] virtual FixedSource fixedSource() const = 0;
};

}  // namespace memcosim::circuits
