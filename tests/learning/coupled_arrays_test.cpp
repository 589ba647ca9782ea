// Coupled arrays for asymmetric devices (learning/crossbar_backprop.h, "Coupled arrays"):
// Tiki-Taka's reads of γA + C, its gradient on A and row transfers into C, SHD's coupled update,
// TTv2's buffered transfers and c-TTv2's choppers, the fast array starting at zero, config errors,
// and exact resume of the transfer schedule.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "circuits/crossbar_network.h"
#include "commands/train_command.h"
#include "commands/training_run.h"
#include "learning/crossbar_backprop.h"
#include "learning/weights.h"
#include "resume_helpers.h"
#include "solver/dc_solver.h"
#include "support.h"
#include "test_session.h"

using namespace memcosim;

namespace {

using memcosim::testing::readText;
using memcosim::testing::TemporaryFolder;

circuits::CrossbarNetworkSpec coupledArrays(double gamma) {
  circuits::CrossbarNetworkSpec spec;
  spec.inputs = 3;
  spec.hidden = {4};
  spec.outputs = 2;
  spec.activation = circuits::Activation::Tanh;
  spec.arrays = 2;
  spec.fastGain = gamma;
  return spec;
}

const Eigen::Vector3d kInputs(0.05, 0.2, 0.13);

/// W of layer l (rows × outputs) from the bank: C's block (fast = false) or A's.
Eigen::MatrixXd block(const circuits::CrossbarNetwork& network, const learning::WeightBank& weights, int layer,
                      bool fast) {
  const int rows = network.layerInputs(layer) + 1, outputs = network.layerOutputs(layer);
  Eigen::MatrixXd w(rows, outputs);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < outputs; ++j) {
      const std::size_t plus = network.weight(layer, fast ? rows + i : i, 2 * j);
      w(i, j) = (weights.conductance(plus) - weights.conductance(plus + 1)) / weights.gMax();
    }
  return w;
}

std::string coupledConfig(const std::string& algorithm, const std::string& extra = "") {
  return "seed = 2\nmethod = \"backprop\"\n[data]\ndataset = \"wisconsin\"\ninput_high = 0.2\n[crossbar]\n"
         "hidden = [6]\nactivation = \"tanh\"\nalgorithm = \"" +
         algorithm + "\"\n" + extra +
         "[weights]\ndevice = \"soft-bounds\"\ng_max = 1e-5\nratio = 10\nwrite = \"open-loop\"\n"
         "[weights.pulsed]\ndw_min = 0.01\nup_down = 0.4\ndw_min_std = 0.1\n"
         "[training]\nepochs = 2\nsolver = \"native\"\ncheck_every = 50\nbatch_size = 10\n"
         "optimizer = \"sgd\"\nlearning_rate = 0.03\n";
}

/// A small coupled network on ideal weights, its estimator on the native solver.
struct Coupled {
  Coupled(learning::Algorithm algorithm, double gamma, unsigned seed, learning::CrossbarSettings base = {})
      : network(coupledArrays(gamma)),
        rng(seed),
        weights(network.weightCount(), 1e-7, 1e-5, rng),
        settings([&] {
          base.algorithm = algorithm;
          return base;
        }()),
        backprop(native, network, weights, settings) {}
  /// Every weight set inside the window (away from its ends, where a difference is one-sided)
  /// and written into `into`'s circuit (by default the fixture's).
  void spread(learning::CrossbarBackprop* into = nullptr) {
    for (std::size_t w = 0; w < network.weightCount(); ++w) {
      weights.set(w, 1e-7 + (0.05 + 0.9 * static_cast<double>(w * 104729 % 89) / 89.0) * (1e-5 - 1e-7));
      (into != nullptr ? *into : backprop).writeWeight(w);
    }
  }

  circuits::CrossbarNetwork network;
  std::mt19937_64 rng;
  learning::IdealWeights weights;
  solver::NativeDc native{nullptr, 0, 1e-9};
  learning::CrossbarSettings settings;
  learning::CrossbarBackprop backprop;
};

}  // namespace

