// Tests for the names Session gives ngspice's vectors: v(node), i(source), device parameters and others as they are.
#include <catch2/catch.hpp>

#include <algorithm>

#include "spice/session.h"

using namespace memcosim::spice;

namespace {

std::vector<std::string> names(const Plot& plot) {
  std::vector<std::string> result;
  for (const auto& v : plot.vectors) result.push_back(v.name);
  return result;
}

std::vector<SourceLine> lines(const std::vector<std::string>& texts) {
  std::vector<SourceLine> result;
  for (std::size_t k = 0; k < texts.size(); ++k) result.push_back({texts[k], "names.cir:" + std::to_string(k + 1)});
  return result;
}

}  // namespace

TEST_CASE("Session: vector names follow ngspice's vector types", "[spice]") {
  Session session;
  session.load(
      lines({"names", ".subckt cell a b", "Vs a m 0", "R1 m b 1k", ".ends", "V1 in 0 dc 1 ac 1", "X1 in out cell",
             "R2 out 0 1k", ".save all @r2[i]", ".op", ".noise v(out) V1 dec 2 1k 10k", ".end"}));
  const std::vector<Plot> plots = session.runDeckAnalyses();
  REQUIRE(plots.size() == 3);
  using Catch::Matchers::VectorContains;
  const auto op = names(plots[0]);
  CHECK_THAT(op, VectorContains(std::string("v(in)")) && VectorContains(std::string("v(out)")) &&
                     VectorContains(std::string("i(v1)")) && VectorContains(std::string("i(v.x1.vs)")) &&
                     VectorContains(std::string("@r2[i]")));
  CHECK(plots[0].value("out") == Approx(0.5));
  CHECK(plots[0].value("@r2[i]") == Approx(0.5e-3));
  const auto spectrum = names(plots[1]);
  CHECK(spectrum.front() == "frequency");
  CHECK_THAT(spectrum,
             VectorContains(std::string("onoise_spectrum")) && VectorContains(std::string("inoise_spectrum")));
  CHECK_THAT(names(plots[2]), VectorContains(std::string("onoise_total")));
}
