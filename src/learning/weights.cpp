// Ideal conductance weights, clipped to [G_min, G_max].
#include "learning/weights.h"

#include <algorithm>
#include <stdexcept>

#include "io/number.h"
#include "io/random.h"
#include "solver/dc_solver.h"

namespace memcosim::learning {

std::vector<double> WeightBank::conductances() const {
  std::vector<double> g(size());
  for (std::size_t w = 0; w < g.size(); ++w) g[w] = conductance(w);
  return g;
}

double WeightBank::readCoContent(std::size_t /*w*/, double a, double b) const { return 0.5 * (b * b - a * a); }

IdealWeights::IdealWeights(std::size_t count, double gMin, double gMax, std::mt19937_64& rng)
    : g_(count), gMin_(gMin), gMax_(gMax) {
  if (!(gMin > 0.0) || !(gMax > gMin))
    throw std::invalid_argument("weights: need 0 < g_min < g_max (got " + io::formatNumber(gMin) + ", " +
                                io::formatNumber(gMax) + ")");
  for (auto& g : g_) g = gMin_ + (gMax_ - gMin_) * io::uniform01(rng);
}

void IdealWeights::set(std::size_t w, double g) { g_[w] = std::clamp(g, gMin_, gMax_); }

std::string IdealWeights::site(const circuits::WeightSites& sites, std::size_t w) const { return sites.resistor(w); }

double IdealWeights::siteValue(std::size_t w) const { return 1.0 / g_[w]; }

nlohmann::json IdealWeights::save() const { return {{"conductances", g_}}; }

void IdealWeights::restore(const nlohmann::json& saved) {
  auto g = saved.at("conductances").get<std::vector<double>>();
  if (g.size() != g_.size())
    throw std::runtime_error("checkpoint holds " + std::to_string(g.size()) + " conductances, the network has " +
                             std::to_string(g_.size()));
  for (std::size_t w = 0; w < g.size(); ++w)
    if (!std::isfinite(g[w]) || g[w] < gMin_ || g[w] > gMax_)
      throw std::runtime_error("checkpoint: weights.conductances[" + std::to_string(w) +
                               "] = " + io::formatNumber(g[w]) + " S lies outside [g_min, g_max] = [" +
                               io::formatNumber(gMin_) + ", " + io::formatNumber(gMax_) + "] S");
  g_ = std::move(g);
}

programming::PulseScheme WeightBank::pulseScheme() const {
  throw std::logic_error("weight bank: no programming pulses of a physical model here");
}

void WeightBank::disturb(std::size_t /*w*/, double /*amplitude_volt*/, double /*width_seconds*/, int /*count*/) {
  throw std::logic_error("weight bank: only devices of a physical model can be disturbed");
}

}  // namespace memcosim::learning
