// Tests for `memcosim run`: .control blocks, refused commands, all-or-nothing output, budgets, crashes.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::Outcome;
using memcosim::testing::readText;
using memcosim::testing::runMemcosim;
using memcosim::testing::TemporaryFolder;

/// Writes `text` as `name` in `folder` and runs `memcosim run` on it with `options`, output in folder/out.
Outcome runDeck(const TemporaryFolder& folder, const std::string& name, const std::string& text,
                const std::string& options = "") {
  std::ofstream(folder / name) << text;
  return runMemcosim("run " + (folder / name).string() + " --out " + (folder / "out").string() + " " + options,
                     folder / "io");
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::size_t lineCount(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

const std::string kRc = "rc\nV1 in 0 dc 1 ac 1\nR1 in out 1k\nR4 out 0 1k\nC1 out 0 1n\n";

}  // namespace

TEST_CASE("run: a .control block's analyses, loops and lets become one CSV per plot", "[commands]") {
  TemporaryFolder folder("run_control");
  const Outcome result = runDeck(folder, "deck.cir",
                                 kRc +
                                     ".control\nop\nac dec 5 1k 1meg\nforeach r 1k 3k\n  alter R1 $r\n  tran 1u 20u\n"
                                     "end\nlet ratio = v(out)/v(in)\nprint ratio\n.endc\n.end\n");
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.err, !Catch::Contains(".control block ignored"));
  const std::string op = firstLine(readText(folder / "out" / "op.csv"));
  for (const char* name : {"v(in)", "v(out)", "i(v1)"}) CHECK_THAT(op, Catch::Contains(name));
  CHECK_THAT(firstLine(readText(folder / "out" / "ac.csv")), Catch::StartsWith("re(frequency)"));
  const std::string first = readText(folder / "out" / "tran.csv");
  const std::string second = readText(folder / "out" / "tran_2.csv");
  CHECK_THAT(first, Catch::StartsWith("time,"));
  // After `alter R1 3k` the divider gives 1k/(3k+1k) = 0.25 V at the output, before it 0.5 V.
  CHECK_THAT(first, Catch::Contains(",0.5,"));
  CHECK_THAT(second, Catch::Contains(",0.25,"));
  // `let ratio` is a one-value vector in the last plot: a column with one cell.
  CHECK_THAT(firstLine(second), Catch::Contains("ratio"));
}

TEST_CASE("run: .control commands that reach outside the run are refused unless --trust-deck", "[commands]") {
  TemporaryFolder folder("run_refuse");
  const Outcome shell = runDeck(folder, "shell.cir", kRc + ".control\nop\nshell touch made_by_shell\n.endc\n.end\n");
  CHECK(shell.exitCode != 0);
  CHECK_THAT(shell.err, Catch::Contains("shell.cir:8") && Catch::Contains("--trust-deck"));
  CHECK_FALSE(fs::exists(folder / "out" / "op.csv"));

  const Outcome absolute = runDeck(
      folder, "abs.cir", kRc + ".control\nop\nwrdata " + (folder / "x.txt").string() + " v(out)\n.endc\n.end\n");
  CHECK(absolute.exitCode != 0);
  CHECK_THAT(absolute.err, Catch::Contains("abs.cir:8") && Catch::Contains("outside the output folder"));
  const Outcome redirect =
      runDeck(folder, "redirect.cir", kRc + ".control\nop\nprint v(out) > ../x.txt\n.endc\n.end\n");
  CHECK(redirect.exitCode != 0);
  CHECK_THAT(redirect.err, Catch::Contains("redirect.cir:8"));
  for (const char* command : {"source other.cir", "cd /", "!ls", "echo `ls`", "codemodel /x.cm", "frobnicate 3"}) {
    const Outcome refused = runDeck(folder, "refused.cir", kRc + ".control\n" + command + "\nop\n.endc\n.end\n");
    INFO(command);
    CHECK(refused.exitCode != 0);
    CHECK_THAT(refused.err, Catch::Contains("refused.cir:7"));
  }

  // A relative path lands inside --out; with --trust-deck a shell command runs, inside the staging folder.
  const Outcome relative =
      runDeck(folder, "rel.cir",
              kRc + ".control\nop\nwrdata table.txt v(out)\nshell touch made_by_shell\n.endc\n.end\n", "--trust-deck");
  INFO(relative.err);
  REQUIRE(relative.exitCode == 0);
  CHECK(fs::exists(folder / "out" / "table.txt"));
  CHECK(fs::exists(folder / "out" / "made_by_shell"));
  CHECK(fs::exists(folder / "out" / "op.csv"));
}

