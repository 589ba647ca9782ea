// Tests for `memcosim models`, `memcosim iv` and `memcosim pulses`, run as a separate process.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::Outcome;
using memcosim::testing::cli;
using memcosim::testing::readText;
using memcosim::testing::scratch;

}  // namespace

TEST_CASE("cli: models lists, shows and generates", "[commands]") {
  const Outcome list = cli("models");
  CHECK(list.exitCode == 0);
  for (const char* name : {"linear-ion-drift", "nonlinear-ion-drift", "team", "vteam", "yakopcic", "mms",
                           "stanford-pku", "soft-bounds", "table"})
    CHECK_THAT(list.out, Catch::Contains(name));
  const Outcome show = cli("models show team");
  CHECK(show.exitCode == 0);
  CHECK_THAT(show.out, Catch::Contains("koff") && Catch::Contains("m/s") && Catch::Contains("dx/dt"));
  CHECK_THAT(cli("models show soft-bounds").out, Catch::Contains("dw_min"));
  const Outcome unknown = cli("models show nosuch");
  CHECK(unknown.exitCode == 1);
  CHECK_THAT(unknown.err, Catch::Contains("yakopcic"));
  const fs::path dir = scratch() / "generate";
  const Outcome generate =
      cli("models generate --models " + (dir / "m").string() + " --netlists " + (dir / "n").string());
  CHECK(generate.exitCode == 0);
  CHECK(fs::exists(dir / "m" / "team.va"));
  CHECK(fs::exists(dir / "n" / "iv_team.cir"));
  fs::remove_all(dir);
}

TEST_CASE("cli: iv writes the loop files, bad parameters name the parameter", "[commands]") {
  const fs::path out = scratch() / "iv";
  const Outcome ok = cli(
      "iv --model mms --frequency 1000,10000 --cycles 2 --points-per-cycle 200 --engine ngspice --out " + out.string());
  INFO(ok.err);
  CHECK(ok.exitCode == 0);
  CHECK_THAT(readText(out / "iv.csv"), Catch::StartsWith("frequency,time,voltage,current,state,resistance\n"));
  CHECK_THAT(readText(out / "summary.json"), Catch::Contains("lobe_area"));
  CHECK(fs::exists(out / "iv.png"));
  fs::remove_all(out);
  const Outcome bad = cli("iv --model team --param ron=-5 --out " + out.string());
  CHECK(bad.exitCode == 1);
  CHECK_THAT(bad.err, Catch::Contains("'ron'") && Catch::Contains("range"));
  CHECK_FALSE(fs::exists(out / "iv.csv"));
  CHECK_THAT(cli("iv --model team --param bogus=1 --out " + out.string()).err, Catch::Contains("bogus"));
  CHECK(cli("iv --model soft-bounds --out " + out.string()).exitCode == 1);
}

TEST_CASE("cli: iv refuses a sweep whose output cannot fit, saying how large it would be", "[commands]") {
  const fs::path out = scratch() / "iv_huge";
  const Outcome huge =
      cli("iv --model mms --frequency 1000 --cycles 1000 --points-per-cycle 1000000 --out " + out.string());
  CHECK(huge.exitCode == 1);
  CHECK_THAT(huge.err, Catch::Contains("1e+09 samples") && Catch::Contains("--max-points"));
  CHECK_FALSE(fs::exists(out / "iv.csv"));
  const Outcome small =
      cli("iv --model mms --frequency 1000 --cycles 2 --points-per-cycle 100 --max-points 100 --out " + out.string());
  CHECK(small.exitCode == 1);
  CHECK_THAT(small.err, Catch::Contains("200 samples") && Catch::Contains("budget of 100"));
}

TEST_CASE("cli: pulses", "[commands]") {
  const fs::path out = scratch() / "pulses";
  const Outcome ok =
      cli("pulses --model yakopcic --set-amplitude 0.5 --reset-amplitude -0.5 --width 1e-4 "
          "--count 10 --out " +
          out.string());
  INFO(ok.err);
  CHECK(ok.exitCode == 0);
  CHECK_THAT(readText(out / "pulses.csv"), Catch::StartsWith("pulse,phase,conductance\n"));
  CHECK_THAT(readText(out / "summary.json"), Catch::Contains("nl_ltp") && Catch::Contains("states"));
  fs::remove_all(out);
  const Outcome missing = cli("pulses --model yakopcic --out " + out.string());
  CHECK(missing.exitCode != 0);
}