TEST_CASE("coupled arrays: A starts at zero and the forward read sums γA + C", "[learning]") {
  Coupled c(learning::Algorithm::TikiTaka, 0.25, 5);
  const auto& network = c.network;
  auto& weights = c.weights;
  for (int layer = 1; layer <= network.layers(); ++layer)
    CHECK(block(network, weights, layer, true).cwiseAbs().maxCoeff() <= 1e-12);

  // A set away from zero: the layer's output is (C + γA)ᵀa, in the circuit as in closed form.
  c.spread();
  auto& backprop = c.backprop;
  const auto& settings = c.settings;
  const auto forward = backprop.forward(kInputs);
  const Eigen::MatrixXd w1 = block(network, weights, 1, false) + 0.25 * block(network, weights, 1, true);
  const Eigen::VectorXd z1 = w1.transpose() * forward.rows[0];
  CHECK((forward.z[0] - z1).cwiseAbs().maxCoeff() <= 1e-9 * z1.cwiseAbs().maxCoeff());
  // The circuit agrees with the products: every read checked in ngspice through the native solver.
  solver::NativeDc checked(&testSession(), 1, 1e-9);
  learning::CrossbarSettings closed = settings;
  closed.closedForm = true;
  learning::CrossbarBackprop circuitChecked(checked, network, weights, closed);
  c.spread(&circuitChecked);  // its construction zeroed A again
  const auto again = circuitChecked.forward(kInputs);
  CHECK(circuitChecked.closedFormChecks() > 0);
  CHECK((again.z.back() - forward.z.back()).cwiseAbs().maxCoeff() <= 1e-9 * forward.z.back().cwiseAbs().maxCoeff());
}

TEST_CASE("coupled arrays: Tiki-Taka's gradient is ∇_W on A and none on C (finite differences over γ)", "[learning]") {
  const double gamma = 0.5;
  Coupled c(learning::Algorithm::TikiTaka, gamma, 7);
  c.spread();  // A away from zero, so both blocks matter
  const auto& network = c.network;
  auto& weights = c.weights;
  auto& backprop = c.backprop;
  const auto& settings = c.settings;
  const int label = 0;
  const auto estimate = backprop.estimateSample(kInputs, label);
  const double h = 1e-4 * weights.gMax();
  double dot = 0.0, normA = 0.0, normB = 0.0;
  for (int layer = 1; layer <= network.layers(); ++layer) {
    const auto rows = static_cast<std::size_t>(network.layerInputs(layer) + 1),
               columns = static_cast<std::size_t>(2 * network.layerOutputs(layer));
    for (std::size_t k = 0; k < 2 * rows * columns; ++k) {
      const std::size_t w = network.layerOffset(layer) + k;
      const bool fast = k >= rows * columns;
      const double g = weights.conductance(w);
      double loss[2];
      for (int side = 0; side < 2; ++side) {
        weights.set(w, g + (side == 0 ? h : -h));
        backprop.writeWeight(w);
        loss[side] = settings.loss.value(backprop.predict(kInputs), label);
      }
      weights.set(w, g);
      backprop.writeWeight(w);
      const double numeric = (loss[0] - loss[1]) / (2 * h), returned = estimate.gradient(static_cast<Eigen::Index>(w));
      if (!fast) {
        CHECK(returned == 0.0);  // C learns only through transfers
        continue;
      }
      // ∂L/∂G_A = γ ∂L/∂W: the estimate is ∂L/∂W, the step Tiki-Taka applies to A.
      dot += returned * numeric / gamma;
      normA += returned * returned;
      normB += numeric * numeric / (gamma * gamma);
    }
  }
  CHECK(dot / std::sqrt(normA * normB) >= 0.9999);
  CHECK(std::sqrt(normA / normB) == Approx(1.0).epsilon(1e-4));
}

