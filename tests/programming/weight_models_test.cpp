// Tests of programming/weight_models: which models are weights and how their windows are realised.
#include "programming/weight_models.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "devices/native_device.h"

using namespace memcosim;
using programming::fitWindow;

TEST_CASE("weight models: every physical model of the library is a weight model", "[programming]") {
  const auto names = programming::weightModelNames();
  CHECK(names == std::vector<std::string>{"linear-ion-drift", "mms", "nonlinear-ion-drift", "stanford-pku", "team",
                                          "vteam", "yakopcic"});
  for (const auto& name : names) {
    CHECK_NOTHROW(devices::ModelRegistry::instance().find(name));
    CHECK_FALSE(programming::describeWindow(name).empty());
  }
}

TEST_CASE("weight models: fitWindow hits r_on and r_on*ratio for every model", "[programming]") {
  for (const auto& name : programming::weightModelNames()) {
    for (const double rOn : {1e3, 1e5}) {
      for (const double ratio : {2.0, 5.0, 10.0, 100.0}) {
        INFO(name << " r_on = " << rOn << " ratio = " << ratio);
        const auto device = fitWindow(name, rOn, ratio);
        const devices::NativeDevice native(device.parameters);
        CHECK(std::abs(native.resistance(device.xOn) / rOn - 1.0) <= 1e-9);
        CHECK(std::abs(native.resistance(device.xOff) / (rOn * ratio) - 1.0) <= 1e-9);
        // G rises monotonically from xOff to xOn, so every conductance in between has one state.
        double previous = 0.0;
        for (int k = 0; k <= 50; ++k) {
          const double g = 1.0 / native.resistance(device.xOff + k / 50.0 * (device.xOn - device.xOff));
          CHECK(g > previous);
          previous = g;
        }
      }
    }
  }
}

TEST_CASE("weight models: state windows of the models without ron/roff", "[programming]") {
  // Yakopcic: R = 1/(a1 b x), so R(xOff)/R(1) = ratio puts xOff at 1/ratio.
  CHECK(fitWindow("yakopcic", 1e4, 10).xOff == Approx(0.1).epsilon(1e-9));
  // Stanford-PKU: R ∝ exp(g/g0), so the gap window is g0 ln(ratio) wide from gmin.
  const auto rram = fitWindow("stanford-pku", 1e4, 10);
  CHECK(rram.xOn == Approx(0.1e-9));
  CHECK(rram.xOff - rram.xOn == Approx(0.25e-9 * std::log(10.0)).epsilon(1e-9));
  // TEAM and VTEAM: x_off (R_off) lies above x_on (R_on).
  const auto team = fitWindow("team", 1e4, 10);
  CHECK(team.xOff == Approx(3e-9));
  CHECK(team.xOn == 0.0);
  // nonlinear ion drift: G = x^14 beta alpha + chi gamma from x_on = 0.9 down to x_off.
  const auto nonlinear = fitWindow("nonlinear-ion-drift", 1e4, 10);
  CHECK(nonlinear.xOn == 0.9);
  const double g = [&](double x) {
    const auto& p = nonlinear.parameters;
    return std::pow(x, 14) * p.get("beta") * p.get("alpha") + p.get("chi") * p.get("gamma");
  }(nonlinear.xOff);
  CHECK(1.0 / g == Approx(1e5).epsilon(1e-9));
}

TEST_CASE("weight models: overrides apply before the fit", "[programming]") {
  CHECK(fitWindow("linear-ion-drift", 1e4, 10).parameters.get("window") == 2.0);  // the weight default
  CHECK(fitWindow("linear-ion-drift", 1e4, 10, {"window=0"}).parameters.get("window") == 0.0);
  const auto yakopcic = fitWindow("yakopcic", 1e4, 10, {"a2=0.34"});
  CHECK(yakopcic.parameters.get("a2") / yakopcic.parameters.get("a1") == Approx(2.0));
  // Variants of the I-V relation and windows still hit the window.
  for (const auto& [name, setting] : std::vector<std::pair<std::string, std::string>>{{"team", "ivrelation=1"},
                                                                                      {"vteam", "wt=4"},
                                                                                      {"nonlinear-ion-drift", "chi=0"},
                                                                                      {"stanford-pku", "g0=0.3n"}}) {
    INFO(name << " with " << setting);
    const auto device = fitWindow(name, 5e3, 20, {setting});
    const devices::NativeDevice native(device.parameters);
    CHECK(native.resistance(device.xOn) == Approx(5e3).epsilon(1e-9));
    CHECK(native.resistance(device.xOff) == Approx(1e5).epsilon(1e-9));
  }
  const auto mms = fitWindow("mms", 2e3, 5, {"tau=1u"});
  CHECK(mms.parameters.get("tau") == Approx(1e-6));
  CHECK(mms.parameters.get("roff") == Approx(1e4));
}

TEST_CASE("weight models: bad inputs throw with clear messages", "[programming]") {
  CHECK_THROWS_WITH(fitWindow("mms", 1e3, 1.0), Catch::Contains("ratio = 1") && Catch::Contains("greater than 1"));
  CHECK_THROWS_WITH(fitWindow("mms", 1e3, 0.5), Catch::Contains("ratio"));
  CHECK_THROWS_WITH(fitWindow("mms", 1e3, std::numeric_limits<double>::quiet_NaN()), Catch::Contains("ratio"));
  CHECK_THROWS_WITH(fitWindow("mms", 0.0, 10), Catch::Contains("r_on = 0") && Catch::Contains("positive"));
  CHECK_THROWS_WITH(fitWindow("mms", -5.0, 10), Catch::Contains("r_on = -5"));
  CHECK_THROWS_AS(fitWindow("no-such-model", 1e3, 10), std::invalid_argument);
  CHECK_THROWS_WITH(fitWindow("no-such-model", 1e3, 10),
                    Catch::Contains("unknown model 'no-such-model'") && Catch::Contains("yakopcic"));
  CHECK_THROWS_AS(fitWindow("team", 1e3, 10, {"ron=100"}), devices::ParameterError);
  CHECK_THROWS_WITH(fitWindow("team", 1e3, 10, {"ron=100"}), Catch::Contains("'ron'") && Catch::Contains("window fit"));
  CHECK_THROWS_AS(fitWindow("linear-ion-drift", 1e3, 10, {"window=9"}), devices::ParameterError);
  CHECK_THROWS_WITH(fitWindow("linear-ion-drift", 1e3, 10, {"nonsense=1"}), Catch::Contains("nonsense"));
  // Beyond a model's reach: the message names the limit.
  CHECK_THROWS_WITH(fitWindow("nonlinear-ion-drift", 1e3, 1000), Catch::Contains("leakage"));
  CHECK_THROWS_WITH(fitWindow("stanford-pku", 1e3, 1e4), Catch::Contains("gap range"));
  // A fitted value outside its parameter's range names the parameter and the window.
  CHECK_THROWS_WITH(fitWindow("linear-ion-drift", 1e8, 1e5),
                    Catch::Contains("roff = 1e+13") && Catch::Contains("r_on = 1e+08"));
}
