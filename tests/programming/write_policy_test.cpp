// Tests of programming/write_policy, programmable_device and physical_device: policies on both
// device kinds, residuals, and the accounting of pulses, writes, energy and time.
#include "programming/write_policy.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "devices/pulsed/pulsed_device.h"
#include "programming/physical_device.h"
#include "programming/programmable_device.h"

using namespace memcosim;
using programming::DeviceProgrammer;
using programming::PhysicalDevice;
using programming::Polarity;
using programming::PulsedProgrammable;
using programming::WritePolicy;

namespace {

/// Linear ion drift at r_on = 10 kOhm, ratio 10: R(x) = r_on x + r_off (1 − x), I = V / R(x).
const DeviceProgrammer& linearProgrammer() {
  static const DeviceProgrammer programmer = [] {
    const auto device = programming::fitWindow("linear-ion-drift", 1e4, 10);
    return DeviceProgrammer(device, programming::defaultPulseScheme(device));
  }();
  return programmer;
}

/// A constant-step device on [−1, 1] with 0.01 steps, mapped onto [1e-7, 1e-5] S.
PulsedProgrammable constantStep(const std::string& keys = "") {
  return PulsedProgrammable(devices::pulsed::makePulsedDevice("constant-step", "dw_min=0.01" + keys, 1), 1e-7, 1e-5);
}

}  // namespace

TEST_CASE("programming: one pulse costs V·I(V, x)·width at the state before it", "[programming]") {
  const DeviceProgrammer& p = linearProgrammer();
  const double x = 0.3;
  const double r = 1e4 * x + 1e5 * (1.0 - x);  // the fitted window: ron = 10 kOhm, roff = 100 kOhm
  std::mt19937_64 rng(1);
  PhysicalDevice device(p, x, 1.0);
  const auto set = device.applyPulses(Polarity::Set, 1, rng);
  const double v = p.scheme().setAmplitude_volt, width = p.scheme().setWidth_seconds;
  REQUIRE(set.energy_joule.has_value());
  CHECK(*set.energy_joule == Approx(v * v / r * width).epsilon(1e-12));
  CHECK(*set.time_seconds == width);
  CHECK(device.state() > x);
  const auto reset = device.applyPulses(Polarity::Reset, 3, rng);
  CHECK(*reset.energy_joule > 0.0);  // V and I share their sign
  CHECK(*reset.time_seconds == Approx(3 * p.scheme().resetWidth_seconds));
}

TEST_CASE("programming: a writer accounts every pulse per device and in total", "[programming]") {
  const DeviceProgrammer& p = linearProgrammer();
  std::mt19937_64 rng(2);
  std::vector<PhysicalDevice> devices;
  for (const double share : {0.2, 0.5, 0.8})
    devices.emplace_back(p, p.stateForConductance(p.gMin() + share * (p.gMax() - p.gMin())), 1.0);
  programming::Writer writer(devices.size(), WritePolicy::OpenLoop, true, true);  // counts n = ΔG / ΔG_nom
  CHECK(*writer.totals().energy_joule == 0.0);                                    // defined, and nothing spent yet
  const double step = p.nominalStep();
  writer.write(0, devices[0], 3 * step, rng);
  writer.write(0, devices[0], -2 * step, rng);
  writer.write(1, devices[1], 0.0, rng);  // no pulse: not a write
  writer.write(2, devices[2], -5 * step, rng);
  const auto totals = writer.totals();
  std::int64_t pulses = 0, writes = 0;
  double energy = 0.0, time = 0.0;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    pulses += writer.account(i).pulses;
    writes += writer.account(i).writes;
    energy += *writer.account(i).energy_joule;
    time += *writer.account(i).time_seconds;
  }
  CHECK(writer.account(0).writes == 2);
  CHECK(writer.account(1).writes == 0);
  CHECK(writer.account(1).pulses == 0);
  CHECK(writer.account(2).writes == 1);
  CHECK(totals.pulses == pulses);
  CHECK(totals.pulses == 3 + 2 + 5);
  CHECK(totals.writes == writes);
  CHECK(*totals.energy_joule == Approx(energy));
  CHECK(*totals.energy_joule > 0.0);
  CHECK(*totals.time_seconds == Approx(time));
  // A checkpoint carries the accounts.
  programming::Writer restored(devices.size(), WritePolicy::OpenLoop, true, true);
  restored.restore(writer.save(), 10 * step);
  CHECK(restored.totals().pulses == totals.pulses);
  CHECK(*restored.account(2).energy_joule == *writer.account(2).energy_joule);
}

