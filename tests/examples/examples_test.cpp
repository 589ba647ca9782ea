// Every config in examples/ runs, shortened to one epoch (sweeps to one seed and one ratio),
// so an example that cannot run cannot land.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "data/fixed_split.h"
#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::readText;
using memcosim::testing::runMemcosim;
using memcosim::testing::TemporaryFolder;

/// `key = [a, b, …]` → `key = [a]`: the first value of a sweep list only.
std::string firstOfList(const std::string& text, const std::string& key) {
  const std::regex list("(^|\n)(" + key + R"(\s*=\s*\[)\s*([^,\]]+)[^\]]*\])");
  return std::regex_replace(text, list, "$1$2$3]");
}

/// The fetched data set (MNIST, Fashion-MNIST) a config trains on, or "" for a shipped one.
std::string fetchedDataset(const std::string& text) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex(R"re((^|\n)dataset\s*=\s*"([^"]*)")re"))) return {};
  return memcosim::data::isFixedSplitDataset(match[2].str()) ? match[2].str() : std::string();
}

/// A copy of examples/ in `folder` whose training configs stop after one epoch (a spiking
/// network skips its ngspice check, which tests/learning/memprop_test.cpp covers: on MNIST
/// one sample's transient takes about 100 s) and whose
/// sweeps run one seed and one ratio of every model and config they name, one epoch each (a
/// grid over the epochs too). A config on a
/// fetched data set trains on its first 300 training and 100 test images; without the files
/// (a fresh clone has not run scripts/fetch-mnist.sh) it is left out, with a warning, and so
/// is every sweep that names it.
void writeShortenedExamples(const fs::path& folder) {
  std::vector<std::string> leftOut;
  for (const auto& entry : fs::directory_iterator(MEMCOSIM_EXAMPLES)) {
    if (entry.path().extension() != ".toml") continue;
    std::string text = readText(entry.path());
    text = std::regex_replace(text, std::regex(R"((^|\n)epochs\s*=\s*\d+)"), "$1epochs = 1");
    text = std::regex_replace(text, std::regex(R"re((^|\n)(grid\."training\.epochs"\s*=\s*)\[[^\]]*\])re"), "$1$2[1]");
    text = std::regex_replace(text, std::regex(R"((^|\n)ngspice_check\s*=\s*\d+)"), "$1ngspice_check = 0");
    text = firstOfList(firstOfList(text, "seeds"), "ratios");
    if (const std::string fetched = fetchedDataset(text); !fetched.empty()) {
      try {
        memcosim::data::requireFixedSplitFiles(fetched);
      } catch (const std::exception& missing) {
        WARN(entry.path().filename().string() << " not run: " << missing.what());
        leftOut.push_back(entry.path().filename().string());
        continue;
      }
      text = std::regex_replace(text, std::regex(R"((^|\n)(train|test)_samples\s*=\s*\d+[^\n]*)"), "");
      text = std::regex_replace(text, std::regex(R"((^|\n)(dataset\s*=[^\n]*))"),
                                "$1$2\ntrain_samples = 300\ntest_samples = 100");
    }
    std::ofstream(folder / entry.path().filename()) << text;
  }
  std::vector<fs::path> naming;
  for (const auto& entry : fs::directory_iterator(folder))
    for (const auto& name : leftOut)
      if (readText(entry.path()).find("\"" + name + "\"") != std::string::npos) {
        WARN(entry.path().filename().string() << " not run: it names " << name);
        naming.push_back(entry.path());
        break;
      }
  for (const auto& path : naming) fs::remove(path);
}

/// The configs of examples/ copied into `folder` by writeShortenedExamples.
std::vector<fs::path> examples(const fs::path& folder, bool sweeps) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".toml" && (readText(entry.path()).find("[sweep]") != std::string::npos) == sweeps)
      found.push_back(entry.path().filename());
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

TEST_CASE("examples: every training config trains one epoch", "[examples]") {
  const TemporaryFolder folder("examples_train");
  writeShortenedExamples(folder.path());
  const auto configs = examples(folder.path(), false);
  REQUIRE(configs.size() >= 3);
  for (const auto& config : configs) {
    INFO(config.string());
    const fs::path out = folder / (config.stem().string() + "_run");
    const auto run = runMemcosim("train --config " + (folder / config.string()).string() + " --out " + out.string(),
                                 folder / (config.stem().string() + "_io"));
    INFO(run.err);
    CHECK(run.exitCode == 0);
    const std::string history = readText(out / "history.csv");
    CHECK(std::count(history.begin(), history.end(), '\n') == 2);  // header and epoch 1
  }
}

TEST_CASE("examples: every sweep config runs each of its jobs for one epoch", "[examples]") {
  const TemporaryFolder folder("examples_sweep");
  writeShortenedExamples(folder.path());
  const auto configs = examples(folder.path(), true);
  REQUIRE(!configs.empty());
  for (const auto& config : configs) {
    INFO(config.string());
    const fs::path out = folder / (config.stem().string() + "_out");
    const auto run = runMemcosim("sweep --config " + (folder / config.string()).string() + " --out " + out.string(),
                                 folder / (config.stem().string() + "_io"));
    INFO(run.out + run.err);
    CHECK(run.exitCode == 0);
    std::istringstream rows(readText(out / "results.csv"));
    std::string row;
    std::getline(rows, row);  // header
    int jobs = 0;
    while (std::getline(rows, row)) {
      INFO(row);
      CHECK(row.find(",ok,") != std::string::npos);
      ++jobs;
    }
    CHECK(jobs > 0);
  }
}
