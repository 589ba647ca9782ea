// Tests for the pulse-level devices: update rules, bounds, non-idealities and the factory.
#include "devices/pulsed/pulsed_device.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace memcosim::devices::pulsed;

TEST_CASE("pulsed: soft-bounds converges to its analytic symmetry point", "[devices]") {
  auto device = makePulsedDevice("soft-bounds", "dw_min=0.001, up_down=0.3, w_min=-1, w_max=0.8, w_init=0.7", 1);
  auto* soft = dynamic_cast<SoftBoundsDevice*>(device.get());
  REQUIRE(soft != nullptr);
  const double alpha_up = 0.0013, alpha_down = 0.0007;
  const double expected = (alpha_up - alpha_down) / (alpha_up / 0.8 - alpha_down / -1.0);
  CHECK(soft->symmetryPoint() == Approx(expected));
  Rng rng(5);
  for (int k = 0; k < 20000; ++k) {
    device->pulse(+1, rng);
    device->pulse(-1, rng);
  }
  // The up-down pair's fixed point differs from w* by O(alpha).
  CHECK(device->weight() == Approx(expected).margin(2 * alpha_up));
}

TEST_CASE("pulsed: constant-step saturates at its bounds", "[devices]") {
  auto device = makePulsedDevice("constant-step", "dw_min=0.1,w_min=-0.5,w_max=0.7", 3);
  Rng rng(1);
  for (int k = 0; k < 50; ++k) device->pulse(+1, rng);
  CHECK(device->weight() == Approx(0.7));
  for (int k = 0; k < 50; ++k) device->pulse(-1, rng);
  CHECK(device->weight() == Approx(-0.5));
  device->pulse(+1, rng);
  CHECK(device->weight() == Approx(-0.4));
  CHECK_THROWS_AS(device->pulse(0, rng), std::invalid_argument);
}

TEST_CASE("pulsed: step models follow their update equations", "[devices]") {
  Rng rng(1);
  auto linear = makePulsedDevice("linear-step", "dw_min=0.01,gamma_up=0.5,gamma_down=0.5,w_init=0.4", 0);
  linear->pulse(+1, rng);
  CHECK(linear->weight() == Approx(0.4 + 0.01 * (1 - 0.5 * 0.4)));
  auto power = makePulsedDevice("pow-step", "dw_min=0.01,gamma_up=2,w_init=0", 0);
  power->pulse(+1, rng);
  CHECK(power->weight() == Approx(0.01 * 0.25));  // ω = 0.5
  auto exponential = makePulsedDevice("exp-step", "dw_min=0.01,w_init=0", 0);
  exponential->pulse(+1, rng);
  const double z = 0.2425;
  CHECK(exponential->weight() == Approx(0.01 * (1 - 0.00081 * std::exp(12.44625 * z))));
}

TEST_CASE("pulsed: stuck devices do not move", "[devices]") {
  Rng rng(2);
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    auto device = makePulsedDevice("soft-bounds", "p_stuck=1,stuck_at_max=1", seed);
    REQUIRE(device->stuck());
    for (int k = 0; k < 100; ++k) device->pulse(-1, rng);
    CHECK(device->weight() == device->maximum());
  }
  auto low = makePulsedDevice("constant-step", "p_stuck=1,stuck_at_max=0", 9);
  low->pulse(+1, rng);
  low->setWeight(0.3);
  CHECK(low->weight() == low->minimum());
}

TEST_CASE("pulsed: finite states give at most N distinct weights", "[devices]") {
  auto device = makePulsedDevice("soft-bounds", "dw_min=0.003,states=8,dw_min_std=0.3", 4);
  Rng rng(3);
  std::set<double> seen;
  for (int k = 0; k < 3000; ++k) {
    device->pulse(k % 700 < 350 ? +1 : -1, rng);
    seen.insert(device->weight());
  }
  CHECK(seen.size() <= 8);
  CHECK(seen.size() >= 4);
}

TEST_CASE("pulsed: same seed gives the same device and trajectory", "[devices]") {
  const std::string parameters = "dw_min_dtod=0.3,w_bound_dtod=0.2,dw_min_std=0.5,read_noise=0.01";
  auto first = makePulsedDevice("soft-bounds", parameters, 42);
  auto second = makePulsedDevice("soft-bounds", parameters, 42);
  auto other = makePulsedDevice("soft-bounds", parameters, 43);
  CHECK(first->stepUp() == second->stepUp());
  CHECK(first->maximum() == second->maximum());
  CHECK(first->stepUp() != other->stepUp());
  Rng a(7), b(7);
  for (int k = 0; k < 200; ++k) {
    first->pulse(k % 3 ? +1 : -1, a);
    second->pulse(k % 3 ? +1 : -1, b);
  }
  CHECK(first->weight() == second->weight());
  CHECK(first->read(a) == second->read(b));
}

TEST_CASE("pulsed: factory rejects unknown names, keys and out-of-range values", "[devices]") {
  CHECK_THROWS_WITH(makePulsedDevice("no-such", "", 0), Catch::Contains("soft-bounds"));
  CHECK_THROWS_WITH(makePulsedDevice("soft-bounds", "dw_mni=0.1", 0), Catch::Contains("'dw_mni'"));
  CHECK_THROWS_WITH(makePulsedDevice("soft-bounds", "up_down=2", 0),
                    Catch::Contains("'up_down'") && Catch::Contains("[-1, 1]"));
  CHECK_THROWS_WITH(makePulsedDevice("soft-bounds", "p_stuck=abc", 0), Catch::Contains("'p_stuck'"));
  CHECK_THROWS_WITH(makePulsedDevice("constant-step", "states=2.5", 0), Catch::Contains("'states'"));
  CHECK_THROWS_WITH(makePulsedDevice("constant-step", "w_min=1,w_max=0", 0), Catch::Contains("w_min < w_max"));
  CHECK_THROWS_WITH(makePulsedDevice("soft-bounds", "w_min=0.1", 0), Catch::Contains("w_min < 0 < w_max"));
  CHECK_THROWS_AS(parseKeyValues("a=1,b"), std::invalid_argument);
  CHECK(pulsedDeviceNames().size() == 6);
}
