// Reading CSV data sets, the shipped data sets, stratified splitting, min-max scaling, one-hot targets.
#include "data/dataset.h"

#include "data/fixed_split.h"

#include "io/csv.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <random>
#include <set>

#include "io/number.h"
#include "io/random.h"

namespace memcosim::data {
namespace {

// ---- CSV reading ----

/// "file:line: " — the prefix of every message about a place in a file, as compilers write it.
std::string at(const std::string& file, std::size_t line) { return file + ":" + std::to_string(line) + ": "; }

std::string inQuotes(const std::string& text) { return "\"" + text + "\""; }

/// Splits one line into fields. A field may be quoted (RFC 4180, "" for a quote) so that
/// column names written by io::csvCell read back; line breaks inside quotes are not supported.
std::vector<std::string> splitFields(const std::string& line, const std::string& where) {
  try {
    return io::splitCsvLine(line);
  } catch (const std::invalid_argument& e) {
    throw DataError(where + e.what());
  }
}

double parseFeature(const std::string& cell, const std::string& where, const std::string& column) {
  const std::string columnWhere = where + "column " + inQuotes(column);
  if (cell.empty()) throw DataError(columnWhere + ": empty cell (missing values are not supported)");
  try {
    return io::parseNumber(cell, io::NumberSyntax::Plain, columnWhere);
  } catch (const io::NumberError& e) {
    throw DataError(e.what());
  }
}

int parseLabel(const std::string& cell, const std::string& where, const std::string& column) {
  const double value = io::readNumber(cell, io::NumberSyntax::Plain).value_or(-1.0);
  if (value < 0.0 || value != std::floor(value) || value > INT_MAX)
    throw DataError(where + "column " + inQuotes(column) + ": " + inQuotes(cell) +
                    " is not a class label (a non-negative integer 0, 1, 2, ...)");
  return static_cast<int>(value);
}

bool isBlank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

/// Reads the next non-blank line, without a trailing '\r' (files written on Windows).
bool nextLine(std::istream& in, std::string& line, std::size_t& lineNumber) {
  while (std::getline(in, line)) {
    ++lineNumber;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!isBlank(line)) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  return list;
}

/// Checks the header and returns the label column's index.
std::size_t labelColumnIndex(const std::vector<std::string>& header, const std::string& labelColumn,
                             const std::string& where) {
  std::set<std::string> seen;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c].empty()) throw DataError(where + "column " + std::to_string(c + 1) + " has no name");
    if (!seen.insert(header[c]).second) throw DataError(where + "column " + inQuotes(header[c]) + " appears twice");
  }
  const auto found = std::find(header.begin(), header.end(), labelColumn);
  if (found == header.end())
    throw DataError(where + "no label column " + inQuotes(labelColumn) + " among the columns " + joined(header));
  if (header.size() < 2) throw DataError(where + "no feature columns besides the label column");
  return static_cast<std::size_t>(found - header.begin());
}

/// Labels must be 0..K-1 with every class present: a gap means a mislabelled or truncated file.
std::size_t countClasses(const std::vector<int>& labels, const std::string& file, const std::string& labelColumn) {
  const std::set<int> present(labels.begin(), labels.end());
  const int largest = *present.rbegin();
  for (int k = 0; k <= largest; ++k)
    if (present.count(k) == 0)
      throw DataError(file + ": column " + inQuotes(labelColumn) + ": class " + std::to_string(k) +
                      " has no samples (labels must be 0..K-1 with every class present; the largest is " +
                      std::to_string(largest) + ")");
  return static_cast<std::size_t>(largest) + 1;
}

// ---- shipped data sets ----

struct BuiltinDataset {
  std::string name;
  std::vector<std::string> classNames;  // as documented in data/README.md
};

const std::vector<BuiltinDataset>& builtinTable() {
  static const std::vector<BuiltinDataset> table = {
      {"iris", {"setosa", "versicolor", "virginica"}},
      {"wisconsin", {"malignant", "benign"}},
      {"digits", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
  };
  return table;
}

const BuiltinDataset* findBuiltin(const std::string& name) {
  for (const auto& entry : builtinTable())
    if (entry.name == name) return &entry;
  return nullptr;
}

// ---- splitting ----

void checkConsistent(const Dataset& dataset) {
  if (static_cast<std::size_t>(dataset.features.rows()) != dataset.labels.size())
    throw std::invalid_argument("data set '" + dataset.name + "': " + std::to_string(dataset.features.rows()) +
                                " feature rows but " + std::to_string(dataset.labels.size()) + " labels");
  for (std::size_t i = 0; i < dataset.labels.size(); ++i)
    if (dataset.labels[i] < 0 || static_cast<std::size_t>(dataset.labels[i]) >= dataset.classes())
      throw std::invalid_argument("data set '" + dataset.name + "': sample " + std::to_string(i) + " has label " +
                                  std::to_string(dataset.labels[i]) + ", outside 0.." +
                                  std::to_string(static_cast<long>(dataset.classes()) - 1));
}

/// The rows `rows` of `dataset`, in that order, with its names.
Dataset selectRows(const Dataset& dataset, const std::vector<std::size_t>& rows) {
  Dataset part{dataset.name,
               dataset.featureNames,
               dataset.classNames,
               Eigen::MatrixXd(static_cast<Eigen::Index>(rows.size()), dataset.features.cols()),
               {}};
  part.labels.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    part.features.row(static_cast<Eigen::Index>(i)) = dataset.features.row(static_cast<Eigen::Index>(rows[i]));
    part.labels.push_back(dataset.labels[rows[i]]);
  }
  return part;
}

}  // namespace

