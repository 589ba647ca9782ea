// Tests of devices/models/stanford_pku: rate and current against the published formulas, I-V loop,
// ngspice vs native agreement, Verilog-A.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "devices/model.h"
#include "model_checks.h"

namespace {

using memcosim::devices::Expr;
using memcosim::devices::ModelDefinition;
using memcosim::devices::ModelRegistry;
using memcosim::devices::ParameterSet;
using memcosim::devices::testing::evaluateModelExpr;
using memcosim::devices::testing::ngspiceNativeDifference;

const ModelDefinition& stanfordModel() { return ModelRegistry::instance().find("stanford-pku"); }

// ---- an independent transcription of the Stanford-PKU equations (Jiang et al. 2016) ----
struct StanfordReference {
  double i0 = 1e-3, g0 = 0.25e-9, v0 = 0.25, nu0 = 10, ea = 0.6, a0 = 0.25e-9, tox = 12e-9;
  double gamma0 = 16, gamma0neg = 16, beta = 0.8, t0 = 298, rth = 2.1e3, fmin = 1.4e9;
  static constexpr double kBoltzmann = 1.380649e-23, kCharge = 1.602176634e-19;  // SI exact

  [[nodiscard]] double current(double v, double g) const { return i0 * std::exp(-g / g0) * std::sinh(v / v0); }
  [[nodiscard]] double rate(double v, double g) const {
    const double temperature = t0 + std::abs(v * current(v, g)) * rth;
    const double kT = kBoltzmann * temperature;  // J
    double gamma = (v < 0 ? gamma0neg : gamma0) - beta * std::pow(g / 1e-9, 3);
    gamma *= 0.5 * (1 + std::tanh((gamma * std::abs(v) / tox - fmin) / (3e-3 * fmin)));  // smoothed threshold
    return -nu0 * std::exp(-ea * kCharge / kT) * std::sinh(gamma * a0 * kCharge * v / (tox * kT));
  }
};

// ---- a faithful translation of the published Verilog-A, Stanford RRAM model v1.0.0 ----
// (Z. Jiang, H.-S. P. Wong, doi:10.4231/D37H1DN48, module rram_v_1_0_0, standard model
// model_switch = 0), with its constants and defaults:
//   T_cur = T_ini + |Vtb Itb Rth|
//   gamma_ini = gamma0, or 16 if Vtb < 0;  gamma = gamma_ini − beta (gap/1e-9)^3
//   gamma = 0 if gamma |Vtb| / tox < F_min
//   gap_ddt = −Vel0 exp(−q Ea/(kb T_cur)) sinh(gamma a0/tox q Vtb/(kb T_cur))
//   gap = idt(gap_ddt, gap_ini), then clamped to [gap_min, gap_max] for use (the integral
//   itself is not: it winds up past a bound)
//   Itb = I0 exp(−gap/g0) sinh(Vtb/V0)
// integrated here by classical Runge–Kutta on a fixed fine grid.
struct PublishedStanfordRram {
  static constexpr double kb = 1.3806503e-23, q = 1.602176462e-19;  // `P_K, `P_Q (constants.vams)
  double g0 = 0.25e-9, V0 = 0.25, Vel0 = 10, I0 = 1000e-6, beta = 0.8, gamma0 = 16, Ea = 0.6, a0 = 0.25e-9;
  double T_ini = 273 + 25, F_min = 1.4e9, gap_min = 2e-10, gap_max = 17e-10, Rth = 2.1e3, tox = 12e-9;

