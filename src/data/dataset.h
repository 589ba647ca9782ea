// Labelled classification data: CSV files, the shipped data sets, stratified splits and scaling.
//
// The path from a file to network inputs, one direction only:
//   loadDataset("iris" | path) → stratifiedSplit(seed) → MinMaxScaler::fit(train.features)
//     → transform(train.features), transform(test.features) → inputs;  oneHot(labels) → targets.
// The scaler is fitted on the training split only, so nothing about the test split leaks into
// training; test values outside the training range are clipped (see MinMaxScaler).
//
// File format (data/README.md): a header row of column names, then one row per sample of
// numbers written in the C locale; one column (default "label") holds the class as an integer
// 0..K-1, every class having at least one sample. All other columns are features, in file order.
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace memcosim::data {

/// A labelled data set: one row of `features` and one entry of `labels` per sample.
struct Dataset {
  std::string name;                       // "iris", or the CSV file's stem
  std::vector<std::string> featureNames;  // one per column of `features`
  std::vector<std::string> classNames;    // classNames[k] names label k
  Eigen::MatrixXd features;               // samples × features
  std::vector<int> labels;                // in 0..classes()-1

  [[nodiscard]] std::size_t samples() const { return labels.size(); }
  [[nodiscard]] std::size_t classes() const { return classNames.size(); }
};

/// A malformed data file. The message reads "file:line: column "name": what is wrong".
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads a CSV data set (format above). Class names default to "0".."K-1", the name to the file's
/// stem. Throws DataError naming the file, line and column for an unreadable or empty file, a
/// ragged row, a cell that is not a finite number, a missing or duplicate column name, a label
/// that is not a non-negative integer, or a class 0..K-1 without samples.
Dataset readCsvDataset(const std::filesystem::path& file, const std::string& labelColumn = "label");

/// Folder of the shipped data sets: $MEMCOSIM_DATA_DIR if set and non-empty, else the source
/// tree's data/ folder (so tests and in-tree runs need no set-up).
std::filesystem::path dataDirectory();

/// Names of the shipped data sets: "iris", "wisconsin", "digits".
std::vector<std::string> builtinDatasetNames();

/// A shipped data set, read from dataDirectory()/<name>.csv with its class names filled in.
/// Throws std::invalid_argument listing the known names if `name` is not one of them.
Dataset builtinDataset(const std::string& name);

/// A shipped data set by name, otherwise a CSV file by path. Throws std::invalid_argument if
/// `nameOrPath` is neither a known name nor an existing file, or names a data set that comes
/// with its own split (MNIST, Fashion-MNIST: data/fixed_split.h reads those).
Dataset loadDataset(const std::string& nameOrPath);

/// Training and test parts of a data set.
struct Split {
  Dataset train;
  Dataset test;
};

/// Splits every class separately so both parts keep the class proportions. For each class k
/// (in order 0..K-1) its sample indices are shuffled by Fisher–Yates driven by one
/// std::mt19937_64(seed), and the first round(testFraction · n_k) go to the test part. Both
/// parts keep the original sample order. The shuffle is io::shuffle (unbiased rejection draws)
/// rather than std::shuffle or std::uniform_int_distribution, whose outputs differ between
/// standard libraries, so a seed gives the same split everywhere.
/// Throws std::invalid_argument unless 0 < testFraction < 1 and every class gets at least one
/// training and one test sample.
Split stratifiedSplit(const Dataset& dataset, double testFraction, std::uint64_t seed);

/// Maps each feature j from its training range [min_j, max_j] onto [low, high]:
///   x' = low · (1 − t) + high · t,   t = (x − min_j) / (max_j − min_j),
/// then clips x' into [low, high] (test data may lie outside the training range). This form
/// gives exactly `low` at min_j and exactly `high` at max_j. A constant feature
/// (max_j = min_j) carries no information and maps to the midpoint (low + high) / 2.
///
/// Image sets are scaled per pixel like any other features. For MNIST this maps the border
/// pixels that are 0 in every training image (67 of 784 in the 60 000) to the midpoint, a
/// constant input that acts as one more bias; a pixel whose training maximum is below 255 is
/// stretched to the full range, and a brighter test pixel is clipped. A fixed 0..255 range
/// would differ only in those rare pixels; data/README.md gives the figures.
class MinMaxScaler {
 public:
  /// Throws std::invalid_argument unless low < high, both finite.
  MinMaxScaler(double low, double high);

  /// Records each column's minimum and maximum. Throws std::invalid_argument if `features` has
  /// no rows or holds a value that is not finite.
  void fit(const Eigen::MatrixXd& features);
  /// Throws std::logic_error before fit(), std::invalid_argument if the column count differs.
  [[nodiscard]] Eigen::MatrixXd transform(const Eigen::MatrixXd& features) const;
  /// transform() without a copy, for large data sets; throws as transform().
  void transformInPlace(Eigen::MatrixXd& features) const;

  [[nodiscard]] bool fitted() const { return fitted_; }
  [[nodiscard]] double low() const { return low_; }
  [[nodiscard]] double high() const { return high_; }
  [[nodiscard]] const Eigen::VectorXd& minimum() const { return minimum_; }  // per feature, after fit()
  [[nodiscard]] const Eigen::VectorXd& maximum() const { return maximum_; }

 private:
  double low_;
  double high_;
  bool fitted_ = false;
  Eigen::VectorXd minimum_;
  Eigen::VectorXd maximum_;
};

/// Row i is the unit vector of labels[i]: a samples × classes matrix of 0 and 1.
/// Throws std::invalid_argument naming the sample if a label is outside 0..classes-1.
Eigen::MatrixXd oneHot(const std::vector<int>& labels, std::size_t classes);

}  // namespace memcosim::data
