// The TOML config of `memcosim train` (examples/eqprop_*.toml document every field).
//
//   seed = 1                      # split, initial weights, sample order, device variation
//   method = "eqprop"             # the training method (commands/training_method.h); its
//                                 # circuit and settings sections are its own:
//   [network]  (eqprop) hidden = [10], bias_voltage, diode_shift, diode_saturation, amplifier_gain
//   [eqprop]   beta (siemens), amplifier_correction (older configs: in [training])
//   [data]     dataset, input_low, input_high (volts); test_fraction for a set split here,
//              train_samples, test_samples for a set with its own split (mnist, fashion-mnist)
//   [weights]  device = "ideal" | a physical model | a pulse-level device; g_min, g_max
//              (siemens); for either kind of device: ratio (R_off/R_on; g_min = g_max/ratio),
//              max_pulses, accumulate, write (step-table | open-loop | verify); for a physical
//              model: params = ["key=value"], engine, device_to_device, cycle_to_cycle,
//              read_noise (relative to g_max − g_min), p_stuck, stuck_at_max, states
//              (devices/variation.h)
//   [weights.pulsed]  a pulse-level device's own keys (dw_min = 0.005, w_max = 1, dw_min_std,
//              …: devices/pulsed/pulsed_device.h; `memcosim device describe <name>`)
//   [training] epochs, solver (ngspice | native), check_every, check_tolerance, batch_size,
//              optimizer, learning_rate, learning_rate_decay (per epoch), momentum, loss,
//              temperature, target_high, target_low, target_accuracy (held-out accuracy whose
//              first epoch summary.json and sweeps report as epochs_to_target)
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <memory>

#include "commands/training_method.h"
#include "devices/variation.h"
#include "io/config.h"
#include "learning/loss.h"
#include "learning/trainer.h"

namespace memcosim::commands {

struct WeightConfig {
  std::string device = "ideal";  // or a physical model, or a pulse-level device
  double gMin_siemens = 1e-7;
  double gMax_siemens = 1e-5;
  double ratio = 100.0;                       // device only: R_off/R_on
  std::vector<std::string> parameters;        // physical model: "key=value" overrides
  std::map<std::string, std::string> pulsed;  // pulse-level device: its keys and values
  std::string engine = "native";
  devices::Variation variation;  // device only; no bound spread (a physical device's bounds are its window)
  bool accumulate = true;
  std::string write = "step-table";  // or "open-loop", "verify", "siamese"
  int maxPulses = 0;                 // per update and device; 0: twice the pulses that cross the window
};

struct TrainConfig {
  std::filesystem::path file;
  std::string text;  // the config as read, kept with checkpoints so --resume needs no other file
  std::uint64_t seed = 1;
  std::shared_ptr<const TrainingMethod> method;  // with its settings, read once
  // [data]
  std::string dataset = "iris";
  double testFraction = 0.2;     // a shipped set or CSV file: the stratified split's test share
  std::size_t trainSamples = 0;  // a set with its own split: its first N training samples; 0: all
  std::size_t testSamples = 0;   // … and its first N test samples; 0: all
  double inputLow_volt = 0.0;
  double inputHigh_volt = 1.2;
  WeightConfig weights;
  // [training]
  int epochs = 40;
  std::string solver = "ngspice";     // or "native" (any weights)
  long checkEvery = 0;                // native: cross-check in ngspice about every N batches; 0: never
  double checkTolerance_volt = 1e-7;  // largest node-voltage difference the cross-check accepts
  double targetAccuracy = 0.0;        // 0: none; else the held-out accuracy epochs_to_target counts to
  learning::TrainingSettings training;
  learning::Loss loss;
};

/// Reads and validates a config (a data set is required; device, ratio and params must make a
/// working weight window); errors name the file, line and field.
TrainConfig readTrainConfig(const std::filesystem::path& file);
/// `alsoBeside`: a further folder to look for a relative CSV data set in.
TrainConfig parseTrainConfig(const std::string& text, const std::filesystem::path& file,
                             const std::filesystem::path& alsoBeside = {});

/// Every [weights] device: "ideal", the physical models, then the pulse-level devices.
std::vector<std::string> weightDeviceNames();

/// Whether `device` (a [weights] device) is a physical model: neither "ideal" nor pulse-level.
bool isPhysicalDevice(const std::string& device);

/// Throws (naming `weights`' file, line and its ratio or params field) unless the device of `w`
/// realises the window [1/g_max, ratio/g_max] with its parameter overrides.
void checkDeviceWindow(io::ConfigTable& weights, const WeightConfig& w);

}  // namespace memcosim::commands
