// Pulse-level weights: conductances follow their devices, writes go through the policy and are
// counted without energy, and a checkpoint carries on exactly.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "io/random.h"
#include "learning/eqprop.h"
#include "learning/pulsed_weights.h"
#include "test_session.h"

using namespace memcosim;

namespace {

learning::PulsedWeightSettings softBounds() {
  learning::PulsedWeightSettings s;
  s.device = "soft-bounds";
  s.parameters = {{"dw_min", "0.01"}, {"dw_min_dtod", "0.2"}, {"dw_min_std", "0.2"}};
  s.gMax_siemens = 1e-5;
  s.ratio = 10.0;
  return s;
}

/// G of weight w from its device's weight, by the map of programmable_device.h.
double mapped(const learning::PulsedWeights& weights, std::size_t w) {
  const auto& device = weights.device(w);
  return weights.gMin() + (device.weight() - device.nominalMinimum()) /
                              (device.nominalMaximum() - device.nominalMinimum()) * (weights.gMax() - weights.gMin());
}

}  // namespace

TEST_CASE("pulsed weights: the conductances are their devices' weights mapped onto the window", "[learning]") {
  std::mt19937_64 rng(3);
  learning::PulsedWeights weights(softBounds(), 40, rng);
  CHECK(weights.gMax() == 1e-5);
  CHECK(weights.gMin() == Approx(1e-6).epsilon(1e-12));
  CHECK(weights.linearRead());
  const auto values = weights.values();
  REQUIRE(values.conductances.size() == 40);
  CHECK_FALSE(values.device);
  double lowest = 1.0, highest = 0.0;
  for (std::size_t w = 0; w < weights.size(); ++w) {
    CHECK(weights.conductance(w) == Approx(mapped(weights, w)).epsilon(1e-12));
    CHECK(values.conductances[w] == weights.conductance(w));
    lowest = std::min(lowest, weights.conductance(w));
    highest = std::max(highest, weights.conductance(w));
  }
  // Initial weights spread over the window; devices differ (device-to-device step spread).
  CHECK(lowest < 0.3e-5);
  CHECK(highest > 0.7e-5);
  CHECK(weights.device(0).stepUp() != weights.device(1).stepUp());
  for (std::size_t w = 0; w < 10; ++w) {
    weights.apply(w, (w % 2 == 0 ? 1.0 : -1.0) * 2e-7);
    CHECK(weights.conductance(w) == Approx(mapped(weights, w)).epsilon(1e-12));
  }
}

TEST_CASE("pulsed weights: a write goes through the policy and is counted, without energy or time", "[learning]") {
  std::mt19937_64 rng(5);
  auto settings = softBounds();
  settings.device = "constant-step";
  settings.parameters = {{"dw_min", "0.01"}};
  settings.write = programming::WritePolicy::OpenLoop;
  learning::PulsedWeights weights(settings, 4, rng);
  const double step = 0.01 / 2.0 * (weights.gMax() - weights.gMin());  // ΔG of one nominal pulse
  const double before = weights.conductance(0);
  weights.apply(0, 5.0 * step);
  CHECK(weights.pulses() == 5);
  CHECK(weights.conductance(0) - before == Approx(std::min(5.0 * step, weights.gMax() - before)).epsilon(1e-9));
  const auto totals = weights.writeTotals();
  REQUIRE(totals);
  CHECK(totals->pulses == 5);
  CHECK(totals->writes == 1);
  CHECK_FALSE(totals->energy_joule);
  CHECK_FALSE(totals->time_seconds);
  const auto accounts = weights.writeAccounts();
  REQUIRE(accounts.size() == 4);
  CHECK(accounts[0].pulses == 5);
  CHECK(accounts[1].pulses == 0);
  // Requests below half a step accumulate until they are worth a pulse.
  for (int k = 0; k < 4; ++k) weights.apply(2, 0.3 * step);
  CHECK(weights.writeAccounts()[2].pulses == 1);
  CHECK(weights.writer().policy() == programming::WritePolicy::OpenLoop);
}

TEST_CASE("pulsed weights: the step table writes the requested change on a soft-bounds device", "[learning]") {
  std::mt19937_64 rng(7);
  auto settings = softBounds();
  settings.parameters = {{"dw_min", "0.01"}};  // no variation: the table is exact
  learning::PulsedWeights weights(settings, 8, rng);
  for (std::size_t w = 0; w < 8; ++w) {
    const double before = weights.conductance(w);
    const double request = (w % 2 == 0 ? 4e-7 : -4e-7);
    if (before + request > weights.gMax() - 1e-6 || before + request < weights.gMin() + 1e-6) continue;
    weights.apply(w, request);
    // One soft-bounds step is at most 2 dw_min of the span 2: 1 % of the window.
    INFO("device " << w << " from " << before << " S by " << request << " S");
    CHECK(std::abs(weights.conductance(w) - (before + request)) <= 0.5 * 0.01 * (weights.gMax() - weights.gMin()));
  }
  CHECK(weights.pulses() > 0);
}

