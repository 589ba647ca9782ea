// Checks that the committed models/ files match what the model definitions generate.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "devices/model_views.h"
#include "support.h"

namespace memcosim::devices {
namespace {

using memcosim::testing::readText;
}  // namespace

TEST_CASE("models/ holds the generated .lib and .va of every model", "[devices]") {
  const memcosim::testing::TemporaryFolder folder("models");
  const auto& temporary = folder.path();
  writeModelFiles(temporary);
  const std::filesystem::path committed = MEMCOSIM_SOURCE_DIR "/models";
  std::vector<std::string> stale;
  for (const auto& entry : std::filesystem::directory_iterator(temporary)) {
    const auto name = entry.path().filename();
    if (!std::filesystem::exists(committed / name) || readText(committed / name) != readText(entry.path()))
      stale.push_back(name.string());
  }
  if (std::filesystem::exists(committed))
    for (const auto& entry : std::filesystem::directory_iterator(committed))
      if (!std::filesystem::exists(temporary / entry.path().filename()))
        stale.push_back(entry.path().filename().string() + " (no such model)");
  std::string list;
  for (const auto& name : stale) list += " " + name;
  INFO("differing files:" << list);
  if (!stale.empty()) FAIL("models/ is stale: run `memcosim models generate` from the repository top");
}

}  // namespace memcosim::devices
