// Reading TOML configs with errors that name the file, the line and the field.
//
// A ConfigTable wraps one TOML table. Every getter checks the type and range of its field and
// throws ConfigError("<file>:<line>: <section.key>: <problem>"); finish() rejects keys nobody
// asked for, so a misspelt option is an error instead of a silently ignored default.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace memcosim::io {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ConfigTable {
 public:
  /// The text of a config file; ConfigError if it cannot be read.
  static std::string readFile(const std::filesystem::path& file);
  /// Parses `file`; a TOML syntax error becomes a ConfigError naming the line.
  static ConfigTable load(const std::filesystem::path& file);
  /// Parses `text` as if it were `file` (for tests and for configs stored in checkpoints).
  static ConfigTable parse(const std::string& text, const std::filesystem::path& file);

  [[nodiscard]] bool has(const std::string& key) const;
  /// Numbers in [minimum, maximum]; a maximum of DBL_MAX reads "no upper bound" in errors.
  double number(const std::string& key, double fallback, double minimum, double maximum);
  std::optional<double> optionalNumber(const std::string& key, double minimum, double maximum);
  /// Numbers in (exclusiveMinimum, maximum]: above the minimum, never equal to it.
  double numberAbove(const std::string& key, double fallback, double exclusiveMinimum, double maximum);
  long integer(const std::string& key, long fallback, long minimum, long maximum);
  bool flag(const std::string& key, bool fallback);
  /// A string; if `allowed` is not empty the value must be one of them.
  std::string text(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed = {});
  std::vector<double> numbers(const std::string& key, const std::vector<double>& fallback, double minimum,
                              double maximum);
  std::vector<double> numbersAbove(const std::string& key, const std::vector<double>& fallback, double exclusiveMinimum,
                                   double maximum);
  std::vector<long> integers(const std::string& key, const std::vector<long>& fallback, long minimum, long maximum);
  std::vector<std::string> texts(const std::string& key, const std::vector<std::string>& fallback);
  /// Every key of this table (sorted), read or not.
  [[nodiscard]] std::vector<std::string> keys() const;
  /// The TOML node of `key` as it is (marked as read), or nullptr: for fields whose type is
  /// the caller's to judge, such as a sweep's values of any config field.
  const toml::node* rawNode(const std::string& key) { return node(key); }
  /// A sub-table; an empty one if the key is missing. Call its own finish() when read.
  ConfigTable table(const std::string& key);
  /// Throws naming the first key of this table that no getter asked for.
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

 private:
  ConfigTable(std::shared_ptr<toml::table> root, const toml::table* table, std::filesystem::path file,
              std::string prefix, int line);
  const toml::node* node(const std::string& key);
  std::vector<double> numberList(const std::string& key, const std::vector<double>& fallback, double minimum,
                                 double maximum, bool exclusiveMinimum);
  /// Throws unless `value` is finite and within the range, saying the range in words.
  void checkRange(const std::string& key, double value, double minimum, double maximum, bool exclusiveMinimum) const;
  [[nodiscard]] std::string where(const toml::node* node) const;
  [[nodiscard]] std::string field(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

  std::shared_ptr<toml::table> root_;
  const toml::table* table_;
  std::filesystem::path file_;
  std::string prefix_;
  int line_;
  std::set<std::string> used_;
};

}  // namespace memcosim::io
