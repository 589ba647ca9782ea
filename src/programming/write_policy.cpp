// Open-loop, step-table and write-verify writes, residual accumulation and write accounts.
#include "programming/write_policy.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "io/number.h"

namespace memcosim::programming {
namespace {

/// Whether a pulse of expected step `step` is worth applying with `distance` left to the target.
bool worthAnotherPulse(double step, double distance, double nominalStep) {
  return step * distance > 0.0 && std::abs(step) > kStalledStep * nominalStep &&
         std::abs(distance) > 0.5 * std::abs(step);
}

/// Every write, by any policy, is of a finite change.
void requireFinite(double deltaG_siemens) {
  if (!std::isfinite(deltaG_siemens))
    throw std::invalid_argument("deltaG = " + io::formatNumber(deltaG_siemens) +
                                " S: the conductance change must be finite");
}

Polarity polarityOf(double deltaG) { return deltaG > 0.0 ? Polarity::Set : Polarity::Reset; }

PulseRecord nothing(const ProgrammableDevice& device) {
  if (device.electrical()) return {0, 0.0, 0.0};
  return {};
}

WriteResult openLoop(ProgrammableDevice& device, double deltaG, std::mt19937_64& rng) {
  const int pulses = openLoopPulses(device, deltaG);
  if (pulses == 0) return {nothing(device), 0.0};
  const double written = (deltaG > 0.0 ? 1.0 : -1.0) * pulses * device.nominalStep();
  return {device.applyPulses(polarityOf(deltaG), pulses, rng), written};
}

WriteResult stepTable(ProgrammableDevice& device, double deltaG, std::mt19937_64& rng) {
  const double target = std::clamp(device.conductance() + deltaG, device.gMin(), device.gMax());
  const double nominal = device.nominalStep();
  const Walk walk = device.walkNominal(polarityOf(deltaG), device.maxPulses(), [&](double g, double next) {
    return worthAnotherPulse(next - g, target - g, nominal);
  });
  if (walk.pulses == 0) return {nothing(device), 0.0};
  return {device.applyPulses(polarityOf(deltaG), walk.pulses, rng), walk.deltaG_siemens};
}

/// Write-verify from a read `start` towards `target` (clamped to the window).
WriteResult verifyTo(ProgrammableDevice& device, double start, double target, std::mt19937_64& rng) {
  target = std::clamp(target, device.gMin(), device.gMax());
  const double nominal = device.nominalStep();
  PulseRecord record = nothing(device);
  double g = start;
  while (record.pulses < device.maxPulses()) {
    const Polarity polarity = target > g ? Polarity::Set : Polarity::Reset;
    if (!worthAnotherPulse(nominalStepFrom(device, polarity), target - g, nominal)) break;
    const PulseRecord pulse = device.applyPulses(polarity, 1, rng);
    record.pulses += pulse.pulses;
    if (pulse.energy_joule) record.energy_joule = record.energy_joule.value_or(0.0) + *pulse.energy_joule;
    if (pulse.time_seconds) record.time_seconds = record.time_seconds.value_or(0.0) + *pulse.time_seconds;
    g = device.read(rng);
  }
  return {record, g - start};
}

WriteResult verify(ProgrammableDevice& device, double deltaG, std::mt19937_64& rng) {
  const double start = device.read(rng);
  return verifyTo(device, start, start + deltaG, rng);
}

}  // namespace

int openLoopPulses(const ProgrammableDevice& device, double deltaG_siemens) {
  const double pulses = std::abs(deltaG_siemens) / device.nominalStep();
  if (pulses >= device.maxPulses()) return device.maxPulses();
  return static_cast<int>(std::lround(pulses));
}

double nominalStepFrom(const ProgrammableDevice& device, Polarity polarity) {
  return device.walkNominal(polarity, 1, [](double, double) { return true; }).deltaG_siemens;
}

WriteResult write(ProgrammableDevice& device, WritePolicy policy, double deltaG_siemens, std::mt19937_64& rng) {
  requireFinite(deltaG_siemens);
  switch (policy) {
    case WritePolicy::OpenLoop:
      return openLoop(device, deltaG_siemens, rng);
    case WritePolicy::StepTable:
      return stepTable(device, deltaG_siemens, rng);
    case WritePolicy::Verify:
    case WritePolicy::Siamese:
      return verify(device, deltaG_siemens, rng);
  }
  throw std::invalid_argument("unknown write policy");
}

Writer::Writer(std::size_t count, WritePolicy policy, bool accumulate, bool electrical)
    : policy_(policy),
      accumulate_(accumulate),
      residuals_(count, 0.0),
      twins_(policy == WritePolicy::Siamese ? count : 0, std::numeric_limits<double>::quiet_NaN()),
      accounts_(count) {
  if (electrical)
    for (auto& account : accounts_) account.energy_joule = account.time_seconds = 0.0;
}

WriteResult Writer::write(std::size_t i, ProgrammableDevice& device, double deltaG_siemens, std::mt19937_64& rng) {
  if (policy_ == WritePolicy::Siamese) {
    requireFinite(deltaG_siemens);
    const double gMin = device.gMin(), step = device.nominalStep();
    double& twin = twins_.at(i);
    if (std::isnan(twin)) twin = device.conductance();
    const auto level = [&](double g) { return std::lround((g - gMin) / step); };
    const long before = level(twin);
    twin = std::clamp(twin + deltaG_siemens, gMin, device.gMax());
    WriteResult result{nothing(device), 0.0};
    if (level(twin) != before) result = verifyTo(device, device.read(rng), gMin + level(twin) * step, rng);
    accounts_.at(i).add(result.record);
    return result;
  }
  const double request = deltaG_siemens + (accumulate_ ? residuals_.at(i) : 0.0);
  const WriteResult result = programming::write(device, policy_, request, rng);
  accounts_.at(i).add(result.record);
  if (accumulate_) {
    const double residual = request - result.believed_siemens;
    const double limit = policy_ == WritePolicy::OpenLoop
                             ? device.nominalStep()
                             : std::abs(nominalStepFrom(device, residual > 0.0 ? Polarity::Set : Polarity::Reset));
    residuals_[i] = std::clamp(residual, -limit, limit);
  }
  return result;
}

WriteAccount Writer::totals() const {
  WriteAccount total;
  for (const auto& account : accounts_) total += account;
  return total;
}

nlohmann::json Writer::save() const {
  std::vector<std::int64_t> pulses, writes;
  std::vector<double> energy, time;
  for (const auto& account : accounts_) {
    pulses.push_back(account.pulses);
    writes.push_back(account.writes);
    if (account.energy_joule) energy.push_back(*account.energy_joule);
    if (account.time_seconds) time.push_back(*account.time_seconds);
  }
  nlohmann::json accounts = {
      {"pulses", pulses}, {"writes", writes}, {"energy_joule", nullptr}, {"time_seconds", nullptr}};
  if (energy.size() == accounts_.size() && !accounts_.empty()) accounts["energy_joule"] = energy;
  if (time.size() == accounts_.size() && !accounts_.empty()) accounts["time_seconds"] = time;
  nlohmann::json saved = {{"residuals", residuals_}, {"accounts", accounts}};
  if (policy_ == WritePolicy::Siamese) {
    nlohmann::json twins = nlohmann::json::array();
    for (const double t : twins_) twins.push_back(std::isnan(t) ? nlohmann::json() : nlohmann::json(t));
    saved["twins"] = twins;
  }
  return saved;
}

void Writer::restore(const nlohmann::json& saved, double residualLimit) {
  const std::size_t count = accounts_.size();
  auto residuals = saved.at("residuals").get<std::vector<double>>();
  if (residuals.size() != count) throw std::runtime_error("checkpoint: residuals do not match the devices");
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(residuals[i]) || std::abs(residuals[i]) > residualLimit)
      throw std::runtime_error("checkpoint: weights.residuals[" + std::to_string(i) +
                               "] = " + io::formatNumber(residuals[i]) + " exceeds one pulse's step (" +
                               io::formatNumber(residualLimit) + " S)");
  if (!saved.contains("accounts"))
    throw std::runtime_error(
        "checkpoint: weights.accounts is missing (a checkpoint from before per-device write "
        "accounts); start a new run with --config FILE --out DIR");
  const nlohmann::json& accounts = saved.at("accounts");
  const auto pulses = accounts.at("pulses").get<std::vector<std::int64_t>>();
  const auto writes = accounts.at("writes").get<std::vector<std::int64_t>>();
  const auto numbers = [&](const char* key) -> std::vector<std::optional<double>> {
    if (accounts.at(key).is_null()) return std::vector<std::optional<double>>(count);
    const auto values = accounts.at(key).get<std::vector<double>>();
    if (values.size() != count)
      throw std::runtime_error(std::string("checkpoint: weights.accounts.") + key + " does not match the devices");
    return {values.begin(), values.end()};
  };
  const auto energy = numbers("energy_joule"), time = numbers("time_seconds");
  if (pulses.size() != count || writes.size() != count)
    throw std::runtime_error("checkpoint: weights.accounts do not match the devices");
  std::vector<WriteAccount> restored(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (pulses[i] < 0 || writes[i] < 0 || writes[i] > pulses[i])
      throw std::runtime_error("checkpoint: weights.accounts of device " + std::to_string(i) +
                               " are not counts (pulses >= writes >= 0)");
    restored[i] = {pulses[i], writes[i], energy[i], time[i]};
  }
  std::vector<double> twins(twins_.size(), std::numeric_limits<double>::quiet_NaN());
  if (policy_ == WritePolicy::Siamese) {
    if (!saved.contains("twins") || !saved.at("twins").is_array() || saved.at("twins").size() != count)
      throw std::runtime_error("checkpoint: weights.twins (the Siamese float twins) do not match the devices");
    for (std::size_t i = 0; i < count; ++i) {
      const auto& t = saved.at("twins").at(i);
      if (t.is_null()) continue;
      if (!t.is_number() || !std::isfinite(t.get<double>()))
        throw std::runtime_error("checkpoint: weights.twins[" + std::to_string(i) + "] is not a conductance");
      twins[i] = t.get<double>();
    }
  }
  residuals_ = std::move(residuals);
  twins_ = std::move(twins);
  accounts_ = std::move(restored);
}

}  // namespace memcosim::programming
