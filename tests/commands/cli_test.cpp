// Tests for the memcosim command-line tool, run as a separate process.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::Outcome;
using memcosim::testing::cli;
using memcosim::testing::readText;
using memcosim::testing::scratch;

const fs::path kNetlists = fs::path(MEMCOSIM_SOURCE_DIR) / "netlists";

}  // namespace

TEST_CASE("cli: --version and --help", "[commands]") {
  const Outcome version = cli("--version");
  CHECK(version.exitCode == 0);
  CHECK_THAT(version.out, Catch::Contains(std::string("memcosim ") + MEMCOSIM_VERSION));
  const Outcome help = cli("run --help");
  CHECK(help.exitCode == 0);
  CHECK_THAT(help.out, Catch::Contains("--out"));
  CHECK(cli("").exitCode != 0);
  CHECK(cli("frobnicate").exitCode != 0);
}

TEST_CASE("cli: run writes one CSV per analysis", "[commands]") {
  const fs::path out = scratch() / "run";
  const Outcome result = cli("run " + (kNetlists / "rc_lowpass.cir").string() + " --out " + out.string());
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  const std::string op = readText(out / "op.csv");
  const std::string header = op.substr(0, op.find('\n'));
  for (const char* name : {"v(out)", "v(in)", "i(v1)"}) CHECK_THAT(header, Catch::Contains(name));
  CHECK(std::count(op.begin(), op.end(), '\n') == 2);
  const std::string tran = readText(out / "tran.csv");
  CHECK_THAT(tran, Catch::StartsWith("time,"));
  CHECK(std::count(tran.begin(), tran.end(), '\n') > 1000);
}

TEST_CASE("cli: a bad deck fails with file:line and writes nothing", "[commands]") {
  const fs::path folder = scratch() / "bad";
  fs::create_directories(folder);
  const fs::path deck = folder / "bad.cir";
  std::ofstream(deck) << "bad\nV1 a 0 1\nR1 a b 1k\nD1 b 0 nomodel\n.op\n.end\n";
  const Outcome result = cli("run " + deck.string() + " --out " + (folder / "out").string());
  CHECK(result.exitCode != 0);
  CHECK_THAT(result.err, Catch::Contains("bad.cir:4"));
  CHECK_FALSE(fs::exists(folder / "out" / "op.csv"));
  CHECK(cli("run " + (folder / "absent.cir").string() + " --out " + folder.string()).exitCode != 0);
}

TEST_CASE("cli: a non-converging deck fails and writes nothing", "[commands]") {
  const fs::path folder = scratch() / "nonconv";
  fs::create_directories(folder);
  const fs::path deck = folder / "nonconv.cir";
  std::ofstream(deck) << "no solution\nI1 0 a 1\nD1 a 0 dm\nD2 0 a dm\n.model dm D (is=1e-14)\n"
                         "B1 0 a I=exp(100*v(a))\n.op\n.end\n";
  const Outcome result = cli("run " + deck.string() + " --out " + (folder / "out").string());
  CHECK(result.exitCode != 0);
  CHECK_THAT(result.err, Catch::Contains("op"));
  CHECK_FALSE(fs::exists(folder / "out" / "op.csv"));
}
