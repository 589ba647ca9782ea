// Checks and deck settings every trainable circuit shares.
#include "circuits/weight_sites.h"

#include <stdexcept>

namespace memcosim::circuits {

void checkWeightValues(const std::string& circuit, const WeightValues& values, std::size_t count,
                       const std::vector<double>& inputs, int inputCount) {
  if (!values.device && values.conductances.size() != count)
    throw std::invalid_argument(circuit + ": " + std::to_string(values.conductances.size()) + " conductances for " +
                                std::to_string(count) + " weights");
  if (values.device && values.states.size() != count)
    throw std::invalid_argument(circuit + ": " + std::to_string(values.states.size()) + " device states for " +
                                std::to_string(count) + " weights");
  if (!inputs.empty() && inputs.size() != static_cast<std::size_t>(inputCount))
    throw std::invalid_argument(circuit + ": " + std::to_string(inputs.size()) + " input values for " +
                                std::to_string(inputCount) + " inputs");
}

spice::Netlist preciseNetlist(const std::string& title) {
  spice::Netlist n(title);
  n.setOption("reltol", 1e-9);
  n.setOption("abstol", 1e-15);
  n.setOption("vntol", 1e-12);
  n.setOption("itl1", 500);
  return n;
}

}  // namespace memcosim::circuits
