// The layer layout of networks of differential-pair arrays.
#include "circuits/differential_arrays.h"

#include <stdexcept>
#include <string>

namespace memcosim::circuits {

DifferentialArrays::DifferentialArrays(const std::string& circuit, std::vector<int> sizes, int arrays)
    : sizes_(std::move(sizes)), arrays_(arrays) {
  if (sizes_.size() < 2) throw std::invalid_argument(circuit + ": needs inputs and outputs");
  for (const int size : sizes_)
    if (size < 1) throw std::invalid_argument(circuit + ": every layer needs at least 1 input or output");
  if (arrays_ < 1) throw std::invalid_argument(circuit + ": arrays must be at least 1");
  offsets_.push_back(0);
  for (int layer = 1; layer <= layers(); ++layer)
    offsets_.push_back(offsets_.back() +
                       static_cast<std::size_t>(layerRows(layer)) * static_cast<std::size_t>(2 * layerOutputs(layer)));
}

std::vector<int> DifferentialArrays::layerSizes(int inputs, const std::vector<int>& hidden, int outputs) {
  std::vector<int> sizes = {inputs};
  sizes.insert(sizes.end(), hidden.begin(), hidden.end());
  sizes.push_back(outputs);
  return sizes;
}

}  // namespace memcosim::circuits
