// Tests of the Yakopcic model (src/devices/models/yakopcic.cpp).
#include <catch2/catch.hpp>

#include <cmath>

#include "model_checks.h"

namespace memcosim::devices {
namespace {

const ModelDefinition& model() { return ModelRegistry::instance().find("yakopcic"); }

// Stimulus: 0.25 V, 100 Hz sine: above V_p = 0.16 V for about a third of each half period,
// where g ≈ 4000 (e^{0.25} − e^{0.16}) ≈ 440 /s moves x by a few tenths per cycle.
const testing::SineStimulus kStimulus{0.25, 100.0};

// The paper's equations written out independently.
double current(double v, double x) { return (v >= 0 ? 0.17 : 0.17) * x * std::sinh(0.05 * v); }
double rate(double v, double x) {
  const double g = v > 0.16    ? 4000 * (std::exp(v) - std::exp(0.16))
                   : v < -0.15 ? -4000 * (std::exp(-v) - std::exp(0.15))
                               : 0.0;
  double f = 1.0;
  if (v > 0 && x >= 0.3) f = std::exp(-1.0 * (x - 0.3)) * ((0.3 - x) / (1 - 0.3) + 1);
  if (v <= 0 && x <= 1 - 0.5) f = std::exp(5.0 * (x + 0.5 - 1)) * x / (1 - 0.5);
  return g * f;
}

}  // namespace

TEST_CASE("yakopcic: equations at reference points", "[devices]") {
  NativeDevice device{ParameterSet(model())};
  for (const double v : {-0.4, -0.1, 0.0, 0.1, 0.2, 0.5}) {
    for (const double x : {0.05, 0.3, 0.45, 0.6, 0.95}) {
      INFO("v = " << v << ", x = " << x);
      CHECK(device.current(v, x) == Approx(current(v, x)).margin(1e-300));
      CHECK(device.stateRate(v, x) == Approx(rate(v, x)).margin(1e-300));
    }
  }
}

TEST_CASE("yakopcic: pinched I-V loop, state within bounds", "[devices]") {
  testing::checkPinchedAndBounded(ParameterSet(model()), kStimulus);
}

TEST_CASE("yakopcic: lobe area shrinks with frequency", "[devices]") {
  testing::checkLobeAreaShrinks(ParameterSet(model()), kStimulus);
}

TEST_CASE("yakopcic: ngspice and native integration agree", "[devices]") {
  CHECK(testing::ngspiceNativeDifference(ParameterSet(model()), kStimulus) <= 0.01);
}

TEST_CASE("yakopcic: Verilog-A parses", "[devices]") { testing::checkVerilogAParses(model()); }

}  // namespace memcosim::devices

namespace memcosim::devices {

// An independent reference (docs/design.md, "Device models"): the subcircuit published with the 2013 paper
// (state capacitor plus behavioural sources, written by hand from the paper, not generated from
// the model definition), run in plain ngspice on the same stimulus as the native integrator.
TEST_CASE("yakopcic: agrees with the paper's published subcircuit run in ngspice", "[devices]") {
  const std::vector<std::string> deck = {
      "yakopcic published subcircuit",
      ".subckt yakopcic_paper te be",
      ".param a1=0.17 a2=0.17 b=0.05 vp=0.16 vn=0.15 ap=4000 an=4000 xp=0.3 xn=0.5",
      ".param alphap=1 alphan=5 xo=0.11 eta=1",
      ".func wp(s) = (xp-s)/(1-xp) + 1",
      ".func wn(s) = s/(1-xn)",
      ".func gthr(u) = (u > vp) ? ap*(exp(u)-exp(vp)) : ((u < -vn) ? -an*(exp(-u)-exp(vn)) : 0)",
      ".func fmot(u,s) = (eta*u > 0) ? ((s >= xp) ? exp(-alphap*(s-xp))*wp(s) : 1) : "
      "((s <= 1-xn) ? exp(alphan*(s+xn-1))*wn(s) : 1)",
      ".func ivrel(u,s) = (u >= 0) ? a1*s*sinh(b*u) : a2*s*sinh(b*u)",
      "cx xsv 0 1 ic=0.11",
      "bx 0 xsv i=eta*fmot(v(te,be),v(xsv))*gthr(v(te,be))",
      "bm te be i=ivrel(v(te,be),v(xsv))",
      ".ends yakopcic_paper",
      "v1 in 0 dc 0 sin(0 0.25 100)",
      "x1 in 0 yakopcic_paper",
      ".options reltol=1e-5",
      ".end",
  };
  std::vector<spice::SourceLine> lines;
  for (std::size_t k = 0; k < deck.size(); ++k) lines.push_back({deck[k], "paper deck:" + std::to_string(k + 1)});

  const testing::SineStimulus stimulus{0.25, 100.0};
  const std::vector<double> times = stimulus.sampleTimes();
  const double spacing = times[1] - times[0];
  std::vector<double> paperCurrent;
  {
    spice::Session session;
    session.load(lines);
    const spice::Plot plot = session.transient(spacing, times.back(), 0.0, spacing, true);
    const auto& t = plot.vector("time").real;
    const auto& i = plot.vector("i(v1)").real;
    std::size_t k = 0;
    for (const double at : times) {  // linear interpolation onto the sample times
      while (k + 2 < t.size() && t[k + 1] < at) ++k;
      const double w = t[k + 1] > t[k] ? std::clamp((at - t[k]) / (t[k + 1] - t[k]), 0.0, 1.0) : 0.0;
      paperCurrent.push_back(-(i[k] + w * (i[k + 1] - i[k])));
    }
  }
  const Trace native = testing::simulateSine(ParameterSet(model()), stimulus);
  const double difference = testing::normalisedRmsDifference(paperCurrent, native.current);
  WARN("yakopcic: published subcircuit vs native current nRMS = " << difference);
  CHECK(difference <= 0.01);
}

TEST_CASE("yakopcic: aggressive corner, 1e4x switching rates and alpha_n = 20, both engines agree", "[devices]") {
  ParameterSet parameters(model());
  parameters.set("ap", 4e7);
  parameters.set("an", 4e7);
  parameters.set("alphan", 20.0);
  testing::checkCornerAgrees(parameters, {0.25, 100.0, 3}, 0.11);
}

TEST_CASE("yakopcic: an initial state outside [0, 1] is refused", "[devices]") {
  testing::checkInitialStateRefused(ParameterSet(model()), 1.01, "1.01");
}

}  // namespace memcosim::devices