Dataset readCsvDataset(const std::filesystem::path& file, const std::string& labelColumn) {
  const std::string fileName = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DataError(fileName + ": cannot open the file for reading");

  std::string line;
  std::size_t lineNumber = 0;
  if (!nextLine(in, line, lineNumber))
    throw DataError(fileName + ": empty file, expected a header row of column names");
  const std::size_t headerLine = lineNumber;
  const std::vector<std::string> header = splitFields(line, at(fileName, headerLine));
  const std::size_t labelIndex = labelColumnIndex(header, labelColumn, at(fileName, headerLine));

  std::vector<double> values;  // row-major, features only
  std::vector<int> labels;
  while (nextLine(in, line, lineNumber)) {
    const std::string where = at(fileName, lineNumber);
    const std::vector<std::string> fields = splitFields(line, where);
    if (fields.size() != header.size())
      throw DataError(where + std::to_string(fields.size()) + " fields, expected " + std::to_string(header.size()) +
                      " as in the header (line " + std::to_string(headerLine) + ")");
    for (std::size_t c = 0; c < fields.size(); ++c) {
      if (c == labelIndex)
        labels.push_back(parseLabel(fields[c], where, header[c]));
      else
        values.push_back(parseFeature(fields[c], where, header[c]));
    }
  }
  if (labels.empty()) throw DataError(at(fileName, headerLine) + "no data rows after the header");

  Dataset dataset;
  dataset.name = file.stem().string();
  for (std::size_t c = 0; c < header.size(); ++c)
    if (c != labelIndex) dataset.featureNames.push_back(header[c]);
  const auto rows = static_cast<Eigen::Index>(labels.size());
  const auto columns = static_cast<Eigen::Index>(dataset.featureNames.size());
  dataset.features = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      values.data(), rows, columns);
  const std::size_t classes = countClasses(labels, fileName, labelColumn);
  for (std::size_t k = 0; k < classes; ++k) dataset.classNames.push_back(std::to_string(k));
  dataset.labels = std::move(labels);
  return dataset;
}

std::filesystem::path dataDirectory() {
  const char* overridden = std::getenv("MEMCOSIM_DATA_DIR");
  if (overridden != nullptr && *overridden != '\0') return overridden;
  return std::filesystem::path(MEMCOSIM_SOURCE_DIR) / "data";
}

std::vector<std::string> builtinDatasetNames() {
  std::vector<std::string> names;
  for (const auto& entry : builtinTable()) names.push_back(entry.name);
  return names;
}

Dataset builtinDataset(const std::string& name) {
  const BuiltinDataset* entry = findBuiltin(name);
  if (entry == nullptr)
    throw std::invalid_argument("unknown data set '" + name +
                                "'; built-in data sets: " + joined(builtinDatasetNames()));
  const std::filesystem::path file = dataDirectory() / (name + ".csv");
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    throw DataError(file.string() + ": shipped data set not found; set MEMCOSIM_DATA_DIR to the folder holding " +
                    "iris.csv, wisconsin.csv and digits.csv (data/ in the source tree)");
  Dataset dataset = readCsvDataset(file);
  if (dataset.classes() != entry->classNames.size())
    throw DataError(file.string() + ": " + std::to_string(dataset.classes()) + " classes, expected " +
                    std::to_string(entry->classNames.size()) + " (" + joined(entry->classNames) +
                    "); regenerate it with scripts/fetch-datasets.sh");
  dataset.name = entry->name;
  dataset.classNames = entry->classNames;
  return dataset;
}