TEST_CASE("coupled arrays: Tiki-Taka moves one row of A into C every k batches and SHD all rows every batch",
          "[learning]") {
  for (const auto algorithm : {learning::Algorithm::TikiTaka, learning::Algorithm::Hamiltonian}) {
    const bool tikiTaka = algorithm == learning::Algorithm::TikiTaka;
    const circuits::CrossbarNetwork network(coupledArrays(tikiTaka ? 0.3 : 0.0));
    std::mt19937_64 rng(11);
    learning::IdealWeights weights(network.weightCount(), 1e-7, 1e-5, rng);
    solver::NativeDc native(nullptr, 0, 1e-9);
    learning::CrossbarSettings settings;
    settings.algorithm = algorithm;
    settings.transferEvery = 2;
    settings.transferRate = 0.5;
    settings.hamiltonianRate = 0.25;
    settings.closedForm = true;
    learning::CrossbarBackprop backprop(native, network, weights, settings);
    // C mid-window; A's pairs (zero after construction) moved as a gradient step would move them.
    for (int layer = 1; layer <= network.layers(); ++layer) {
      const auto rows = static_cast<std::size_t>(network.layerInputs(layer) + 1),
                 columns = static_cast<std::size_t>(2 * network.layerOutputs(layer));
      for (std::size_t k = 0; k < 2 * rows * columns; ++k) {
        const std::size_t w = network.layerOffset(layer) + k;
        if (k < rows * columns)
          weights.set(w, 3e-6 + static_cast<double>(k % 5) * 1e-6);
        else
          weights.set(w, k % 2 == 1 ? 5e-6 : 5e-6 + ((k / 2) % 3 == 0 ? 1e-7 : -2e-7));
        backprop.writeWeight(w);
      }
    }
    std::vector<Eigen::MatrixXd> slow, fast;
    for (int layer = 1; layer <= network.layers(); ++layer) {
      slow.push_back(block(network, weights, layer, false));
      fast.push_back(block(network, weights, layer, true));
    }
    for (int batch = 1; batch <= 4; ++batch) {
      backprop.afterUpdate();
      for (int layer = 1; layer <= network.layers(); ++layer) {
        const auto l = static_cast<std::size_t>(layer - 1);
        Eigen::MatrixXd expected = slow[l];
        if (!tikiTaka) {
          expected += 0.25 * fast[l];
        } else if (batch % 2 == 0) {
          const int row = batch / 2 - 1;  // rows 0, 1, … in turn, every second batch
          expected.row(row) += 0.5 * fast[l].row(row);
        }
        const Eigen::MatrixXd now = block(network, weights, layer, false);
        CHECK((now - expected).cwiseAbs().maxCoeff() <= 1e-12);
        CHECK(block(network, weights, layer, true) == fast[l]);  // a transfer reads A, it does not reset it
        slow[l] = now;
      }
    }
    CHECK(backprop.transfers() == (tikiTaka ? 2 * 2 : 4 * (4 + 5)));
  }
}

namespace {

/// A TTv2 network (γ = 0) on ideal weights whose A holds `offset` on every weight (C mid-window):
/// the bias A drifts to, with no gradient on it.
struct Buffered {
  explicit Buffered(double chopProbability, double offset)
      : network(coupledArrays(0.0)), rng(13), weights(network.weightCount(), 1e-7, 1e-5, rng), backprop([&] {
          learning::CrossbarSettings settings;
          settings.algorithm = learning::Algorithm::BufferedTransfer;
          settings.transferEvery = 1;
          settings.transferRate = 0.5;
          settings.bufferThreshold = 0.02;
          settings.chopProbability = chopProbability;
          settings.closedForm = true;
          return learning::CrossbarBackprop(native, network, weights, settings);
        }()) {
    for (int layer = 1; layer <= network.layers(); ++layer) {
      const int rows = network.layerInputs(layer) + 1;
      for (int i = 0; i < 2 * rows; ++i)
        for (int j = 0; j < network.layerOutputs(layer); ++j) {
          const std::size_t plus = network.weight(layer, i, 2 * j);
          const double half = i < rows ? (j % 2 == 0 ? 1e-6 : -1e-6) : offset * weights.gMax() / 2;
          weights.set(plus, 5e-6 + half);
          weights.set(plus + 1, 5e-6 - half);
          backprop.writeWeight(plus);
          backprop.writeWeight(plus + 1);
        }
    }
  }

  circuits::CrossbarNetwork network;
  std::mt19937_64 rng;
  learning::IdealWeights weights;
  solver::NativeDc native{nullptr, 0, 1e-9};
  learning::CrossbarBackprop backprop;
};

}  // namespace

TEST_CASE("coupled arrays: TTv2 buffers A's reads and writes whole thresholds into C", "[learning]") {
  // A at 0.026 everywhere, β = 0.5, θ = 0.02: a row's first read buffers 0.013 (below θ), its
  // second 0.026, of which one θ goes into C and 0.006 stays. (No read count up to 10 puts the
  // buffer on a multiple of θ, where rounding would decide.)
  Buffered b(0.0, 0.026);
  const auto& network = b.network;
  std::vector<Eigen::MatrixXd> start;
  for (int layer = 1; layer <= network.layers(); ++layer) start.push_back(block(network, b.weights, layer, false));
  const int rows1 = network.layerInputs(1) + 1, rows2 = network.layerInputs(2) + 1;  // 4 and 5
  for (int batch = 1; batch <= 2 * rows1 * rows2; ++batch) b.backprop.afterUpdate();
  for (int layer = 1; layer <= network.layers(); ++layer) {
    const auto l = static_cast<std::size_t>(layer - 1);
    const int rows = network.layerInputs(layer) + 1;
    const int reads = 2 * rows1 * rows2 / rows;  // of every row, in turn
    const Eigen::MatrixXd moved = block(network, b.weights, layer, false) - start[l];
    // Buffered 0.013 per read: C takes the whole multiples of θ.
    const double expected = 0.02 * std::trunc(0.013 * reads / 0.02);
    CHECK(moved.minCoeff() == Approx(expected).margin(1e-12));
    CHECK(moved.maxCoeff() == Approx(expected).margin(1e-12));
    CHECK(block(network, b.weights, layer, true).minCoeff() == Approx(0.026).margin(1e-12));  // A is read, not reset
  }
  CHECK(b.backprop.transfers() == 2 * 2 * rows1 * rows2);
}

