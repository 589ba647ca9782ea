// Memristor weights: ΔG becomes counted pulses, and the circuit reads the programmed state.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "learning/device_weights.h"
#include "learning/eqprop.h"
#include "test_session.h"

using namespace memcosim;

namespace {

learning::DeviceWeightSettings mmsSettings() {
  learning::DeviceWeightSettings s;
  s.model = "mms";
  s.rOn_ohm = 1e5;
  s.ratio = 10.0;
  return s;
}

}  // namespace

TEST_CASE("device weights: a request becomes pulses and a state inside the window") {
  std::mt19937_64 rng(4);
  auto settings = mmsSettings();
  settings.write = programming::WritePolicy::OpenLoop;
  learning::DeviceWeights weights(settings, 8, rng, testSession());
  CHECK(weights.gMax() == Approx(1e-5).epsilon(1e-9));
  CHECK(weights.gMin() == Approx(1e-6).epsilon(1e-9));
  const double step = weights.programmer().nominalStep();
  const double before = weights.conductance(0);
  weights.apply(0, 5.0 * step);
  CHECK(weights.pulses() == 5);
  CHECK(weights.conductance(0) > before);
  weights.apply(1, -1e-3);  // far beyond the window: capped pulses, state held at the bound
  CHECK(weights.conductance(1) >= weights.gMin() * (1 - 1e-9));
  CHECK(weights.conductance(1) < weights.gMin() + 0.05 * (weights.gMax() - weights.gMin()));
  // Requests below half a step accumulate until they are worth a pulse.
  const auto pulses = weights.pulses();
  for (int k = 0; k < 4; ++k) weights.apply(2, 0.3 * step);
  CHECK(weights.pulses() - pulses == 1);
}

TEST_CASE("device weights: the step table writes the requested change at any conductance") {
  std::mt19937_64 rng(4);
  learning::DeviceWeights weights(mmsSettings(), 9, rng, testSession());  // step table by default
  const auto& p = weights.programmer();
  for (std::size_t w = 0; w < 8; ++w) {
    const double before = weights.conductance(w);
    const double request = (w % 2 == 0 ? 3.0 : -3.0) * p.nominalStep();
    const double target = std::clamp(before + request, p.gMin(), p.gMax());
    weights.apply(w, request);
    INFO("device " << w << " from " << before << " S by " << request << " S");
    CHECK(std::abs(weights.conductance(w) - target) <= 0.5 * p.stepAt(weights.state(w), request > 0.0) + 1e-18);
  }
  // Requests of a third of the local step (on a device with nothing carried): the second one
  // is worth a pulse.
  const double local = p.stepAt(weights.state(8), true);
  const auto pulses = weights.pulses();
  weights.apply(8, local / 3.0);
  CHECK(weights.pulses() == pulses);
  weights.apply(8, local / 3.0);
  CHECK(weights.pulses() == pulses + 1);
}

TEST_CASE("device weights: the state altered in place equals a re-built deck, and checkpoints restore it") {
  std::mt19937_64 rng(6);
  const circuits::EqPropNetwork network = smallNetwork();
  learning::DeviceWeights weights(mmsSettings(), network.weightCount(), rng, testSession());
  const auto saved = weights.save();
  learning::EqProp solver(testCircuit(), network, weights, {});
  Eigen::VectorXd x(2);
  x << 0.3, 0.9;
  const Eigen::VectorXd first = solver.predict(x);
  for (std::size_t w = 0; w < network.weightCount(); w += 2) {
    weights.apply(w, 20.0 * weights.programmer().nominalStep());
    solver.writeWeight(w);
  }
  const Eigen::VectorXd inPlace = solver.predict(x);
  CHECK((inPlace - first).norm() > 1e-3);                         // the programmed states reach the circuit
  learning::EqProp rebuilt(testCircuit(), network, weights, {});  // loads the deck anew
  CHECK((rebuilt.predict(x) - inPlace).norm() < 1e-9);
  weights.restore(saved);
  learning::EqProp restored(testCircuit(), network, weights, {});
  CHECK((restored.predict(x) - first).norm() < 1e-9);
}