TEST_CASE("run: plot is skipped with a warning and quit ends the block, without hanging", "[commands]") {
  TemporaryFolder folder("run_plot");
  const Outcome result =
      runDeck(folder, "deck.cir", kRc + ".control\ntran 1u 10u\nplot v(out)\nquit\nop\n.endc\n.end\n");
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.err, Catch::Contains("deck.cir:8") && Catch::Contains("plot"));
  CHECK_THAT(result.err, Catch::Contains("after 'quit'"));
  CHECK(fs::exists(folder / "out" / "tran.csv"));
  CHECK_FALSE(fs::exists(folder / "out" / "op.csv"));

  // quit inside an if: the rest of the block is skipped when it runs; a failure status fails the run.
  const Outcome passed =
      runDeck(folder, "check.cir", kRc + ".control\nop\nif v(out) > 0.4\n  quit 0\nend\ntran 1u 10u\n.endc\n.end\n");
  INFO(passed.err);
  CHECK(passed.exitCode == 0);
  CHECK_FALSE(fs::exists(folder / "out" / "tran_2.csv"));
  const Outcome failed =
      runDeck(folder, "check.cir", kRc + ".control\nop\nif v(out) > 0.4\n  quit 1\nend\ntran 1u 10u\n.endc\n.end\n");
  CHECK(failed.exitCode == 1);
  CHECK_THAT(failed.err, Catch::Contains("check.cir:9") && Catch::Contains("quit 1"));
}

TEST_CASE("run: .save of a device current with .ac warns instead of failing", "[commands]") {
  TemporaryFolder folder("run_ac_save");
  const Outcome result = runDeck(folder, "deck.cir", kRc + ".save @r4[i] v(out)\n.ac dec 5 1k 1meg\n.op\n.end\n");
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK_THAT(result.err, Catch::Contains("'@r4[i]'") && Catch::Contains("ac"));
  CHECK(firstLine(readText(folder / "out" / "ac.csv")) == "re(frequency),im(frequency),re(v(out)),im(v(out))");
  CHECK(firstLine(readText(folder / "out" / "op.csv")) == "@r4[i],v(out)");
}

TEST_CASE("run: .include of the deck itself or of a folder is an error, not a crash", "[commands]") {
  TemporaryFolder folder("run_include");
  const Outcome self = runDeck(folder, "self.cir", "self\n.include self.cir\nV1 a 0 1\nR1 a 0 1k\n.op\n.end\n");
  CHECK(self.exitCode == 1);
  CHECK_THAT(self.err, Catch::Contains("self.cir:2") && Catch::Contains("includes itself"));
  fs::create_directories(folder / "models");
  const Outcome directory = runDeck(folder, "dir.cir", "dir\n.include models\nV1 a 0 1\nR1 a 0 1k\n.op\n.end\n");
  CHECK(directory.exitCode == 1);
  CHECK_THAT(directory.err, Catch::Contains("dir.cir:2") && Catch::Contains("folder"));
}

TEST_CASE("run: a failing second analysis leaves the earlier results in place", "[commands]") {
  TemporaryFolder folder("run_atomic");
  const Outcome good = runDeck(folder, "good.cir", kRc + ".op\n.end\n");
  REQUIRE(good.exitCode == 0);
  const std::string before = readText(folder / "out" / "op.csv");
  const Outcome bad = runDeck(folder, "bad.cir",
                              "bad\nV1 in 0 2\nR1 in out 1k\nR4 out 0 3k\n.control\nop\n"
                              "dc Vnosuch 0 1 0.1\n.endc\n.end\n");
  CHECK(bad.exitCode != 0);
  CHECK_THAT(bad.err, Catch::Contains("nothing was written"));
  CHECK(readText(folder / "out" / "op.csv") == before);
  for (const auto& entry : fs::directory_iterator(folder / "out"))
    CHECK_THAT(entry.path().filename().string(), !Catch::StartsWith(".memcosim-run-"));
}

TEST_CASE("run: the staging folder of a killed run is removed by the next run in that folder", "[commands]") {
  TemporaryFolder folder("run_stale");
  const pid_t child = ::fork();  // a process id that no longer exists
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  const fs::path stale = folder / "out" / (".memcosim-run-" + std::to_string(child) + "-Zq9xYw");
  fs::create_directories(stale);
  std::ofstream(stale / "op.csv") << "half\n";
  REQUIRE(runDeck(folder, "good.cir", kRc + ".op\n.end\n").exitCode == 0);
  CHECK_FALSE(fs::exists(stale));
  CHECK(fs::exists(folder / "out" / "op.csv"));
}