TEST_CASE("coupled arrays: c-TTv2's choppers keep A's offset out of C and flip A's gradient", "[learning]") {
  // A's offset is what TTv2 carries into C; with a chopper flipped after every read (p = 1) the
  // buffer alternates between +β·b and 0 and C never moves.
  for (const double p : {0.0, 1.0}) {
    Buffered b(p, 0.026);
    const auto before = block(b.network, b.weights, 2, false);
    const auto gradient = b.backprop.estimateSample(kInputs, 1).gradient;
    for (int batch = 1; batch <= 40; ++batch) b.backprop.afterUpdate();
    const Eigen::MatrixXd moved = block(b.network, b.weights, 2, false) - before;
    if (p == 0.0) {
      CHECK(moved.minCoeff() >= 0.1 - 1e-12);  // layer 2: 8 reads of 0.013 each, five θ
    } else {
      CHECK(moved.cwiseAbs().maxCoeff() == 0.0);
      // 40 batches read each of layer 1's 4 rows 10 times (choppers back at +1) and layer 2's
      // 5 rows 8 times (+1 too). One more batch flips row 0 of each layer: its gradient on A
      // changes sign, the other rows' does not.
      b.backprop.afterUpdate();
      const auto flipped = b.backprop.estimateSample(kInputs, 1).gradient;
      for (int layer = 1; layer <= b.network.layers(); ++layer) {
        const int rows = b.network.layerInputs(layer) + 1;
        for (int i = 0; i < rows; ++i)
          for (int c = 0; c < 2 * b.network.layerOutputs(layer); ++c) {
            const auto w = static_cast<Eigen::Index>(b.network.weight(layer, rows + i, c));
            CHECK(flipped(w) == (i == 0 ? -1.0 : 1.0) * gradient(w));
          }
      }
    }
  }
}

TEST_CASE("coupled arrays: a run stopped after an epoch resumes exactly with its transfer schedule", "[learning]") {
  for (const auto& config :
       {commands::parseTrainConfig(coupledConfig("tiki-taka", "gamma = 0.2\ntransfer_every = 3\n"), "tt.toml"),
        commands::parseTrainConfig(coupledConfig("shd", "hamiltonian_rate = 0.2\n"), "shd.toml"),
        commands::parseTrainConfig(coupledConfig("c-ttv2", "transfer_rate = 0.5\nchop_probability = 0.3\n"),
                                   "cttv2.toml")}) {
    const TemporaryFolder folder("coupled_resume");
    const auto [a, b] = memcosim::testing::wholeAndResumed(config, folder.path());
    CHECK(a.at("estimator") == b.at("estimator"));
    CHECK(a.at("weights") == b.at("weights"));
    CHECK(a.at("history") == b.at("history"));
    CHECK(a.at("estimator").at("transfers").get<long long>() > 0);
  }
}

TEST_CASE("coupled arrays: config errors name the field", "[learning]") {
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("sgd", "gamma = 0.2\n"), "c.toml"),
                    Catch::Contains("c.toml") && Catch::Contains("crossbar.gamma") && Catch::Contains("tiki-taka"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("tiki-taka", "hamiltonian_rate = 0.2\n"), "c.toml"),
                    Catch::Contains("crossbar.hamiltonian_rate") && Catch::Contains("shd"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("shd", "write_scheme = \"v/2\"\n"), "c.toml"),
                    Catch::Contains("crossbar.write_scheme"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("adam"), "c.toml"), Catch::Contains("crossbar.algorithm"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("tiki-taka", "transfer_every = 0\n"), "c.toml"),
                    Catch::Contains("crossbar.transfer_every"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("ttv2", "chop_probability = 0.1\n"), "c.toml"),
                    Catch::Contains("crossbar.chop_probability") && Catch::Contains("c-ttv2"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("c-ttv2", "chop_probability = 1.5\n"), "c.toml"),
                    Catch::Contains("crossbar.chop_probability"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("tiki-taka", "buffer_threshold = 0.1\n"), "c.toml"),
                    Catch::Contains("crossbar.buffer_threshold") && Catch::Contains("ttv2"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("c-ttv2", "gamma = 0.5\n"), "c.toml"),
                    Catch::Contains("crossbar.gamma"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(coupledConfig("ttv2", "buffer_threshold = 0\n"), "c.toml"),
                    Catch::Contains("crossbar.buffer_threshold"));
}
