// The layer layout shared by networks of differential-pair arrays (the crossbar network, the
// spiking network): layer l (1-based) maps n_{l−1} inputs to n_l outputs through an array of
// `arrays`·(n_{l−1} + 1) rows (per stacked array, the inputs then a bias row) and 2·n_l columns
// (column 2j carries G⁺, 2j+1 carries G⁻ of output j). Weights are numbered layer by layer,
// row-major within a layer: weight w of layer l is row (w − offset_l) / (2 n_l), column
// (w − offset_l) mod (2 n_l).
#pragma once

#include <cstddef>
#include <vector>

#include "circuits/weight_sites.h"

namespace memcosim::circuits {

class DifferentialArrays : public WeightSites {
 public:
  /// sizes = n_0 (inputs), n_1, …, n_L (outputs), every one ≥ 1; arrays ≥ 1 stacked per layer.
  /// Throws std::invalid_argument naming `circuit` for a size below 1.
  DifferentialArrays(const std::string& circuit, std::vector<int> sizes, int arrays = 1);

  /// Number of arrays (hidden layers + 1).
  [[nodiscard]] int layers() const { return static_cast<int>(sizes_.size()) - 1; }
  /// Inputs of layer l (without the bias row) and its outputs: n_{l−1}, n_l (l from 1).
  [[nodiscard]] int layerInputs(int layer) const { return sizes_[static_cast<std::size_t>(layer) - 1]; }
  [[nodiscard]] int layerOutputs(int layer) const { return sizes_[static_cast<std::size_t>(layer)]; }
  /// Rows of layer l's array: arrays · (n_{l−1} + 1); the first array's rows come first.
  [[nodiscard]] int layerRows(int layer) const { return arrays_ * (layerInputs(layer) + 1); }
  /// The index of layer l's first weight.
  [[nodiscard]] std::size_t layerOffset(int layer) const { return offsets_[static_cast<std::size_t>(layer) - 1]; }
  /// The weight at `row`, `column` of layer l's array (the numbering above).
  [[nodiscard]] std::size_t weight(int layer, int row, int column) const {
    return layerOffset(layer) + static_cast<std::size_t>(row) * static_cast<std::size_t>(2 * layerOutputs(layer)) +
           static_cast<std::size_t>(column);
  }
  [[nodiscard]] std::size_t weightCount() const override { return offsets_.back(); }

  /// n_0 … n_L of a network with `inputs`, `hidden` layer sizes and `outputs`.
  [[nodiscard]] static std::vector<int> layerSizes(int inputs, const std::vector<int>& hidden, int outputs);

 private:
  std::vector<int> sizes_;  // n_0 (inputs), n_1, …, n_L (outputs)
  int arrays_;
  std::vector<std::size_t> offsets_;  // first weight of each layer, then the total
};

}  // namespace memcosim::circuits
