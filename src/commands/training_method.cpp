// The registry of training methods by name.
#include "commands/training_method.h"

#include <map>
#include <stdexcept>

namespace memcosim::commands {

namespace {

std::map<std::string, TrainingMethodFactory>& registry() {
  static std::map<std::string, TrainingMethodFactory> methods;  // built on first use: safe from static initialisers
  return methods;
}

}  // namespace

bool registerTrainingMethod(const std::string& name, TrainingMethodFactory factory) {
  if (!registry().emplace(name, std::move(factory)).second)
    throw std::logic_error("training method '" + name + "' registered twice");
  return true;
}

std::unique_ptr<TrainingMethod> makeTrainingMethod(const std::string& name) {
  const auto it = registry().find(name);
  if (it == registry().end()) {
    std::string known;
    for (const auto& method : trainingMethodNames()) known += (known.empty() ? "" : ", ") + method;
    throw std::invalid_argument("unknown training method \"" + name + "\" (known: " + known + ")");
  }
  return it->second();
}

std::vector<std::string> trainingMethodNames() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : registry()) names.push_back(name);
  return names;
}

}  // namespace memcosim::commands