TEST_CASE("run: SIGTERM or Ctrl-C stops the ngspice process, writes nothing and leaves no staging folder", "[commands]") {
  TemporaryFolder folder("run_interrupt");
  // A transient of a diode ladder in 10 ns steps: minutes of work, stopped after a second.
  std::string deck = "ladder\nV1 n0 0 SIN(0 5 1k)\n";
  for (int k = 0; k < 60; ++k)
    deck += "R" + std::to_string(k) + " n" + std::to_string(k) + " n" + std::to_string(k + 1) + " 100\nD" +
            std::to_string(k) + " n" + std::to_string(k + 1) + " 0 dm\nC" + std::to_string(k) + " n" +
            std::to_string(k + 1) + " 0 1n\n";
  deck += ".model dm D (is=1e-14)\n.save v(n60)\n.tran 10n 200m\n.end\n";
  std::ofstream(folder / "ladder.cir") << deck;
  const std::string err = (folder / "stderr").string();
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::freopen(err.c_str(), "w", stderr);
    std::freopen((folder / "stdout").string().c_str(), "w", stdout);
    ::execl(MEMCOSIM_BINARY, MEMCOSIM_BINARY, "run", (folder / "ladder.cir").c_str(), "--out", (folder / "out").c_str(),
            "--max-points", "1e10", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::sleep(2);
  ::kill(child, SIGTERM);  // to the parent alone: it must stop its ngspice process itself
  int status = 0;
  pid_t done = 0;
  for (int waited = 0; waited < 600 && done == 0; ++waited) {  // at most a minute
    done = ::waitpid(child, &status, WNOHANG);
    if (done == 0) ::usleep(100000);
  }
  if (done == 0) {
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    FAIL("memcosim run did not stop within a minute of SIGTERM");
  }
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 128 + SIGTERM);
  CHECK_THAT(readText(err), Catch::Contains("interrupted") && Catch::Contains("nothing was written"));
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder / "out")) ++entries;
  CHECK(entries == 0);  // no CSV, no staging folder
}

TEST_CASE("run: a write error names its cause", "[commands]") {
  TemporaryFolder folder("run_write_error");
  std::ofstream(folder / "deck.cir") << kRc << ".op\n.end\n";
  // No file of memcosim's may grow beyond 0 bytes (SIGXFSZ ignored, so write() fails with EFBIG
  // instead); its stderr goes through a pipe to `cat`, which has no such limit.
  const std::string command = "sh -c \"(trap '' XFSZ; ulimit -f 0; " + std::string(MEMCOSIM_BINARY) + " run " +
                              (folder / "deck.cir").string() + " --out " + (folder / "out").string() +
                              " || echo failed) 2>&1 | cat >" + (folder / "stderr").string() + "\"";
  CHECK(std::system(command.c_str()) == 0);
  const std::string err = readText(folder / "stderr");
  CHECK_THAT(err, Catch::Contains("File too large") && Catch::Contains("op.csv") && Catch::Contains("failed"));
  CHECK_FALSE(fs::exists(folder / "out" / "op.csv"));
}

TEST_CASE("run: an analysis over the output budget is refused before it runs", "[commands]") {
  TemporaryFolder folder("run_budget");
  const Outcome huge = runDeck(folder, "huge.cir", kRc + ".tran 1n 1\n.end\n");
  CHECK(huge.exitCode == 1);
  CHECK_THAT(huge.err,
             Catch::Contains("huge.cir:6") && Catch::Contains("1e+09 points") && Catch::Contains("--max-points"));
  const Outcome small = runDeck(folder, "small.cir", kRc + ".tran 1u 1m\n.end\n", "--max-points 100");
  CHECK(small.exitCode == 1);
  CHECK_THAT(small.err, Catch::Contains("1001 points"));
  CHECK(runDeck(folder, "small.cir", kRc + ".tran 1u 1m\n.end\n").exitCode == 0);
}

TEST_CASE("run: a crash inside ngspice is reported with the deck and its analyses", "[commands]") {
  // .sens on a BJT differential pair crashes libngspice 39 (segmentation fault).
  TemporaryFolder folder("run_crash");
  const Outcome crash = runDeck(folder, "pair.cir",
                                "long-tailed pair\n.model qn npn(bf=100 va=60 cje=1p)\nqa ca ba e qn\nqb cb bb e qn\n"
                                "rsa ba ina 500\nrsb bb 0 500\nrca ca vp 5k\nrcb cb vp 5k\nqm t t vm qn\nqt e t vm qn\n"
                                "rt t vp 15k\nvin ina 0 dc 0\nvp vp 0 10\nvm vm 0 -10\n.sens v(ca,cb)\n.end\n");
  CHECK(crash.exitCode == 1);
  CHECK_THAT(crash.err, Catch::Contains("ngspice crashed (signal 11, segmentation fault)") &&
                            Catch::Contains("pair.cir:15") && Catch::Contains(".sens v(ca,cb)"));
  CHECK_FALSE(fs::exists(folder / "out" / "sens.csv"));
}

TEST_CASE("run: ngspice's own diagnosis is in the error without --verbose", "[commands]") {
  TemporaryFolder folder("run_diagnosis");
  const Outcome result = runDeck(folder, "deck.cir", "undefined\nV1 a 0 1\nR1 a 0 {bar}\n.op\n.end\n");
  CHECK(result.exitCode == 1);
  CHECK_THAT(result.err, Catch::Contains("Undefined parameter [bar]"));
}
