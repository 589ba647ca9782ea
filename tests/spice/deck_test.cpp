// Tests for spice::readDeck: include checks, .control screening, and the output-size estimate.
#include "spice/deck.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "spice/analysis_size.h"
#include "spice/control_block.h"
#include "support.h"

using namespace memcosim::spice;
using memcosim::testing::TemporaryFolder;

namespace {

std::filesystem::path write(const TemporaryFolder& folder, const std::string& name, const std::string& text) {
  std::ofstream(folder / name) << text;
  return folder / name;
}

std::string readError(const std::filesystem::path& deck, bool trust = false) {
  try {
    readDeck(deck, DeckOptions{trust});
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

std::vector<SourceLine> block(const std::vector<std::string>& texts) {
  std::vector<SourceLine> lines;
  for (std::size_t k = 0; k < texts.size(); ++k) lines.push_back({texts[k], "deck.cir:" + std::to_string(k + 10)});
  return lines;
}

}  // namespace

TEST_CASE("readDeck: includes are checked recursively before ngspice sees them", "[spice]") {
  TemporaryFolder folder("deck_includes");
  const std::string body = "V1 a 0 1\nR1 a 0 1k\n.op\n.end\n";
  CHECK_THAT(readError(write(folder, "self.cir", "self\n.include self.cir\n" + body)),
             Catch::Contains("self.cir:2") && Catch::Contains("includes itself"));
  write(folder, "a.inc", "* a\n.include b.inc\n");
  write(folder, "b.inc", "* b\n\n.inc 'a.inc'\n");
  CHECK_THAT(readError(write(folder, "cycle.cir", "cycle\n.include a.inc\n" + body)),
             Catch::Contains("b.inc:3") && Catch::Contains("a.inc → b.inc → a.inc"));
  std::filesystem::create_directories(folder / "lib");
  CHECK_THAT(readError(write(folder, "dir.cir", "dir\n* comment\n.include lib\n" + body)),
             Catch::Contains("dir.cir:3") && Catch::Contains("is a folder"));
  CHECK_THAT(readError(write(folder, "missing.cir", "missing\n.lib models.lib tt\n" + body)),
             Catch::Contains("missing.cir:2") && Catch::Contains("does not exist"));
  // A library's section may use another section of the same file; a section that uses itself is a cycle.
  write(folder, "models.lib",
        ".lib tt\n.lib models.lib base\n.endl\n.lib base\n.model dm D\n.endl\n"
        ".lib loop\n.lib models.lib loop\n.endl\n");
  CHECK_THAT(readError(write(folder, "loop.cir", "loop\n.lib models.lib loop\n" + body)),
             Catch::Contains("models.lib:8") && Catch::Contains("includes itself"));
  write(folder, "fine.inc", "* fine\n.lib models.lib tt\n");
  const Deck deck = readDeck(write(folder, "fine.cir", "fine\n.include fine.inc\n.lib \"models.lib\" tt\n" + body));
  CHECK(deck.lines[1].text == ".include \"" + (folder / "fine.inc").string() + "\"");
}

TEST_CASE("readDeck: a .control block is kept, screened, and its analyses listed", "[spice]") {
  TemporaryFolder folder("deck_control");
  const Deck deck = readDeck(write(folder, "c.cir",
                                   "c\nV1 a 0 1\nR1 a 0 1k\n.tran 1u 1m\n.control\nset x = 1; plot v(a)\ntran 1n 1u\n"
                                   "run\n.endc\n.end\n"));
  CHECK(deck.hasControl);
  CHECK(deck.analyses.size() == 2);
  CHECK(deck.analyses[1].origin == (folder / "c.cir").string() + ":7");
  REQUIRE(deck.warnings.size() == 1);
  CHECK_THAT(deck.warnings[0], Catch::Contains("c.cir:6") && Catch::Contains("plot"));
  CHECK(deck.lines[5].text == "set x = 1");
  CHECK(deck.lines[7].text == "run");
  CHECK(deck.elements == 2);
}

TEST_CASE("screenControlBlock: kept, refused and trusted commands", "[spice]") {
  CHECK_NOTHROW(
      screenControlBlock(block({"foreach v 1 2", "alterparam x=$v", "reset", "tran 1u 1m", "end", "write out.raw v(1)",
                                "print v(1) > sub/table.txt", "wrdata t.txt v(1)", "if 3 > 2", "echo yes", "end"}),
                         false));
  for (const std::string refused :
       {"shell ls", "!ls", "source x.cir", "cd /tmp", "write /tmp/x.raw", "wrdata ../x", "print v(1) >> /etc/x",
        "echo `date`", "$cmd", "alias x shell", "osdi x.osdi", "edit", "frobnicate", "hardcopy ~/x.ps v(1)"}) {
    INFO(refused);
    CHECK_THROWS_WITH(screenControlBlock(block({"op", refused}), false), Catch::Contains("deck.cir:11"));
    CHECK_NOTHROW(screenControlBlock(block({"op", refused}), true));
  }
  const ScreenedControl nested = screenControlBlock(block({"if 1", "quit 3", "end", "op"}), false);
  REQUIRE(nested.lines.size() == 8);
  CHECK(nested.lines[0].text == "repeat 1");
  CHECK(nested.lines[2].text == "echo memcosim-quit 3 deck.cir:11");
  CHECK(nested.lines[3].text == "goto memcosim_quit");
  CHECK(nested.lines[6].text == "label memcosim_quit");
  CHECK_THROWS_WITH(screenControlBlock(block({"echo " + std::string(1200, 'x')}), true),
                    Catch::Contains("1205 characters"));
  const ScreenedControl quit = screenControlBlock(block({"op", "quit", "tran 1u 1m"}), false);
  CHECK(quit.lines.size() == 2);
  CHECK(quit.analyses.size() == 1);
}

TEST_CASE("estimatedPoints: transient, sweeps and frequency analyses", "[spice]") {
  CHECK(estimatedPoints(".tran 1n 1").value() == Approx(1e9 + 1));
  CHECK(estimatedPoints("tran 1u 1m 0 0.1u").value() == Approx(10001));
  CHECK(estimatedPoints(".dc v1 0 1 0.1 v2 0 2 1").value() == Approx(33));
  CHECK(estimatedPoints(".ac dec 10 1 1meg").value() == Approx(61));
  CHECK(estimatedPoints("ac lin 7 1k 2k").value() == Approx(7));
  CHECK(estimatedPoints(".noise v(out) vin oct 4 1k 8k").value() == Approx(13));
  CHECK(estimatedPoints(".op").value() == 1);
  CHECK_FALSE(estimatedPoints(".tran {tstep} 1m"));
  CHECK(estimatedPoints(".tran 10ns 1us").value() == Approx(101));
  CHECK(estimatedPoints(".ac lin 3 1 2meg").value() == Approx(3));
  CHECK(estimatedPoints(".tran 1u 1mil").value() == Approx(26));
}
