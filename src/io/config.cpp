// TOML config tables whose getters check type and range and name file, line and field in errors.
#include "io/config.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "io/number.h"

namespace memcosim::io {

namespace {

/// "must be ≥ 0.01 and ≤ 0.99", "must be > 1 and ≤ 1e+09", "must be ≥ 1e-18 (no upper bound)".
template <typename Number>
std::string rangeWords(Number minimum, Number maximum, bool exclusiveMinimum, std::string (*show)(Number)) {
  std::string words = std::string("must be ") + (exclusiveMinimum ? "> " : "≥ ") + show(minimum);
  if (maximum == std::numeric_limits<Number>::max()) return words + " (no upper bound)";
  return words + " and ≤ " + show(maximum);
}

std::string showNumber(double value) { return formatNumber(value); }
std::string showInteger(long value) { return std::to_string(value); }

}  // namespace

ConfigTable::ConfigTable(std::shared_ptr<toml::table> root, const toml::table* table, std::filesystem::path file,
                         std::string prefix, int line)
    : root_(std::move(root)), table_(table), file_(std::move(file)), prefix_(std::move(prefix)), line_(line) {}

std::string ConfigTable::readFile(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ConfigError(file.string() + ": cannot read the config file");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

ConfigTable ConfigTable::load(const std::filesystem::path& file) { return parse(readFile(file), file); }

ConfigTable ConfigTable::parse(const std::string& text, const std::filesystem::path& file) {
  try {
    auto root = std::make_shared<toml::table>(toml::parse(text, file.string()));
    const toml::table* table = root.get();
    return ConfigTable(root, table, file, "", 1);
  } catch (const toml::parse_error& e) {
    throw ConfigError(file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                      std::string(e.description()));
  }
}

std::string ConfigTable::where(const toml::node* node) const {
  const int line = node ? static_cast<int>(node->source().begin.line) : line_;
  return file_.string() + ":" + std::to_string(line);
}

void ConfigTable::fail(const std::string& key, const std::string& problem) const {
  const toml::node* n = table_ ? table_->get(key) : nullptr;
  throw ConfigError(where(n) + ": " + field(key) + ": " + problem);
}

bool ConfigTable::has(const std::string& key) const { return table_ && table_->contains(key); }

std::vector<std::string> ConfigTable::keys() const {
  std::vector<std::string> names;
  if (table_)
    for (const auto& [key, value] : *table_) names.emplace_back(key.str());
  return names;
}

const toml::node* ConfigTable::node(const std::string& key) {
  used_.insert(key);
  return table_ ? table_->get(key) : nullptr;
}

double ConfigTable::number(const std::string& key, double fallback, double minimum, double maximum) {
  return optionalNumber(key, minimum, maximum).value_or(fallback);
}

void ConfigTable::checkRange(const std::string& key, double value, double minimum, double maximum,
                             bool exclusiveMinimum) const {
  const bool below = exclusiveMinimum ? !(value > minimum) : value < minimum;
  if (!std::isfinite(value) || below || value > maximum)
    fail(key, formatNumber(value) +
                  " is outside the allowed range: " + rangeWords(minimum, maximum, exclusiveMinimum, showNumber));
}

std::optional<double> ConfigTable::optionalNumber(const std::string& key, double minimum, double maximum) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto value = n->value<double>();  // integers convert
  if (!value) fail(key, "expected a number");
  checkRange(key, *value, minimum, maximum, false);
  return value;
}

double ConfigTable::numberAbove(const std::string& key, double fallback, double exclusiveMinimum, double maximum) {
  const toml::node* n = node(key);
  if (!n) return fallback;
  const auto value = n->value<double>();
  if (!value) fail(key, "expected a number");
  checkRange(key, *value, exclusiveMinimum, maximum, true);
  return *value;
}

long ConfigTable::integer(const std::string& key, long fallback, long minimum, long maximum) {
  const toml::node* n = node(key);
  if (!n) return fallback;
  if (!n->is_integer()) fail(key, "expected an integer");
  const long value = static_cast<long>(n->as_integer()->get());
  if (value < minimum || value > maximum)
    fail(key,
         std::to_string(value) + " is outside the allowed range: " + rangeWords(minimum, maximum, false, showInteger));
  return value;
}

bool ConfigTable::flag(const std::string& key, bool fallback) {
  const toml::node* n = node(key);
  if (!n) return fallback;
  if (!n->is_boolean()) fail(key, "expected true or false");
  return n->as_boolean()->get();
}

std::string ConfigTable::text(const std::string& key, const std::string& fallback,
                              const std::vector<std::string>& allowed) {
  const toml::node* n = node(key);
  if (!n) return fallback;
  if (!n->is_string()) fail(key, "expected a string");
  std::string value = n->as_string()->get();
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    fail(key, "\"" + value + "\" is not one of: " + list);
  }
  return value;
}

std::vector<double> ConfigTable::numbers(const std::string& key, const std::vector<double>& fallback, double minimum,
                                         double maximum) {
  return numberList(key, fallback, minimum, maximum, false);
}

std::vector<double> ConfigTable::numbersAbove(const std::string& key, const std::vector<double>& fallback,
                                              double exclusiveMinimum, double maximum) {
  return numberList(key, fallback, exclusiveMinimum, maximum, true);
}

std::vector<double> ConfigTable::numberList(const std::string& key, const std::vector<double>& fallback, double minimum,
                                            double maximum, bool exclusiveMinimum) {
  const toml::node* n = node(key);
  if (!n) return fallback;
  if (!n->is_array()) fail(key, "expected an array of numbers");
  std::vector<double> values;
  for (const auto& item : *n->as_array()) {
    const auto value = item.value<double>();
    if (!value) fail(key, "expected an array of numbers");
    checkRange(key, *value, minimum, maximum, exclusiveMinimum);
    values.push_back(*value);
  }
  return values;
}

std::vector<long> ConfigTable::integers(const std::string& key, const std::vector<long>& fallback, long minimum,
                                        long maximum) {
  const toml::node* n = node(key);
  if (!n) return fallback;
  if (!n->is_array()) fail(key, "expected an array of integers");
  std::vector<long> values;
  for (const auto& item : *n->as_array()) {
    if (!item.is_integer()) fail(key, "expected an array of integers");
    const long value = static_cast<long>(item.as_integer()->get());
    if (value < minimum || value > maximum)
      fail(key, std::to_string(value) +
                    " is outside the allowed range: " + rangeWords(minimum, maximum, false, showInteger));
    values.push_back(value);
  }
  return values;
}

std::vector<std::string> ConfigTable::texts(const std::string& key, const std::vector<std::string>& fallback) {
  const toml::node* n = node(key);
  if (!n) return fallback;
  if (!n->is_array()) fail(key, "expected an array of strings");
  std::vector<std::string> values;
  for (const auto& item : *n->as_array()) {
    if (!item.is_string()) fail(key, "expected an array of strings");
    values.push_back(item.as_string()->get());
  }
  return values;
}

ConfigTable ConfigTable::table(const std::string& key) {
  const toml::node* n = node(key);
  if (n && !n->is_table()) fail(key, "expected a table ([" + field(key) + "])");
  const int line = n ? static_cast<int>(n->source().begin.line) : line_;
  return ConfigTable(root_, n ? n->as_table() : nullptr, file_, field(key), line);
}

void ConfigTable::finish() const {
  if (!table_) return;
  for (const auto& [key, value] : *table_)
    if (!used_.count(std::string(key.str())))
      throw ConfigError(where(&value) + ": " + field(std::string(key.str())) + ": unknown option");
}

}  // namespace memcosim::io
