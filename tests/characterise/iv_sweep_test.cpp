// Tests for I-V sweeps: both engines, the summary figures and the written files.
#include "characterise/iv_sweep.h"

#include <catch2/catch.hpp>

#include "support.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "spice/session.h"

using namespace memcosim;
namespace fs = std::filesystem;

namespace {

devices::ParameterSet yakopcic() { return devices::ParameterSet(devices::ModelRegistry::instance().find("yakopcic")); }

characterise::IvSweepOptions threeDecades() {
  characterise::IvSweepOptions options;
  options.amplitude_volt = 0.25;
  options.frequencies_hertz = {100.0, 1000.0, 10000.0};
  options.cycles = 2;
  options.pointsPerCycle = 400;
  return options;
}

}  // namespace

TEST_CASE("iv sweep: the lobe shrinks with frequency and the loop is pinched", "[characterise]") {
  const auto result = characterise::runIvSweep(yakopcic(), threeDecades(), nullptr);
  REQUIRE(result.summaries.size() == 3);
  REQUIRE(result.traces.front().time.size() == 2 * 400 + 1);
  CHECK(result.summaries[0].lobeArea > result.summaries[1].lobeArea);
  CHECK(result.summaries[1].lobeArea > result.summaries[2].lobeArea);
  for (const auto& s : result.summaries) {
    CHECK(s.pinchCurrent_ampere <= 1e-3 * s.peakCurrent_ampere);
    CHECK(s.rMin_ohm <= s.rMax_ohm);
    CHECK(s.ratio == Approx(s.rMax_ohm / s.rMin_ohm));
  }
}

TEST_CASE("iv sweep: ngspice and native engines agree", "[characterise]") {
  spice::Session session;
  auto options = threeDecades();
  options.frequencies_hertz = {100.0};
  options.wave = characterise::Wave::Triangle;
  options.seriesResistance_ohm = 100.0;
  const auto native = characterise::runIvSweep(yakopcic(), options, nullptr);
  options.engine = devices::Engine::Ngspice;
  const auto viaNgspice = characterise::runIvSweep(yakopcic(), options, &session);
  const auto& a = native.traces.front().current;
  const auto& b = viaNgspice.traces.front().current;
  REQUIRE(a.size() == b.size());
  double difference = 0.0, norm = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    difference += (a[k] - b[k]) * (a[k] - b[k]);
    norm += a[k] * a[k];
  }
  CHECK(std::sqrt(difference / norm) <= 0.01);
  CHECK(viaNgspice.summaries.front().lobeArea == Approx(native.summaries.front().lobeArea).epsilon(0.02));
}

TEST_CASE("iv sweep: bad options are refused", "[characterise]") {
  auto options = threeDecades();
  options.frequencies_hertz = {-1.0};
  CHECK_THROWS_WITH(characterise::runIvSweep(yakopcic(), options, nullptr), Catch::Contains("frequency"));
  options = threeDecades();
  options.engine = devices::Engine::Ngspice;
  CHECK_THROWS_WITH(characterise::runIvSweep(yakopcic(), options, nullptr), Catch::Contains("Session"));
  CHECK_THROWS_AS(characterise::parseWave("square"), std::invalid_argument);
}

TEST_CASE("iv sweep: files", "[characterise]") {
  const memcosim::testing::TemporaryFolder folder("iv_sweep_files");
  const fs::path& dir = folder.path();
  auto options = threeDecades();
  options.frequencies_hertz = {100.0, 1000.0};
  characterise::writeIvSweep(characterise::runIvSweep(yakopcic(), options, nullptr), dir);
  std::ifstream csv(dir / "iv.csv");
  std::string header;
  std::getline(csv, header);
  CHECK(header == "frequency,time,voltage,current,state,resistance");
  int rows = 0;
  for (std::string line; std::getline(csv, line);) ++rows;
  CHECK(rows == 2 * (2 * 400 + 1));
  std::ifstream json(dir / "summary.json");
  const auto summary = nlohmann::json::parse(json);
  REQUIRE(summary["frequencies"].size() == 2);
  for (const char* key : {"r_min", "r_max", "ratio", "lobe_area", "pinch_current", "set_voltage", "reset_voltage"})
    CHECK(summary["frequencies"][0].contains(key));
  CHECK(fs::file_size(dir / "iv.png") > 1000);
}
