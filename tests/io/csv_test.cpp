// Tests for CSV text and atomic result files.
#include "io/csv.h"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/atomic_file.h"
#include "support.h"

using namespace memcosim::io;
using memcosim::testing::readText;
using memcosim::testing::TemporaryFolder;

namespace {

/// The id of a process that has ended (a child that exited and was reaped).
pid_t deadPid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

int entries(const std::filesystem::path& folder) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++count;
  return count;
}

}  // namespace

TEST_CASE("csv: header and rows", "[io]") {
  CHECK(csvText({"time", "V(out)"}, {{0.0, 1e-3}, {1.0, 0.5}}) == "time,V(out)\n0,1\n0.001,0.5\n");
  CHECK(csvCell("a,b") == "\"a,b\"");
  CHECK(csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK_THROWS_WITH(csvText({"a", "b"}, {{1.0}, {1.0, 2.0}}), Catch::Contains("'b'"));
  CHECK_THROWS_AS(csvText({"a"}, {{1.0}, {2.0}}), std::invalid_argument);
}

TEST_CASE("csv: splitCsvLine trims fields, keeps empty ones and honours RFC 4180 quotes", "[io]") {
  using Fields = std::vector<std::string>;
  CHECK(splitCsvLine("a, b ,c") == Fields{"a", "b", "c"});
  CHECK(splitCsvLine("1,,3,") == Fields{"1", "", "3", ""});
  CHECK(splitCsvLine("") == Fields{""});
  CHECK(splitCsvLine(R"("a,b", "say ""hi""" ,c)") == Fields{"a,b", "say \"hi\"", "c"});
  CHECK(splitCsvLine(R"(" padded ")") == Fields{" padded "});
  CHECK_THROWS_WITH(splitCsvLine(R"(a,"open)"), "unterminated quoted field");
  CHECK_THROWS_WITH(splitCsvLine(R"("a"b,c)"), Catch::Contains("after the closing quote"));
  const Fields header{"time", "v(out), mV", "say \"hi\""};
  std::string row;
  for (const auto& cell : header) row += (row.empty() ? "" : ",") + csvCell(cell);
  CHECK(splitCsvLine(row) == header);
}

TEST_CASE("csv: csvTextWithGaps leaves the short columns' cells empty", "[io]") {
  CHECK(csvTextWithGaps({"t", "v", "m"}, {{0.0, 1.0, 2.0}, {5.0}, {}}) == "t,v,m\n0,5,\n1,,\n2,,\n");
  CHECK(csvTextWithGaps({"a"}, {{}}) == "a\n");
  CHECK_THROWS_AS(csvTextWithGaps({"a", "b"}, {{1.0}}), std::invalid_argument);
}

TEST_CASE("atomic file: processAlive tells live processes from ended ones", "[io]") {
  CHECK(processAlive(::getpid()));
  CHECK(processAlive(::getppid()));
  CHECK_FALSE(processAlive(deadPid()));
}

TEST_CASE("atomic file: replaces the file whole, leaves nothing on failure", "[io]") {
  const TemporaryFolder folder("atomic");
  const auto file = folder / "out.csv";
  writeFileAtomically(file, "first\n");
  writeFileAtomically(file, "second\n");
  CHECK(readText(file) == "second\n");
  CHECK_THROWS_WITH(writeFileAtomically(folder / "missing" / "x.csv", "x"),
                    Catch::Contains("x.csv") && Catch::Contains("No such file or directory"));
  CHECK(entries(folder.path()) == 1);
}

TEST_CASE("atomic file: partials left by a killed process are removed, a live one's kept", "[io]") {
  const TemporaryFolder folder("partials");
  const auto dead = folder / ("checkpoint.json.partial." + std::to_string(deadPid()));
  const auto live = folder / ("history.csv.partial." + std::to_string(::getppid()));
  const auto other = folder / "notes.partial.txt";
  for (const auto& file : {dead, live, other}) std::ofstream(file) << "half";
  writeFileAtomically(folder / "checkpoint.json", "{}");
  CHECK_FALSE(std::filesystem::exists(dead));
  CHECK(std::filesystem::exists(live));
  CHECK(std::filesystem::exists(other));
  CHECK(readText(folder / "checkpoint.json") == "{}");
}

TEST_CASE("atomic file: appendLine adds one whole line at a time", "[io]") {
  const TemporaryFolder folder("append");
  const auto file = folder / "rows.csv";
  writeFileAtomically(file, "header\n");
  appendLine(file, "1,a\n");
  appendLine(file, "2,b\n");
  CHECK(readText(file) == "header\n1,a\n2,b\n");
  CHECK_THROWS_AS(appendLine(file, "no line break"), std::invalid_argument);
  CHECK_THROWS_AS(appendLine(file, "two\nlines\n"), std::invalid_argument);
  CHECK_THROWS_WITH(appendLine(folder / "missing.csv", "x\n"), Catch::Contains("missing.csv"));
  CHECK(readText(file) == "header\n1,a\n2,b\n");
}
