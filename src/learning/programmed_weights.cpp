// The Writer, noise stream and checkpoint every bank of programmed devices shares.
#include "learning/programmed_weights.h"

#include <sstream>
#include <stdexcept>

namespace memcosim::learning {

ProgrammedWeights::ProgrammedWeights(std::size_t count, programming::WritePolicy policy, bool accumulate,
                                     bool electrical, std::mt19937_64& rng)
    : writer_(count, policy, accumulate, electrical), rng_(rng()) {}

void ProgrammedWeights::apply(std::size_t w, double deltaG) {
  if (writer_.write(w, programmable(w), deltaG, rng_).record.pulses > 0) moved(w);
}

std::vector<programming::WriteAccount> ProgrammedWeights::writeAccounts() const {
  std::vector<programming::WriteAccount> accounts;
  for (std::size_t w = 0; w < writer_.size(); ++w) accounts.push_back(writer_.account(w));
  return accounts;
}

nlohmann::json ProgrammedWeights::saveProgramming() const {
  std::ostringstream rng;
  rng << rng_;
  nlohmann::json saved = writer_.save();
  saved.update({{"rng", rng.str()}, {"pulses", pulses()}});
  return saved;
}

void ProgrammedWeights::restoreProgramming(const nlohmann::json& saved, double residualLimit) {
  std::istringstream rngText(saved.at("rng").get<std::string>());
  std::mt19937_64 rng;
  rngText >> rng;
  if (!rngText) throw std::runtime_error("checkpoint: weights.rng is not a random-generator state");
  writer_.restore(saved, residualLimit);
  rng_ = rng;
}

}  // namespace memcosim::learning