TEST_CASE("pulsed weights: a bank restored from its checkpoint carries on exactly", "[learning]") {
  const auto requests = [](learning::PulsedWeights& weights, int from, int to) {
    for (int k = from; k < to; ++k)
      weights.apply(static_cast<std::size_t>(k) % weights.size(), 1.3e-7 * std::sin(0.7 * k));
  };
  std::mt19937_64 rngA(11), rngB(11);
  learning::PulsedWeights whole(softBounds(), 12, rngA);
  learning::PulsedWeights resumed(softBounds(), 12, rngB);
  requests(whole, 0, 50);
  const auto checkpoint = whole.save();
  CHECK(checkpoint.at("hidden_weights").size() == 12);
  CHECK(checkpoint.at("accounts").at("energy_joule").is_null());
  resumed.restore(nlohmann::json::parse(checkpoint.dump()));  // through text, as a checkpoint file
  CHECK(resumed.save() == checkpoint);
  requests(whole, 50, 120);
  requests(resumed, 50, 120);
  CHECK(resumed.save() == whole.save());
  CHECK(resumed.conductances() == whole.conductances());

  auto damaged = checkpoint;
  damaged["hidden_weights"][3] = 7.0;
  CHECK_THROWS_WITH(resumed.restore(damaged), Catch::Contains("hidden_weights[3] = 7"));
  damaged = checkpoint;
  damaged["device"] = "constant-step";
  CHECK_THROWS_WITH(resumed.restore(damaged), Catch::Contains("constant-step"));
  CHECK(resumed.save() == whole.save());  // a refused checkpoint changes nothing
}

TEST_CASE("pulsed weights: the circuit reads the written conductances in place", "[learning]") {
  std::mt19937_64 rng(6);
  const circuits::EqPropNetwork network = smallNetwork();
  learning::PulsedWeights weights(softBounds(), network.weightCount(), rng);
  learning::EqProp solver(testCircuit(), network, weights, {});
  Eigen::VectorXd x(2);
  x << 0.3, 0.9;
  const Eigen::VectorXd first = solver.predict(x);
  for (std::size_t w = 0; w < network.weightCount(); w += 2) {
    weights.apply(w, 3e-6);
    solver.writeWeight(w);
  }
  const Eigen::VectorXd inPlace = solver.predict(x);
  CHECK((inPlace - first).norm() > 1e-3);
  learning::EqProp rebuilt(testCircuit(), network, weights, {});  // loads the deck anew
  CHECK((rebuilt.predict(x) - inPlace).norm() < 1e-9);
}

TEST_CASE("pulsed weights: w_init and a bound spread below zero conductance are refused", "[learning]") {
  std::mt19937_64 rng(1);
  auto settings = softBounds();
  settings.parameters["w_init"] = "0.2";
  CHECK_THROWS_WITH(learning::PulsedWeights(settings, 3, rng), Catch::Contains("w_init"));
  settings = softBounds();
  settings.ratio = 1000.0;
  settings.parameters["w_bound_dtod"] = "0.5";
  CHECK_THROWS_WITH(learning::PulsedWeights(settings, 50, rng), Catch::Contains("w_bound_dtod"));
}

TEST_CASE("pulsed weights: updates of random sign drift soft-bounds devices to their symmetry point", "[learning]") {
  auto settings = softBounds();
  settings.parameters["up_down"] = "0.5";  // w* = 0.5 on [−1, 1]
  settings.write = programming::WritePolicy::OpenLoop;
  std::mt19937_64 rng(9);
  learning::PulsedWeights weights(settings, 200, rng);
  const auto start = weights.symmetryDrift();
  REQUIRE(start);
  CHECK(start->initial == start->now);
  CHECK(start->initial == Approx(0.3).margin(0.05));  // uniform weights: E|w − 0.5|/2 = 0.3125
  std::mt19937_64 signs(4);
  for (int step = 0; step < 400; ++step)
    for (std::size_t w = 0; w < weights.size(); ++w)
      weights.apply(w, (io::uniform01(signs) < 0.5 ? 1.0 : -1.0) * 2.0 * settings.gMax_siemens / 200.0);
  const auto end = weights.symmetryDrift();
  INFO("distance from w*: " << end->initial << " → " << end->now);
  CHECK(end->initial == start->initial);
  CHECK(end->now < 0.5 * end->initial);
  // Devices without a symmetry point report none.
  auto constant = softBounds();
  constant.device = "constant-step";
  constant.parameters.erase("up_down");
  learning::PulsedWeights plain(constant, 10, rng);
  CHECK_FALSE(plain.symmetryDrift());
}
