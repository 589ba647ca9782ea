// Training runs stopped after an epoch and resumed, for the tests of exact --resume.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <utility>

#include "commands/train_command.h"
#include "support.h"

namespace memcosim::testing {

struct Interrupted {};

/// Trains `config` into `out` and stops it after epoch 1, leaving a checkpoint to resume.
inline void trainOneEpoch(const commands::TrainConfig& config, const std::filesystem::path& out) {
  CHECK_THROWS_AS(commands::train(config, out, false,
                                  [](const learning::EpochRecord& r, double) {
                                    if (r.epoch == 1) throw Interrupted{};
                                  }),
                  Interrupted);
}

/// The checkpoints of `config` trained whole and trained with an interruption after epoch 1
/// then resumed, in `folder`.
inline std::pair<nlohmann::json, nlohmann::json> wholeAndResumed(const commands::TrainConfig& config,
                                                                 const std::filesystem::path& folder) {
  commands::train(config, folder / "whole", false);
  trainOneEpoch(config, folder / "broken");
  commands::resume(folder / "broken", false);
  return {nlohmann::json::parse(readText(folder / "whole" / "checkpoint.json")),
          nlohmann::json::parse(readText(folder / "broken" / "checkpoint.json"))};
}

}  // namespace memcosim::testing