TEST_CASE("programming: a pulse-level device maps its weight onto [G_min, G_max] and has no energy", "[programming]") {
  PulsedProgrammable device = constantStep();
  CHECK(device.conductance() == Approx(0.5 * (1e-7 + 1e-5)));  // w_init = 0
  CHECK(device.nominalStep() == Approx(0.01 / 2.0 * (1e-5 - 1e-7)));
  CHECK(device.maxPulses() >= 400);  // 2 ⌈(w_max − w_min)/dw_min⌉, up to rounding of 2/0.01
  CHECK(device.maxPulses() <= 402);
  std::mt19937_64 rng(3);
  const double before = device.conductance();
  const auto result = programming::write(device, WritePolicy::OpenLoop, 7 * device.nominalStep(), rng);
  CHECK(result.record.pulses == 7);
  CHECK_FALSE(result.record.energy_joule.has_value());
  CHECK_FALSE(result.record.time_seconds.has_value());
  CHECK(device.conductance() - before == Approx(7 * device.nominalStep()));
  // Step table and verify agree with the device's steps; a writer of such devices reports null energy.
  programming::Writer writer(1, WritePolicy::Verify, true, false);
  writer.write(0, device, -4 * device.nominalStep(), rng);
  CHECK(device.conductance() == Approx(before + 3 * device.nominalStep()));
  CHECK(writer.totals().pulses == 4);
  CHECK_FALSE(writer.totals().energy_joule.has_value());
  CHECK_FALSE(writer.totals().time_seconds.has_value());
}

TEST_CASE("programming: one variation for both kinds: stuck-at, finite states, read noise", "[programming]") {
  std::mt19937_64 rng(4);
  // Pulse-level: stuck high ignores pulses; finite states round the visible weight.
  PulsedProgrammable stuck = constantStep(",p_stuck=1,stuck_at_max=1");
  programming::write(stuck, WritePolicy::OpenLoop, -10 * stuck.nominalStep(), rng);
  CHECK(stuck.conductance() == Approx(1e-5));
  PulsedProgrammable coarse = constantStep(",states=3");
  CHECK(coarse.conductance() == Approx(0.5 * (1e-7 + 1e-5)));
  programming::write(coarse, WritePolicy::OpenLoop, 10 * coarse.nominalStep(), rng);  // w = 0.1: still the middle level
  CHECK(coarse.conductance() == Approx(0.5 * (1e-7 + 1e-5)));

  // Physical: the same fields.
  DeviceProgrammer p = linearProgrammer();
  p.setVariation({.stuckProbability = 1.0, .stuckAtMax = 1.0});
  PhysicalDevice high(p, p.xOff(), rng);
  CHECK(high.stuck());
  CHECK(high.conductance() == Approx(p.gMax()));
  const auto pulses = high.applyPulses(Polarity::Reset, 5, rng);
  CHECK(pulses.pulses == 5);
  CHECK(*pulses.energy_joule > 0.0);  // a stuck device still takes the pulses' energy
  CHECK(high.conductance() == Approx(p.gMax()));

  p.setVariation({.states = 5});
  PhysicalDevice levels(p, p.stateForConductance(p.gMin() + 0.3 * (p.gMax() - p.gMin())), rng);
  CHECK(levels.conductance() == Approx(p.gMin() + 0.25 * (p.gMax() - p.gMin())));
  CHECK(p.conductance(levels.visibleState()) == Approx(levels.conductance()));

  p.setVariation({.readNoise = 0.01});
  PhysicalDevice noisy(p, p.stateForConductance(0.5 * (p.gMin() + p.gMax())), rng);
  double sum = 0.0, squares = 0.0;
  for (int k = 0; k < 2000; ++k) {
    const double deviation = (noisy.read(rng) - noisy.conductance()) / (p.gMax() - p.gMin());
    sum += deviation;
    squares += deviation * deviation;
  }
  CHECK(sum / 2000 == Approx(0.0).margin(0.002));
  CHECK(std::sqrt(squares / 2000) == Approx(0.01).epsilon(0.1));

  CHECK_THROWS_WITH(p.setVariation({.boundDeviceToDevice = 0.1}), Catch::Contains("pulse-level"));
  CHECK_THROWS_WITH(p.setVariation({.states = 1}), Catch::Contains("states"));
}