  [[nodiscard]] double clamped(double gap) const { return std::min(std::max(gap, gap_min), gap_max); }
  [[nodiscard]] double current(double Vtb, double gap) const {
    return I0 * std::exp(-clamped(gap) / g0) * std::sinh(Vtb / V0);
  }
  [[nodiscard]] double gapRate(double Vtb, double integral) const {
    const double gap = clamped(integral);
    const double T_cur = T_ini + std::abs(Vtb * current(Vtb, gap) * Rth);
    const double gamma_ini = Vtb < 0 ? 16.0 : gamma0;
    double gamma = gamma_ini - beta * std::pow(gap / 1e-9, 3);
    if (gamma * std::abs(Vtb) / tox < F_min) gamma = 0;
    return -Vel0 * std::exp(-q * Ea / kb / T_cur) * std::sinh(gamma * a0 / tox * q * Vtb / kb / T_cur);
  }
  struct Run {
    std::vector<double> current, gap, integral;
  };
  /// Sine amplitude·sin(2π f t) sampled at `times`, from gap_ini; `substeps` RK4 steps per sample.
  [[nodiscard]] Run sine(double amplitude, double frequency, const std::vector<double>& times, double gap_ini,
                         int substeps = 50) const {
    const auto source = [&](double t) { return amplitude * std::sin(2 * 3.14159265358979323846 * frequency * t); };
    const auto rate = [&](double t, double integral) { return gapRate(source(t), integral); };
    Run run;
    double integral = gap_ini;
    for (std::size_t k = 0; k < times.size(); ++k) {
      if (k > 0) {
        const double h = (times[k] - times[k - 1]) / substeps;
        for (int n = 0; n < substeps; ++n) {
          const double t = times[k - 1] + n * h;
          const double k1 = rate(t, integral), k2 = rate(t + h / 2, integral + h / 2 * k1);
          const double k3 = rate(t + h / 2, integral + h / 2 * k2), k4 = rate(t + h, integral + h * k3);
          integral += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
      }
      run.current.push_back(current(source(times[k]), integral));
      run.gap.push_back(clamped(integral));
      run.integral.push_back(integral);
    }
    return run;
  }
};

// Stimulus: 1.5 V sine from the high-resistance state (gap 1.7 nm). Set is a thermal runaway
// (a closing gap raises the current, the temperature and the rate): up to ~300 kHz the gap
// closes fully to gmin and reopens each cycle; at 1 MHz it closes only to ~1.54 nm, at 10 MHz
// to ~1.69 nm. The lobe area falls over 1, 10, 100 MHz. ngspice needs reltol = 1e-7 for the
// full-switching runaway at 100 kHz (1e-6 gives 1.3 %: with the field threshold the runaway's
// onset is sensitive to the state).
const memcosim::devices::testing::SineStimulus kStimulus{1.5, 1e6};

constexpr double kGapMin_m = 0.1e-9, kGapMax_m = 1.7e-9;

}  // namespace

TEST_CASE("stanford-pku: definition has the gap in metres within [gmin, gmax]", "[devices]") {
  const auto& model = stanfordModel();
  CHECK(model.state.unit == "m");
  CHECK(model.state.minimum == kGapMin_m);
  CHECK(model.state.maximum == kGapMax_m);
  for (const char* name : {"i0", "g0", "v0", "nu0", "ea", "a0", "tox", "gamma0", "gamma0neg", "fmin", "beta", "t0",
                           "rth", "gmin", "gmax"}) {
    INFO(name);
    CHECK_NOTHROW(ParameterSet(model).get(name));
  }
}

TEST_CASE("stanford-pku: current and gap rate match the published formulas", "[devices]") {
  const auto& model = stanfordModel();
  const StanfordReference reference;
  for (double g : {0.2e-9, 0.8e-9, 1.5e-9}) {
    for (double v : {1.5, 1.0, 0.3, -0.3, -1.0, -1.5}) {
      INFO("g = " << g << ", v = " << v);
      CHECK(evaluateModelExpr(model.current, model, {}, v, g) == Approx(reference.current(v, g)));
      CHECK(evaluateModelExpr(model.stateRate, model, {}, v, g) == Approx(reference.rate(v, g)).epsilon(1e-9));
    }
  }
  CHECK(reference.rate(1.5, 1e-9) < 0);   // positive voltage closes the gap (set)
  CHECK(reference.rate(-1.5, 1e-9) > 0);  // negative voltage opens it (reset)
  // resistance is the v -> 0 limit of v/i
  const double g = 0.8e-9;
  CHECK(evaluateModelExpr(model.resistance, model, {}, 0.0, g) ==
        Approx(1e-6 / reference.current(1e-6, g)).epsilon(1e-6));
}

TEST_CASE("stanford-pku: the rate is held at gmin and gmax", "[devices]") {
  const auto& model = stanfordModel();
  const Expr held = memcosim::devices::heldStateRate(model);
  CHECK(evaluateModelExpr(held, model, {}, 1.5, kGapMin_m) == 0.0);
  CHECK(evaluateModelExpr(held, model, {}, -1.5, kGapMax_m) == 0.0);
  CHECK(evaluateModelExpr(held, model, {}, -1.5, kGapMin_m) > 0.0);
  CHECK(evaluateModelExpr(held, model, {}, 1.5, kGapMax_m) < 0.0);
  // Moved bounds move the hold.
  const std::map<std::string, double> moved = {{"gmin", 0.5e-9}, {"gmax", 2.5e-9}};
  CHECK(evaluateModelExpr(held, model, moved, -1.5, kGapMax_m) > 0.0);
  CHECK(evaluateModelExpr(held, model, moved, -1.5, 2.5e-9) == 0.0);
  CHECK(evaluateModelExpr(held, model, moved, 1.5, 0.5e-9) == 0.0);
}

TEST_CASE("stanford-pku: sine I-V loop is pinched, bounded and shrinks with frequency", "[devices]") {
  const ParameterSet parameters(stanfordModel());
  memcosim::devices::testing::checkPinchedAndBounded(parameters, kStimulus);
  memcosim::devices::testing::checkLobeAreaShrinks(parameters, kStimulus);
}

TEST_CASE("stanford-pku: ngspice and the native integrator agree on a sine", "[devices]") {
  const ParameterSet parameters(stanfordModel());
  CHECK(ngspiceNativeDifference(parameters, kStimulus.atFrequency(1e5), 0.0, 1e-7) <= 0.01);  // full switching
  CHECK(ngspiceNativeDifference(parameters, kStimulus.atFrequency(1e6), 0.0, 1e-5) <= 0.01);  // partial switching
}

TEST_CASE("stanford-pku: Verilog-A parses with admsXml", "[devices]") {
  memcosim::devices::testing::checkVerilogAParses(stanfordModel());
}

TEST_CASE("stanford-pku: aggressive corner, 2 V at 1 kHz (abrupt set and reset), both engines agree", "[devices]") {
  const ParameterSet parameters(stanfordModel());
  memcosim::devices::testing::checkCornerAgrees(parameters, {2.0, 1e3, 3}, 1.7e-9);
}

TEST_CASE("stanford-pku: moving gmax and gmin moves the loop in both engines", "[devices]") {
  // Formerly gmax = 2.5 nm started and stayed at 1.7 nm, and gmin = 0.2 nm let ngspice's gap
  // overshoot below it.
  // fmin = 0: with the field threshold a reset stops where gamma(g)|v|/tox = F_min, below
  // 2.5 nm for any |v| < 4.8 V; this test is about the bound.
  ParameterSet parameters(stanfordModel());
  parameters.set("fmin", 0.0);
  parameters.set("gmax", 2.5e-9);
  CHECK(parameters.initialState() == 2.5e-9);  // the default initial state follows gmax
  // A slow, strong sine: the reset drives the gap up to gmax (at 2.5 nm γ is only 3.5).
  const memcosim::devices::testing::SineStimulus slow{1.8, 100.0, 2};
  memcosim::devices::testing::checkStateReaches(parameters, slow, 1.7e-9, 2.5e-9);
  parameters.set("gmin", 0.2e-9);
  memcosim::devices::testing::checkStateReaches(parameters, slow, 1.7e-9, 0.2e-9);
}

TEST_CASE("stanford-pku: gmin >= gmax and a gap outside [gmin, gmax] are refused", "[devices]") {
  ParameterSet empty(stanfordModel());
  empty.set("gmin", 2e-9);
  memcosim::devices::testing::checkInconsistentRefused(empty, "gmin = 2e-9");
  memcosim::devices::testing::checkInitialStateRefused(ParameterSet(stanfordModel()), 2e-9, "2e-9");
}

TEST_CASE("stanford-pku: follows the published Verilog-A v1.0.0 while the gap stays inside its bounds", "[devices]") {
  // From the high-resistance state (1.7 nm): at 1.5 V, 1 MHz the set closes the gap to about
  // 1.57 nm, at 1.7 V, 10 MHz to about 1.61 nm; neither reaches gap_min, where the two clamps
  // differ.
  ParameterSet parameters(stanfordModel());
  parameters.set("gmin", 0.2e-9);  // the published gap_min
  const PublishedStanfordRram published;
  for (const auto& stimulus :
       {memcosim::devices::testing::SineStimulus{1.5, 1e6, 2}, memcosim::devices::testing::SineStimulus{1.7, 1e7, 2}}) {
    const auto times = stimulus.sampleTimes();
    const auto reference = published.sine(stimulus.amplitude_V, stimulus.frequency_Hz, times, 1.7e-9);
    const auto [lowest, highest] = std::minmax_element(reference.integral.begin(), reference.integral.end());
    REQUIRE(*lowest > published.gap_min);  // inside the bounds: no wind-up
    CHECK(*lowest < 1.65e-9);              // and switching
    const auto runs = memcosim::devices::testing::runBothEngines(parameters, stimulus, 1.7e-9, 0.0, 1e-6);
    const double native = memcosim::devices::testing::normalisedRmsDifference(runs.native.current, reference.current);
    const double ngspice = memcosim::devices::testing::normalisedRmsDifference(runs.ngspice.current, reference.current);
    WARN("stanford-pku vs published v1.0.0 at " << stimulus.amplitude_V << " V, " << stimulus.frequency_Hz
                                                << " Hz: native nRMS " << native << ", ngspice nRMS " << ngspice);
    CHECK(native <= 0.01);
    CHECK(ngspice <= 0.01);
  }
  // At 1.5 V, 1 MHz the threshold matters: without it the current is more than 3% off.
  ParameterSet withoutThreshold = parameters;
  withoutThreshold.set("fmin", 0.0);
  const memcosim::devices::testing::SineStimulus first{1.5, 1e6, 2};
  const auto reference = published.sine(1.5, 1e6, first.sampleTimes(), 1.7e-9);
  const auto unthresholded = memcosim::devices::testing::runBothEngines(withoutThreshold, first, 1.7e-9);
  CHECK(memcosim::devices::testing::normalisedRmsDifference(unthresholded.native.current, reference.current) > 0.03);
}

TEST_CASE("stanford-pku: gamma0 sets the v >= 0 branch only; gamma0neg the v < 0 branch", "[devices]") {
  const auto& model = stanfordModel();
  const double g = 1.0e-9;
  const double up = evaluateModelExpr(model.stateRate, model, {}, 1.5, g);
  const double down = evaluateModelExpr(model.stateRate, model, {}, -1.5, g);
  CHECK(evaluateModelExpr(model.stateRate, model, {{"gamma0", 15.0}}, -1.5, g) == down);
  CHECK(evaluateModelExpr(model.stateRate, model, {{"gamma0", 15.0}}, 1.5, g) > up);  // slower set (rate < 0)
  CHECK(evaluateModelExpr(model.stateRate, model, {{"gamma0neg", 15.0}}, 1.5, g) == up);
  CHECK(evaluateModelExpr(model.stateRate, model, {{"gamma0neg", 15.0}}, -1.5, g) < down);
  // Below the field threshold nothing moves: gamma |v|/tox = 16 * 0.9 V / 12 nm = 1.2e9 V/m < F_min.
  CHECK(std::abs(evaluateModelExpr(model.stateRate, model, {}, 0.9, 0.1e-9)) <
        1e-12 * std::abs(evaluateModelExpr(model.stateRate, model, {{"fmin", 0.0}}, 0.9, 0.1e-9)));
}

TEST_CASE("stanford-pku: the published clamp winds up past gap_min; this model holds the gap", "[devices]") {
  // The clamp difference (stanford_pku.cpp): on a 1.5 V, 100 kHz sine the published
  // integral runs far below gap_min during the set, so its reset has to unwind it first.
  const memcosim::devices::testing::SineStimulus stimulus{1.5, 1e5, 2};
  const PublishedStanfordRram published;
  const auto reference = published.sine(1.5, 1e5, stimulus.sampleTimes(), 1.7e-9, 20);
  CHECK(*std::min_element(reference.integral.begin(), reference.integral.end()) < -1e-8);
  ParameterSet parameters(stanfordModel());
  parameters.set("gmin", 0.2e-9);
  const auto runs = memcosim::devices::testing::runBothEngines(parameters, stimulus, 1.7e-9, 0.0, 1e-6);
  CHECK(*std::max_element(runs.native.state.end() - 500, runs.native.state.end()) > 1.0e-9);  // reset reopens it
}
