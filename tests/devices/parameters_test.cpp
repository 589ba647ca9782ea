// Tests of ParameterSet and ModelRegistry (src/devices/model.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

#include "devices/model.h"

namespace memcosim::devices {
namespace {
const ModelDefinition& linearModel() { return ModelRegistry::instance().find("linear-ion-drift"); }
}  // namespace

TEST_CASE("ParameterSet starts from the defaults", "[devices]") {
  const ParameterSet parameters(linearModel());
  CHECK(parameters.get("ron") == 100.0);
  CHECK(parameters.get("ROFF") == 16e3);
  CHECK(parameters.values().size() == linearModel().parameters.size());
}

TEST_CASE("ParameterSet::set validates the name and the range", "[devices]") {
  ParameterSet parameters(linearModel());
  parameters.set("Ron", 250.0);
  CHECK(parameters.get("ron") == 250.0);
  CHECK_THROWS_WITH(parameters.set("ron", -5.0), "parameter 'ron' = -5 is outside its allowed range [0.001, 1e9] Ohm");
  CHECK_THROWS_AS(parameters.set("ron", std::numeric_limits<double>::quiet_NaN()), ParameterError);
  CHECK_THROWS_AS(parameters.set("ron", std::numeric_limits<double>::infinity()), ParameterError);
  CHECK_THROWS_WITH(parameters.set("rzero", 1.0),
                    Catch::Contains("no parameter 'rzero'") && Catch::Contains("ron, roff, d, uv"));
  CHECK(parameters.get("ron") == 250.0);  // failed sets change nothing
}

TEST_CASE("ParameterSet::setFromText reads SPICE numbers", "[devices]") {
  ParameterSet parameters(linearModel());
  parameters.setFromText("ron=10k");
  CHECK(parameters.get("ron") == Approx(1e4));
  parameters.setFromText(" roff = 1.5MEG ");
  CHECK(parameters.get("roff") == Approx(1.5e6));
  parameters.setFromText("d=20n");
  CHECK(parameters.get("d") == Approx(20e-9));
  parameters.setFromText("uv=1e-13");
  CHECK(parameters.get("uv") == Approx(1e-13));
  parameters.setFromText("ron=2m");
  CHECK(parameters.get("ron") == Approx(2e-3));
  parameters.setFromText("roff=1G");
  CHECK(parameters.get("roff") == Approx(1e9));
  parameters.setFromText("d=3u");
  CHECK(parameters.get("d") == Approx(3e-6));
  parameters.setFromText("uv=5p");
  CHECK(parameters.get("uv") == Approx(5e-12));
  parameters.setFromText("roff=1T");
  CHECK(parameters.get("roff") == Approx(1e12));
  parameters.setFromText("uv=100f");
  CHECK(parameters.get("uv") == Approx(1e-13));
  CHECK_THROWS_AS(parameters.setFromText("ron"), ParameterError);
  CHECK_THROWS_WITH(parameters.setFromText("ron=abc"), Catch::Contains("not a number"));
  CHECK_THROWS_WITH(parameters.setFromText("ron=10q"), Catch::Contains("unknown suffix"));
  CHECK_THROWS_WITH(parameters.setFromText("ron=-1k"), Catch::Contains("outside its allowed range"));
}

TEST_CASE("ModelRegistry finds models by name and lists them sorted", "[devices]") {
  const auto names = ModelRegistry::instance().names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  for (const char* name : {"linear-ion-drift", "nonlinear-ion-drift", "yakopcic", "mms"})
    CHECK(std::find(names.begin(), names.end(), name) != names.end());
  CHECK_THROWS_WITH(ModelRegistry::instance().find("strukov"),
                    Catch::Contains("unknown model 'strukov'") && Catch::Contains("linear-ion-drift"));
}

TEST_CASE("Every registered model has a consistent parameter table", "[devices]") {
  for (const auto& name : ModelRegistry::instance().names()) {
    const ModelDefinition& model = ModelRegistry::instance().find(name);
    INFO(name);
    CHECK(!model.citation.empty());
    CHECK(!model.equations.empty());
    CHECK(model.state.minimum < model.state.maximum);
    CHECK(model.state.initial >= model.state.minimum);
    CHECK(model.state.initial <= model.state.maximum);
    for (const auto& spec : model.parameters) {
      INFO(spec.name);
      CHECK(spec.minimum <= spec.defaultValue);
      CHECK(spec.defaultValue <= spec.maximum);
      CHECK(!spec.unit.empty());
      CHECK(!spec.description.empty());
    }
  }
}

}  // namespace memcosim::devices
