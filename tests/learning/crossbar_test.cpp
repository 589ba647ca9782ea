// Crossbar backpropagation: the arrays read as ngspice and the native solver read them, the
// transposed read, and the estimate against finite differences of the circuit-evaluated loss.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <random>

#include "circuits/crossbar_network.h"
#include "learning/crossbar_backprop.h"
#include "learning/device_weights.h"
#include "learning/weights.h"
#include "solver/dc_solver.h"
#include "test_session.h"

using namespace memcosim;

namespace {

circuits::CrossbarNetworkSpec smallArrays(double wireResistance_ohm = 0.0) {
  circuits::CrossbarNetworkSpec spec;
  spec.inputs = 3;
  spec.hidden = {4};
  spec.outputs = 2;
  spec.wireResistance_ohm = wireResistance_ohm;
  return spec;
}

Eigen::VectorXd sampleInputs() { return Eigen::Vector3d(0.05, 0.2, 0.13); }

double cosine(const Eigen::VectorXd& a, const Eigen::VectorXd& b) { return a.dot(b) / (a.norm() * b.norm()); }

/// The estimate's gradient against central differences of the loss the forward reads give,
/// every device of a small network perturbed by 1e-4·G_max: at least `least` in cosine, and
/// the norms within `normTolerance` (relative).
void checkAgainstFiniteDifferences(double wireResistance_ohm, double least, double normTolerance) {
  auto spec = smallArrays(wireResistance_ohm);
  spec.activation = circuits::Activation::Tanh;
  const circuits::CrossbarNetwork network(spec);
  std::mt19937_64 rng(3);
  learning::IdealWeights weights(network.weightCount(), 1e-7, 1e-5, rng);
  solver::NativeDc native(nullptr, 0, 1e-9);
  learning::CrossbarSettings settings;
  learning::CrossbarBackprop backprop(native, network, weights, settings);
  const int label = 1;
  const auto estimate = backprop.estimateSample(sampleInputs(), label);
  Eigen::VectorXd numeric(estimate.gradient.size());
  const double h = 1e-4 * weights.gMax();
  for (std::size_t w = 0; w < network.weightCount(); ++w) {
    const double g = weights.conductance(w);
    double loss[2];
    for (int side = 0; side < 2; ++side) {
      weights.set(w, g + (side == 0 ? h : -h));
      backprop.writeWeight(w);
      loss[side] = settings.loss.value(backprop.predict(sampleInputs()), label);
    }
    weights.set(w, g);
    backprop.writeWeight(w);
    numeric(static_cast<Eigen::Index>(w)) = (loss[0] - loss[1]) / (2.0 * h);
  }
  INFO("cosine " << cosine(estimate.gradient, numeric) << ", norm ratio " << estimate.gradient.norm() / numeric.norm());
  CHECK(cosine(estimate.gradient, numeric) >= least);
  CHECK(estimate.gradient.norm() / numeric.norm() == Approx(1.0).epsilon(normTolerance));
}

}  // namespace

TEST_CASE("crossbar: arrays and weights are numbered as documented", "[learning]") {
  const circuits::CrossbarNetwork network(smallArrays());
  CHECK(network.layers() == 2);
  CHECK(network.weightCount() == (3 + 1) * 8 + (4 + 1) * 4);
  CHECK(network.layerOffset(2) == 32);
  CHECK(network.outputNodes() == std::vector<std::string>{"o0p", "o0n", "o1p", "o1n"});
  CHECK_THROWS_WITH(circuits::CrossbarNetwork([] {
                      auto s = smallArrays();
                      s.wireResistance_ohm = -1.0;
                      return s;
                    }()),
                    Catch::Contains("wire resistance"));
}

