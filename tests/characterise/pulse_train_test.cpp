// Tests for pulse trains on physical models and pulse-level devices.
#include "characterise/pulse_train.h"

#include <catch2/catch.hpp>

#include "support.h"

#include <filesystem>
#include <fstream>

#include "devices/pulsed/pulsed_device.h"
#include "spice/session.h"

using namespace memcosim;

namespace {

characterise::PulseTrainOptions yakopcicPulses() {
  characterise::PulseTrainOptions options;
  options.setAmplitude_volt = 0.5;
  options.resetAmplitude_volt = -0.5;
  options.width_seconds = 1e-4;
  options.count = 20;
  return options;
}

devices::ParameterSet yakopcic() { return devices::ParameterSet(devices::ModelRegistry::instance().find("yakopcic")); }

}  // namespace

TEST_CASE("pulse train: set pulses raise and reset pulses lower the conductance", "[characterise]") {
  const auto result = characterise::runPulseTrain(yakopcic(), yakopcicPulses(), nullptr);
  REQUIRE(result.potentiation.size() == 20);
  REQUIRE(result.depression.size() == 20);
  for (std::size_t k = 1; k < 20; ++k) {
    CHECK(result.potentiation[k] >= result.potentiation[k - 1]);
    CHECK(result.depression[k] <= result.depression[k - 1]);
  }
  CHECK(result.metrics.gMax_siemens > 2 * result.metrics.gMin_siemens);
  CHECK(result.metrics.states >= 10);
  CHECK(result.unit == "S");
}

TEST_CASE("pulse train: the waveform and the ngspice engine", "[characterise]") {
  const auto options = yakopcicPulses();
  const auto pwl = characterise::pulseTrainPwl(options);
  CHECK(pwl.size() == 4 * 2 * 20 + 1);
  CHECK(pwl[1].second == 0.5);
  CHECK(pwl[4 * 20 + 1].second == -0.5);
  spice::Session session;
  auto viaNgspice = options;
  viaNgspice.engine = devices::Engine::Ngspice;
  const auto a = characterise::runPulseTrain(yakopcic(), options, nullptr);
  const auto b = characterise::runPulseTrain(yakopcic(), viaNgspice, &session);
  for (std::size_t k = 0; k < a.potentiation.size(); ++k)
    CHECK(b.potentiation[k] == Approx(a.potentiation[k]).epsilon(0.01));
}

TEST_CASE("pulse train: pulse-level devices and files", "[characterise]") {
  const auto device = devices::pulsed::makePulsedDevice("soft-bounds", "dw_min=0.05", 3);
  const auto result = characterise::runPulseTrain("soft-bounds", *device, 30, 3);
  CHECK(result.unit == "weight");
  CHECK(result.potentiation.back() > result.potentiation.front());
  CHECK(result.depression.back() < result.depression.front());
  const memcosim::testing::TemporaryFolder folder("pulse_files");
  const auto& dir = folder.path();
  characterise::writePulseTrain(result, dir);
  std::ifstream csv(dir / "pulses.csv");
  std::string header;
  std::getline(csv, header);
  CHECK(header == "pulse,phase,conductance");
  CHECK(std::filesystem::exists(dir / "summary.json"));
  CHECK(std::filesystem::exists(dir / "pulses.png"));
  auto bad = yakopcicPulses();
  bad.width_seconds = 0.0;
  CHECK_THROWS_WITH(characterise::runPulseTrain(yakopcic(), bad, nullptr), Catch::Contains("width"));
}