Dataset loadDataset(const std::string& nameOrPath) {
  if (findBuiltin(nameOrPath) != nullptr) return builtinDataset(nameOrPath);
  if (isFixedSplitDataset(nameOrPath))
    throw std::invalid_argument("data set '" + nameOrPath +
                                "' comes with its own training and test parts: read them with loadFixedSplit");
  std::error_code error;
  if (std::filesystem::is_regular_file(nameOrPath, error)) return readCsvDataset(nameOrPath);
  throw std::invalid_argument("'" + nameOrPath + "' is neither a built-in data set (" + joined(builtinDatasetNames()) +
                              ") nor an existing CSV file");
}

Split stratifiedSplit(const Dataset& dataset, double testFraction, std::uint64_t seed) {
  if (!(testFraction > 0.0 && testFraction < 1.0))
    throw std::invalid_argument("test fraction " + io::formatNumber(testFraction) +
                                " is outside (0, 1): give the share of each class to hold out, e.g. 0.2");
  checkConsistent(dataset);

  std::vector<std::vector<std::size_t>> byClass(dataset.classes());
  for (std::size_t i = 0; i < dataset.samples(); ++i) byClass[static_cast<std::size_t>(dataset.labels[i])].push_back(i);

  std::mt19937_64 rng(seed);
  std::vector<bool> inTest(dataset.samples(), false);
  for (std::size_t k = 0; k < byClass.size(); ++k) {
    auto& members = byClass[k];
    const auto testCount = static_cast<std::size_t>(std::llround(testFraction * static_cast<double>(members.size())));
    if (testCount == 0 || testCount >= members.size())
      throw std::invalid_argument("class '" + dataset.classNames[k] + "' of data set '" + dataset.name + "' has " +
                                  std::to_string(members.size()) + " samples, so test fraction " +
                                  io::formatNumber(testFraction) + " leaves " + std::to_string(testCount) +
                                  " for testing and " + std::to_string(members.size() - testCount) +
                                  " for training; each class needs at least one of each");
    io::shuffle(members, rng);
    for (std::size_t m = 0; m < testCount; ++m) inTest[members[m]] = true;
  }

  std::vector<std::size_t> trainRows;
  std::vector<std::size_t> testRows;
  for (std::size_t i = 0; i < dataset.samples(); ++i) (inTest[i] ? testRows : trainRows).push_back(i);
  return Split{selectRows(dataset, trainRows), selectRows(dataset, testRows)};
}

MinMaxScaler::MinMaxScaler(double low, double high) : low_(low), high_(high) {
  if (!std::isfinite(low) || !std::isfinite(high) || !(low < high))
    throw std::invalid_argument("scaler range [" + io::formatNumber(low) + ", " + io::formatNumber(high) +
                                "] is empty or not finite; give low < high");
}

void MinMaxScaler::fit(const Eigen::MatrixXd& features) {
  if (features.rows() == 0) throw std::invalid_argument("MinMaxScaler::fit: no samples to take the ranges from");
  if (!features.allFinite()) throw std::invalid_argument("MinMaxScaler::fit: features hold a NaN or infinite value");
  minimum_ = features.colwise().minCoeff().transpose();
  maximum_ = features.colwise().maxCoeff().transpose();
  fitted_ = true;
}

Eigen::MatrixXd MinMaxScaler::transform(const Eigen::MatrixXd& features) const {
  Eigen::MatrixXd scaled = features;
  transformInPlace(scaled);
  return scaled;
}

void MinMaxScaler::transformInPlace(Eigen::MatrixXd& features) const {
  if (!fitted_) throw std::logic_error("MinMaxScaler::transform called before fit(): fit it on the training features");
  if (features.cols() != minimum_.size())
    throw std::invalid_argument("MinMaxScaler::transform: " + std::to_string(features.cols()) +
                                " features, but the scaler was fitted on " + std::to_string(minimum_.size()));
  for (Eigen::Index j = 0; j < features.cols(); ++j) {
    const double range = maximum_(j) - minimum_(j);
    for (Eigen::Index i = 0; i < features.rows(); ++i) {
      if (range == 0.0) {
        features(i, j) = std::midpoint(low_, high_);
        continue;
      }
      const double t = (features(i, j) - minimum_(j)) / range;
      features(i, j) = std::clamp(low_ * (1.0 - t) + high_ * t, low_, high_);
    }
  }
}

Eigen::MatrixXd oneHot(const std::vector<int>& labels, std::size_t classes) {
  Eigen::MatrixXd targets =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(labels.size()), static_cast<Eigen::Index>(classes));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || static_cast<std::size_t>(labels[i]) >= classes)
      throw std::invalid_argument("oneHot: sample " + std::to_string(i) + " has label " + std::to_string(labels[i]) +
                                  ", outside 0.." + std::to_string(static_cast<long>(classes) - 1));
    targets(static_cast<Eigen::Index>(i), labels[i]) = 1.0;
  }
  return targets;
}

}  // namespace memcosim::data
