// Parameter sets (defaults plus validated overrides) and the registry of compact models.
#include "devices/model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include "io/number.h"
#include "io/text.h"

namespace memcosim::devices {
namespace {

using io::lowerCase;

std::string knownParameters(const ModelDefinition& model) { return parameterNames(model.parameters); }

std::string numberText(double value) { return parameterNumber(value); }

}  // namespace

ParameterSet::ParameterSet(const ModelDefinition& model) : model_(&model) {
  for (const auto& spec : model.parameters) values_[spec.name] = spec.defaultValue;
}

const ParameterSpec& ParameterSet::spec(const std::string& name) const {
  const ParameterSpec* found = findParameter(model_->parameters, lowerCase(name));
  if (found == nullptr)
    throw ParameterError("model '" + model_->name + "' has no parameter '" + name +
                         "'; known parameters: " + knownParameters(*model_));
  return *found;
}

void ParameterSet::set(const std::string& name, double value) {
  const ParameterSpec& found = spec(name);
  values_[found.name] = checkedParameter(found, value);
}

void ParameterSet::setFromText(const std::string& assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos) throw ParameterError("expected name=value, got '" + assignment + "'");
  const std::string name = io::trimmed(assignment.substr(0, equals));
  const ParameterSpec& found = spec(name);
  values_[found.name] = parseParameter(found, io::trimmed(assignment.substr(equals + 1)), io::NumberSyntax::SpiceScale);
}

double ParameterSet::get(const std::string& name) const { return values_.at(spec(name).name); }

StateBounds ParameterSet::stateBounds() const {
  const StateSpec& state = model_->state;
  return {state.minimumParameter.empty() ? state.minimum : get(state.minimumParameter),
          state.maximumParameter.empty() ? state.maximum : get(state.maximumParameter)};
}

double ParameterSet::initialState() const {
  return model_->state.initialParameter.empty() ? model_->state.initial : get(model_->state.initialParameter);
}

void ParameterSet::checkConsistent() const {
  const StateBounds bounds = stateBounds();
  if (!(bounds.minimum < bounds.maximum)) {
    const StateSpec& state = model_->state;
    const std::string lower = state.minimumParameter.empty() ? "the fixed lower bound" : state.minimumParameter;
    const std::string upper = state.maximumParameter.empty() ? "the fixed upper bound" : state.maximumParameter;
    throw ParameterError("model '" + model_->name + "': the " + state.name + " range is empty (" + lower + " = " +
                         numberText(bounds.minimum) + " is not below " + upper + " = " + numberText(bounds.maximum) +
                         "); choose " + lower + " < " + upper);
  }
  std::vector<std::string> names;
  std::vector<double> values;
  for (const auto& [name, value] : values_) {
    names.push_back(name);
    values.push_back(value);
  }
  for (const auto& constraint : model_->constraints) {
    if (CompiledExpr(constraint.holds, names)(values) != 0.0) continue;
    std::string involved;
    for (const auto& name : constraint.holds.symbols())
      involved += (involved.empty() ? "" : ", ") + name + " = " + numberText(get(name));
    throw ParameterError("model '" + model_->name + "' needs " + constraint.description + ", but " + involved + ": " +
                         constraint.advice);
  }
}

void ParameterSet::checkInitialState(double x0) const {
  const StateBounds bounds = stateBounds();
  if (std::isfinite(x0) && x0 >= bounds.minimum && x0 <= bounds.maximum) return;
  const std::string unit = model_->state.unit == "1" ? "" : " " + model_->state.unit;
  throw ParameterError("initial state " + model_->state.name + " = " + numberText(x0) + unit +
                       " lies outside the bounds [" + numberText(bounds.minimum) + ", " + numberText(bounds.maximum) +
                       "] of model '" + model_->name + "'; choose an initial state within them");
}

Expr stateLowerBound(const ModelDefinition& model) {
  return model.state.minimumParameter.empty() ? Expr(model.state.minimum) : Expr::symbol(model.state.minimumParameter);
}

Expr stateUpperBound(const ModelDefinition& model) {
  return model.state.maximumParameter.empty() ? Expr(model.state.maximum) : Expr::symbol(model.state.maximumParameter);
}

ModelRegistry& ModelRegistry::instance() {
  static ModelRegistry registry;
  return registry;
}

void ModelRegistry::add(std::function<ModelDefinition()> factory) {
  ModelDefinition model = factory();
  const std::string name = model.name;
  if (models_.count(name) != 0) throw std::logic_error("model '" + name + "' registered twice");
  models_.emplace(name, std::move(model));
}

const ModelDefinition& ModelRegistry::find(const std::string& name) const {
  const auto found = models_.find(lowerCase(name));
  if (found != models_.end()) return found->second;
  std::string known;
  for (const auto& [key, model] : models_) known += (known.empty() ? "" : ", ") + key;
  throw std::invalid_argument("unknown model '" + name + "'; known models: " + known);
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> result;
  for (const auto& [key, model] : models_) result.push_back(key);
  return result;
}

}  // namespace memcosim::devices
