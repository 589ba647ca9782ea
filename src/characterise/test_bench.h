// I-V test benches: standalone decks `netlists/iv_<model>.cir` that run in plain `ngspice -b`.
//
// Each bench includes the model's generated library (models/<model>.lib), drives the write
// view with the model's characterisation sine for two cycles and prints v(in) and i(v1)
// (the device current is −i(v1)). Generated from the model definition like models/, so a
// test can fail when they are stale.
#pragma once

#include <filesystem>
#include <vector>

#include "devices/model.h"
#include "spice/netlist.h"

namespace memcosim::characterise {

/// The bench deck; `library` is the path written into its `.include` card.
spice::Netlist ivTestBench(const devices::ModelDefinition& model, const std::string& library);

/// Writes <netlists>/iv_<model>.cir for every physical model, including `<relative path from
/// netlists to models>/<model>.lib`; returns the files written.
std::vector<std::filesystem::path> writeTestBenches(const std::filesystem::path& netlists,
                                                    const std::filesystem::path& models);

}  // namespace memcosim::characterise