TEST_CASE("crossbar: the forward read is the weighted sum, and the transposed read Wᵀδ", "[learning]") {
  const circuits::CrossbarNetwork network(smallArrays());
  std::mt19937_64 rng(1);
  learning::IdealWeights weights(network.weightCount(), 1e-7, 1e-5, rng);
  solver::NgspiceDc ngspice(testSession());
  learning::CrossbarSettings settings;
  learning::CrossbarBackprop backprop(ngspice, network, weights, settings);
  const auto forward = backprop.forward(sampleInputs());
  // Layer 1 by hand: z_j = Σ_i (G⁺ − G⁻) a_i / G_max, with the bias row's a = 1.
  const Eigen::VectorXd a = (Eigen::VectorXd(4) << sampleInputs() / 0.2, 1.0).finished();
  CHECK((forward.rows[0] - a).cwiseAbs().maxCoeff() < 1e-15);
  Eigen::MatrixXd w1(4, 4);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j)
      w1(i, j) = (weights.conductance(static_cast<std::size_t>(8 * i + 2 * j)) -
                  weights.conductance(static_cast<std::size_t>(8 * i + 2 * j + 1))) /
                 1e-5;
  const Eigen::VectorXd z1 = w1.transpose() * a;
  CHECK((forward.z[0] - z1).cwiseAbs().maxCoeff() < 1e-9);
  // Layer 2's transposed read: its first four rows' Wᵀδ.
  const Eigen::VectorXd delta = Eigen::Vector2d(0.3, -0.7);
  Eigen::MatrixXd w2(5, 2);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 2; ++j)
      w2(i, j) = (weights.conductance(static_cast<std::size_t>(32 + 4 * i + 2 * j)) -
                  weights.conductance(static_cast<std::size_t>(32 + 4 * i + 2 * j + 1))) /
                 1e-5;
  const Eigen::VectorXd back = backprop.transposedRead(2, delta);
  CHECK((back - (w2 * delta).head(4)).cwiseAbs().maxCoeff() < 1e-9);
  // The columns are back at 0 V: the next forward read is the same.
  CHECK((backprop.forward(sampleInputs()).z[1] - forward.z[1]).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("crossbar: ngspice and the native solver read the same currents", "[learning]") {
  for (const double wire : {0.0, 50.0}) {
    const circuits::CrossbarNetwork network(smallArrays(wire));
    std::mt19937_64 rngA(2), rngB(2);
    learning::IdealWeights weightsA(network.weightCount(), 1e-7, 1e-5, rngA);
    learning::IdealWeights weightsB(network.weightCount(), 1e-7, 1e-5, rngB);
    solver::NgspiceDc ngspice(testSession());
    solver::NativeDc native(nullptr, 0, 1e-9);
    learning::CrossbarSettings settings;
    learning::CrossbarBackprop a(ngspice, network, weightsA, settings);
    learning::CrossbarBackprop b(native, network, weightsB, settings);
    INFO("wire resistance " << wire);
    const auto fa = a.forward(sampleInputs()), fb = b.forward(sampleInputs());
    for (std::size_t l = 0; l < fa.z.size(); ++l)
      CHECK((fa.z[l] - fb.z[l]).cwiseAbs().maxCoeff() <= 1e-9 * fa.z[l].cwiseAbs().maxCoeff());
    const Eigen::VectorXd delta = Eigen::Vector2d(-0.2, 0.9);
    const Eigen::VectorXd ta = a.transposedRead(2, delta), tb = b.transposedRead(2, delta);
    CHECK((ta - tb).cwiseAbs().maxCoeff() <= 1e-9 * ta.cwiseAbs().maxCoeff());
  }
}

TEST_CASE("crossbar: wire resistance lowers the currents read (IR drop)", "[learning]") {
  std::mt19937_64 rngA(2), rngB(2);
  const circuits::CrossbarNetwork ideal(smallArrays(0.0)), resistive(smallArrays(2000.0));
  learning::IdealWeights weightsA(ideal.weightCount(), 1e-7, 1e-5, rngA);
  learning::IdealWeights weightsB(resistive.weightCount(), 1e-7, 1e-5, rngB);
  solver::NativeDc a(nullptr, 0, 1e-9), b(nullptr, 0, 1e-9);
  learning::CrossbarBackprop idealArrays(a, ideal, weightsA, {});
  learning::CrossbarBackprop resistiveArrays(b, resistive, weightsB, {});
  const Eigen::VectorXd inputs = Eigen::Vector3d(0.2, 0.2, 0.2);  // every current flows the same way
  const Eigen::VectorXd za = idealArrays.forward(inputs).z[0], zb = resistiveArrays.forward(inputs).z[0];
  CHECK(zb.cwiseAbs().sum() < za.cwiseAbs().sum());
  CHECK((za - zb).cwiseAbs().maxCoeff() > 1e-3);
}

TEST_CASE("crossbar: the estimate equals finite differences of the circuit-evaluated loss", "[learning]") {
  SECTION("ideal wires: exact") { checkAgainstFiniteDifferences(0.0, 0.9999, 1e-4); }
  SECTION("wire resistance: the outer product ignores the IR drop's own dependence on G") {
    // 200 Ω per segment against 100 kΩ–10 MΩ devices: a few percent off in size, not in direction.
    checkAgainstFiniteDifferences(200.0, 0.99, 0.05);
  }
}

TEST_CASE("crossbar: converters quantise reads to their bit depth", "[learning]") {
  const circuits::CrossbarNetwork network(smallArrays());
  std::mt19937_64 rng(1);
  learning::IdealWeights weights(network.weightCount(), 1e-7, 1e-5, rng);
  solver::NativeDc native(nullptr, 0, 1e-9);
  learning::CrossbarSettings settings;
  settings.dacBits = 3;  // row values in steps of 1/3
  settings.adcBits = 4;  // currents in steps of adc_range·V_read·G_max / 7
  learning::CrossbarBackprop backprop(native, network, weights, settings);
  const auto forward = backprop.forward(sampleInputs());
  for (Eigen::Index i = 0; i < forward.rows[0].size(); ++i)
    CHECK(std::abs(forward.rows[0](i) * 3.0 - std::round(forward.rows[0](i) * 3.0)) < 1e-12);
  // z_j is a difference of two quantised currents over V_read·G_max: a multiple of 4/7.
  for (Eigen::Index j = 0; j < forward.z[0].size(); ++j)
    CHECK(std::abs(forward.z[0](j) * 7.0 / 4.0 - std::round(forward.z[0](j) * 7.0 / 4.0)) < 1e-9);
  settings.dacBits = 1;
  solver::NativeDc other(nullptr, 0, 1e-9);
  CHECK_THROWS_WITH(learning::CrossbarBackprop(other, network, weights, settings), Catch::Contains("dac_bits"));
}

TEST_CASE("crossbar: memristor read views give the same currents in ngspice and natively", "[learning]") {
  const circuits::CrossbarNetwork network(smallArrays(20.0));
  learning::DeviceWeightSettings device;
  device.model = "stanford-pku";
  device.rOn_ohm = 1e5;
  device.ratio = 10.0;
  std::mt19937_64 rngA(6), rngB(6);
  learning::DeviceWeights weightsA(device, network.weightCount(), rngA, testSession());
  learning::DeviceWeights weightsB(device, network.weightCount(), rngB, testSession());
  solver::NgspiceDc ngspice(testSession());
  solver::NativeDc native(nullptr, 0, 1e-9);
  learning::CrossbarBackprop a(ngspice, network, weightsA, {});
  learning::CrossbarBackprop b(native, network, weightsB, {});
  const auto fa = a.forward(sampleInputs()), fb = b.forward(sampleInputs());
  for (std::size_t l = 0; l < fa.z.size(); ++l)
    CHECK((fa.z[l] - fb.z[l]).cwiseAbs().maxCoeff() <= 1e-9 * fa.z[l].cwiseAbs().maxCoeff());
}

TEST_CASE("crossbar: a closed-form read is checked against the larger of its currents and a device's full scale",
          "[learning]") {
  const double fullScale = 1e-5 * 0.2;  // g_max · read voltage
  Eigen::VectorXd closed(2), solved(2);
  // A backward read of a settled error: both round-off, far below a device's current.
  closed << -2.97e-116, 1e-30;
  solved << 5.29e-23, -3.7e-22;
  CHECK(learning::closedFormAgrees(closed, solved, fullScale));
  // The same round-off with no floor is a disagreement of order one.
  CHECK_FALSE(learning::closedFormAgrees(closed, solved, 0.0));
  // A difference above 1e-9 of a device's current is refused, also where the currents are small.
  solved << 0.0, 1e-14;
  closed << 0.0, 1e-14 + 3e-15;
  CHECK_FALSE(learning::closedFormAgrees(closed, solved, fullScale));
  // Full-scale reads keep the relative test.
  solved << 1e-5, -4e-6;
  closed = solved;
  closed(1) *= 1.0 + 1e-10;
  CHECK(learning::closedFormAgrees(closed, solved, fullScale));
  closed(0) *= 1.0 + 1e-8;
  CHECK_FALSE(learning::closedFormAgrees(closed, solved, fullScale));
  closed(0) = std::numeric_limits<double>::quiet_NaN();
  CHECK_FALSE(learning::closedFormAgrees(closed, solved, fullScale));
}

TEST_CASE("crossbar: closed-form reads equal ngspice's, are checked through the circuit, and a disagreement stops",
          "[learning]") {
  const circuits::CrossbarNetwork network(smallArrays());
  learning::DeviceWeightSettings lid;
  lid.model = "linear-ion-drift";
  lid.rOn_ohm = 1e5;
  lid.ratio = 10.0;
  for (const bool device : {false, true}) {
    INFO((device ? "linear-ion-drift" : "ideal") << " weights");
    const auto bank = [&](std::uint64_t seed) -> std::unique_ptr<learning::WeightBank> {
      std::mt19937_64 rng(seed);
      if (device) return std::make_unique<learning::DeviceWeights>(lid, network.weightCount(), rng, testSession());
      return std::make_unique<learning::IdealWeights>(network.weightCount(), 1e-7, 1e-5, rng);
    };
    const auto weightsA = bank(4), weightsB = bank(4);
    learning::CrossbarSettings settings;
    learning::CrossbarBackprop::Estimate reference;
    {
      solver::NgspiceDc ngspice(testSession());
      learning::CrossbarBackprop a(ngspice, network, *weightsA, settings);
      CHECK_FALSE(a.closedForm());  // closedForm not asked for
      reference = a.estimateSample(sampleInputs(), 0);
    }
    settings.closedForm = true;
    solver::NativeDc native(&testSession(), /*checkEvery=*/2, 1e-9);
    learning::CrossbarBackprop b(native, network, *weightsB, settings);
    REQUIRE(b.closedForm());
    const auto estimate = b.estimateSample(sampleInputs(), 0);  // three reads: the second checked
    CHECK(b.closedFormChecks() == 1);
    CHECK(native.checks() == 1);  // … and that check solved in ngspice too
    CHECK((estimate.outputs - reference.outputs).cwiseAbs().maxCoeff() <=
          1e-9 * reference.outputs.cwiseAbs().maxCoeff());
    CHECK((estimate.gradient - reference.gradient).cwiseAbs().maxCoeff() <=
          1e-9 * reference.gradient.cwiseAbs().maxCoeff());
    // A circuit changed behind the products' back: the next checked read refuses.
    native.alter(weightsB->site(network, 0),
                 device ? 0.5 * weightsB->siteValue(0) + 0.5 : 2.0 / weightsB->conductance(0));
    CHECK_THROWS_WITH((b.predict(sampleInputs()), b.predict(sampleInputs())),
                      Catch::Contains("closed form disagrees with the circuit"));
  }
  // Wire resistance and nonlinear read views keep every read an operating point.
  const circuits::CrossbarNetwork wired(smallArrays(20.0));
  std::mt19937_64 rng(1);
  learning::IdealWeights ideal(wired.weightCount(), 1e-7, 1e-5, rng);
  solver::NativeDc native(nullptr, 0, 1e-9);
  learning::CrossbarSettings settings;
  settings.closedForm = true;
  CHECK_FALSE(learning::CrossbarBackprop(native, wired, ideal, settings).closedForm());
  learning::DeviceWeightSettings pku = lid;
  pku.model = "stanford-pku";
  learning::DeviceWeights nonlinear(pku, network.weightCount(), rng, testSession());
  CHECK_FALSE(learning::CrossbarBackprop(native, network, nonlinear, settings).closedForm());
}

TEST_CASE("crossbar: a wired array above the native solver's dense limit reads as in ngspice", "[learning]") {
  // 21 × 24 crosspoints, two wire nodes each: the linear part is solved by its sparse LU.
  circuits::CrossbarNetworkSpec spec;
  spec.inputs = 20;
  spec.hidden = {12};
  spec.outputs = 3;
  spec.wireResistance_ohm = 30.0;
  const circuits::CrossbarNetwork network(spec);
  std::mt19937_64 rngA(8), rngB(8);
  learning::IdealWeights weightsA(network.weightCount(), 1e-7, 1e-5, rngA);
  learning::IdealWeights weightsB(network.weightCount(), 1e-7, 1e-5, rngB);
  solver::NgspiceDc ngspice(testSession());
  solver::NativeDc native(nullptr, 0, 1e-9);
  learning::CrossbarBackprop a(ngspice, network, weightsA, {});
  learning::CrossbarBackprop b(native, network, weightsB, {});
  const Eigen::VectorXd inputs = Eigen::VectorXd::LinSpaced(20, 0.01, 0.2);
  const auto fa = a.forward(inputs), fb = b.forward(inputs);
  for (std::size_t l = 0; l < fa.z.size(); ++l)
    CHECK((fa.z[l] - fb.z[l]).cwiseAbs().maxCoeff() <= 1e-9 * fa.z[l].cwiseAbs().maxCoeff());
  const Eigen::VectorXd delta = Eigen::Vector3d(-0.2, 0.9, 0.4);
  const Eigen::VectorXd ta = a.transposedRead(2, delta), tb = b.transposedRead(2, delta);
  CHECK((ta - tb).cwiseAbs().maxCoeff() <= 1e-9 * ta.cwiseAbs().maxCoeff());
  // The weights change between reads as in training: the LU is rebuilt.
  for (std::size_t w = 0; w < network.weightCount(); w += 7) {
    weightsA.set(w, 0.5 * weightsA.conductance(w) + 5e-6);
    weightsB.set(w, 0.5 * weightsB.conductance(w) + 5e-6);
    a.writeWeight(w);
    b.writeWeight(w);
  }
  const auto ga = a.forward(inputs), gb = b.forward(inputs);
  CHECK((ga.z[0] - fa.z[0]).cwiseAbs().maxCoeff() > 1e-3);
  CHECK((ga.z[0] - gb.z[0]).cwiseAbs().maxCoeff() <= 1e-9 * ga.z[0].cwiseAbs().maxCoeff());
}

TEST_CASE("crossbar: a parallel write disturbs half-selected devices as its scheme biases them", "[learning]") {
  // One device written (row 1, column 2 of the first array); every other device of that array is
  // half-selected (row 1, or column 2), or on neither line.
  const circuits::CrossbarNetwork network(smallArrays());
  learning::DeviceWeightSettings lid;
  lid.model = "linear-ion-drift";  // no threshold: any voltage moves its state
  lid.rOn_ohm = 1e5;
  lid.ratio = 10.0;
  const std::size_t columns = 8, written = 1 * columns + 2, sameRow = 1 * columns + 5, sameColumn = 3 * columns + 2,
                    neither = 0 * columns + 6;
  std::map<learning::WriteScheme, std::vector<double>> moved;  // conductance changes of the four
  for (const auto scheme :
       {learning::WriteScheme::Isolated, learning::WriteScheme::HalfVoltage, learning::WriteScheme::ThirdVoltage}) {
    std::mt19937_64 rng(9);
    learning::DeviceWeights weights(lid, network.weightCount(), rng, testSession());
    for (std::size_t w = 0; w < network.weightCount(); ++w)  // mid-window, away from the bounds
      weights.setState(w, weights.programmer().stateForConductance(5.5e-6));
    solver::NativeDc native(nullptr, 0, 1e-9);
    learning::CrossbarSettings settings;
    settings.closedForm = true;
    settings.writeScheme = scheme;
    learning::CrossbarBackprop backprop(native, network, weights, settings);
    const std::vector<double> before = weights.conductances();
    const learning::Samples samples{sampleInputs().transpose(), {0}};
    const std::size_t batch[] = {0};
    backprop.estimate(samples, batch);  // the batch begins: conductances and pulse counts noted
    const Eigen::VectorXd z = backprop.forward(sampleInputs()).z[0];  // the first array's
    weights.apply(written, 2e-6);                                     // about ten set pulses
    backprop.writeWeight(written);
    const std::int64_t pulses = weights.pulses();
    REQUIRE(pulses >= 5);
    backprop.afterUpdate();
    CHECK(weights.pulses() == pulses);  // disturb pulses are not programming pulses
    std::vector<double> change;
    for (const std::size_t w : {written, sameRow, sameColumn, neither})
      change.push_back(weights.conductance(w) - before[w]);
    moved[scheme] = change;
    if (scheme == learning::WriteScheme::Isolated) {
      CHECK(backprop.halfSelectPulses() == 0);
    } else {
      // Half-selected in every slot but its own: K = n pulses in row 1's phase.
      CHECK(backprop.halfSelectPulses() > 0);
      // The reads see the disturbed devices: z of the first array from the bank's conductances.
      Eigen::VectorXd rows(4);
      rows << sampleInputs() / 0.2, 1.0;
      const Eigen::VectorXd read = backprop.forward(sampleInputs()).z[0];
      for (Eigen::Index j = 0; j < 4; ++j) {
        double expected = 0.0;
        for (Eigen::Index i = 0; i < 4; ++i)
          expected += rows(i) *
                      (weights.conductance(static_cast<std::size_t>(i * 8 + 2 * j)) -
                       weights.conductance(static_cast<std::size_t>(i * 8 + 2 * j + 1))) /
                      weights.gMax();
        CHECK(read(j) == Approx(expected).margin(1e-12));
      }
      CHECK(read(1) != z(1));
    }
  }
  using S = learning::WriteScheme;
  for (const std::size_t k : {1, 2, 3}) CHECK(moved[S::Isolated][k] == 0.0);
  CHECK(moved[S::Isolated][0] > 1e-6);
  // V/2: the written device's row and column move the way it was written; the rest see 0 V.
  CHECK(moved[S::HalfVoltage][1] > 1e-9);
  CHECK(moved[S::HalfVoltage][2] > 1e-9);
  CHECK(moved[S::HalfVoltage][3] == 0.0);
  // V/3: the half-selected see a third of the pulse (less than V/2 gives), the rest −V/3.
  CHECK(moved[S::ThirdVoltage][1] > 1e-9);
  CHECK(moved[S::ThirdVoltage][1] < moved[S::HalfVoltage][1]);
  CHECK(moved[S::ThirdVoltage][3] < -1e-9);
  CHECK(moved[S::ThirdVoltage][0] == moved[S::Isolated][0]);  // its own pulses as written
}

TEST_CASE("crossbar: a parallel write needs a physical model", "[learning]") {
  const circuits::CrossbarNetwork network(smallArrays());
  std::mt19937_64 rng(1);
  learning::IdealWeights ideal(network.weightCount(), 1e-7, 1e-5, rng);
  solver::NativeDc native(nullptr, 0, 1e-9);
  learning::CrossbarSettings settings;
  settings.writeScheme = learning::WriteScheme::HalfVoltage;
  CHECK_THROWS_WITH(learning::CrossbarBackprop(native, network, ideal, settings), Catch::Contains("physical model"));
  CHECK(learning::parseWriteScheme("v/3") == learning::WriteScheme::ThirdVoltage);
  CHECK_THROWS_WITH(learning::parseWriteScheme("v/4"), Catch::Contains("isolated, v/2 or v/3"));
}
