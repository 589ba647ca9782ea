// Tests for CSV text and atomic result files.
#include "io/csv.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/atomic_file.h"

using namespace memcosim::io;

TEST_CASE("csv: header and rows", "[io]") {
  CHECK(csvText({"time", "V(out)"}, {{0.0, 1e-3}, {1.0, 0.5}}) == "time,V(out)\n0,1\n0.001,0.5\n");
  CHECK(csvCell("a,b") == "\"a,b\"");
  CHECK(csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK_THROWS_WITH(csvText({"a", "b"}, {{1.0}, {1.0, 2.0}}), Catch::Contains("'b'"));
  CHECK_THROWS_AS(csvText({"a"}, {{1.0}, {2.0}}), std::invalid_argument);
}

TEST_CASE("atomic file: replaces the file whole, leaves nothing on failure", "[io]") {
  const auto folder = std::filesystem::temp_directory_path() / "memcosim_atomic_test";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const auto file = folder / "out.csv";
  writeFileAtomically(file, "first\n");
  writeFileAtomically(file, "second\n");
  std::ifstream in(file);
  std::stringstream content;
  content << in.rdbuf();
  CHECK(content.str() == "second\n");
  CHECK_THROWS_WITH(writeFileAtomically(folder / "missing" / "x.csv", "x"), Catch::Contains("x.csv"));
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++entries;
  CHECK(entries == 1);
  std::filesystem::remove_all(folder);
}
