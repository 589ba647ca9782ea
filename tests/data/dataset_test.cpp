// Tests for data sets: the shipped CSVs, CSV errors, stratified splits, min-max scaling, one-hot targets.
#include "data/dataset.h"

#include <catch2/catch.hpp>

#include "support.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace memcosim::data;
using memcosim::testing::ScopedEnvironment;
namespace fs = std::filesystem;

namespace {

fs::path writeFile(const fs::path& folder, const std::string& name, const std::string& content) {
  auto file = folder / name;
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

std::map<int, int> classCounts(const std::vector<int>& labels) {
  std::map<int, int> counts;
  for (int label : labels) ++counts[label];
  return counts;
}

/// 30 samples, label i mod 3, one feature holding the sample's index so rows can be traced.
Dataset tracedDataset() {
  Dataset dataset{"traced", {"index"}, {"a", "b", "c"}, Eigen::MatrixXd(30, 1), {}};
  for (int i = 0; i < 30; ++i) {
    dataset.features(i, 0) = i;
    dataset.labels.push_back(i % 3);
  }
  return dataset;
}

std::vector<int> indices(const Dataset& part) {
  std::vector<int> rows;
  for (Eigen::Index i = 0; i < part.features.rows(); ++i) rows.push_back(static_cast<int>(part.features(i, 0)));
  return rows;
}

}  // namespace

TEST_CASE("dataset: builtin iris is 150 x 4 with 50 per class", "[data]") {
  const Dataset iris = builtinDataset("iris");
  CHECK(iris.name == "iris");
  CHECK(iris.samples() == 150);
  CHECK(iris.features.rows() == 150);
  CHECK(iris.features.cols() == 4);
  CHECK(iris.featureNames ==
        std::vector<std::string>{"sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"});
  CHECK(iris.classNames == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  CHECK(classCounts(iris.labels) == std::map<int, int>{{0, 50}, {1, 50}, {2, 50}});
  // First sample of Fisher's table: 5.1, 3.5, 1.4, 0.2, setosa.
  CHECK(iris.features(0, 0) == 5.1);
  CHECK(iris.features(0, 3) == 0.2);
  CHECK(iris.labels.front() == 0);
}

TEST_CASE("dataset: builtin wisconsin is 569 x 30 with 212 malignant and 357 benign", "[data]") {
  const Dataset wisconsin = builtinDataset("wisconsin");
  CHECK(wisconsin.samples() == 569);
  CHECK(wisconsin.features.cols() == 30);
  CHECK(wisconsin.featureNames.size() == 30);
  CHECK(wisconsin.featureNames.front() == "radius_mean");
  CHECK(wisconsin.featureNames[10] == "radius_se");
  CHECK(wisconsin.featureNames.back() == "fractal_dimension_worst");
  CHECK(wisconsin.classNames == std::vector<std::string>{"malignant", "benign"});
  CHECK(classCounts(wisconsin.labels) == std::map<int, int>{{0, 212}, {1, 357}});
}

TEST_CASE("dataset: builtin digits is 1797 x 64 with integer pixels 0..16", "[data]") {
  const Dataset digits = builtinDataset("digits");
  CHECK(digits.samples() == 1797);
  CHECK(digits.features.cols() == 64);
  CHECK(digits.featureNames.front() == "pixel_0");
  CHECK(digits.featureNames.back() == "pixel_63");
  CHECK(digits.classes() == 10);
  CHECK(digits.classNames[7] == "7");
  CHECK(digits.features.minCoeff() == 0.0);
  CHECK(digits.features.maxCoeff() == 16.0);
  CHECK((digits.features.array() == digits.features.array().round()).all());
  CHECK(classCounts(digits.labels).size() == 10);
}

TEST_CASE("dataset: names, unknown names and loading by name or path", "[data]") {
  CHECK(builtinDatasetNames() == std::vector<std::string>{"iris", "wisconsin", "digits"});
  CHECK_THROWS_AS(builtinDataset("mnist"), std::invalid_argument);
  CHECK_THROWS_WITH(builtinDataset("mnist"), Catch::Contains("mnist") && Catch::Contains("iris, wisconsin, digits"));
  CHECK(loadDataset("wisconsin").classNames.front() == "malignant");
  const Dataset byPath = loadDataset((dataDirectory() / "iris.csv").string());
  CHECK(byPath.name == "iris");
  CHECK(byPath.classNames == std::vector<std::string>{"0", "1", "2"});  // a plain CSV has no class names
  CHECK_THROWS_WITH(loadDataset("no/such/file.csv"), Catch::Contains("no/such/file.csv") && Catch::Contains("iris"));
}

TEST_CASE("dataset: MEMCOSIM_DATA_DIR overrides the data folder", "[data]") {
  const memcosim::testing::TemporaryFolder scratch("data_environment");
  const fs::path& folder = scratch.path();
  {
    const ScopedEnvironment environment("MEMCOSIM_DATA_DIR", folder.string());
    CHECK(dataDirectory() == folder);
    CHECK_THROWS_WITH(builtinDataset("iris"), Catch::Contains("MEMCOSIM_DATA_DIR"));
    writeFile(folder, "iris.csv", "x,label\n1,0\n2,1\n");
    CHECK_THROWS_WITH(builtinDataset("iris"), Catch::Contains("2 classes, expected 3"));
  }
  CHECK(dataDirectory() != folder);
}

TEST_CASE("dataset: CSV reading accepts any label position, quotes, CRLF and blank lines", "[data]") {
  const memcosim::testing::TemporaryFolder scratch("data_reading");
  const fs::path& folder = scratch.path();
  const auto file = writeFile(folder, "small.csv", "\"width, m\",class,+height\r\n1.5,1,-2e-3\r\n\r\n 2 , 0 ,+4\r\n");
  const Dataset small = readCsvDataset(file, "class");
  CHECK(small.name == "small");
  CHECK(small.featureNames == std::vector<std::string>{"width, m", "+height"});
  CHECK(small.classNames == std::vector<std::string>{"0", "1"});
  CHECK(small.labels == std::vector<int>{1, 0});
  CHECK(small.features(0, 0) == 1.5);
  CHECK(small.features(0, 1) == -2e-3);
  CHECK(small.features(1, 0) == 2.0);
  CHECK(small.features(1, 1) == 4.0);
}

TEST_CASE("dataset: CSV errors name the file, the line and the column", "[data]") {
  const memcosim::testing::TemporaryFolder scratch("data_errors");
  const fs::path& folder = scratch.path();
  const auto read = [&](const std::string& name, const std::string& content) {
    return readCsvDataset(writeFile(folder, name, content));
  };
  using Catch::Contains;
  CHECK_NOTHROW(read("fine.csv", "a,label\n1,0\n"));
  CHECK_THROWS_AS(read("word.csv", "a,label\n1,0\nabc,0\n"), DataError);
  CHECK_THROWS_WITH(read("iris.csv", "sepal_width_cm,petal_width_cm,label\n1,2,0\n3,abc,0\n"),
                    Contains("iris.csv:3: column \"petal_width_cm\": 'abc' is not a number"));
  CHECK_THROWS_WITH(read("comma.csv", "a,label\n1,0\n\n1;5,0\n"),
                    Contains("comma.csv:4: column \"a\": '1;5' is not a number"));
  CHECK_THROWS_WITH(read("inf.csv", "a,label\ninf,0\n"), Contains("inf.csv:2: column \"a\"") && Contains("finite"));
  CHECK_THROWS_WITH(read("gap.csv", "a,b,label\n1,,0\n"), Contains("gap.csv:2: column \"b\": empty cell"));
  CHECK_THROWS_WITH(read("ragged.csv", "a,b,label\n1,2,0\n1,0\n"), Contains("ragged.csv:3: 2 fields, expected 3"));
  CHECK_THROWS_WITH(read("nolabel.csv", "a,b,target\n1,2,0\n"),
                    Contains("nolabel.csv:1: no label column \"label\"") && Contains("a, b, target"));
  CHECK_THROWS_WITH(read("empty.csv", ""), Contains("empty.csv: empty file"));
  CHECK_THROWS_WITH(read("blank.csv", "\n  \n"), Contains("blank.csv: empty file"));
  CHECK_THROWS_WITH(read("header.csv", "a,label\n"), Contains("header.csv:1: no data rows"));
  CHECK_THROWS_WITH(read("negative.csv", "a,label\n1,0\n2,-1\n"),
                    Contains("negative.csv:3: column \"label\": \"-1\" is not a class label"));
  CHECK_THROWS_WITH(read("fraction.csv", "a,label\n1,0.5\n"),
                    Contains("fraction.csv:2: column \"label\": \"0.5\" is not a class label"));
  CHECK_THROWS_WITH(read("missing.csv", "a,label\n1,0\n2,2\n"),
                    Contains("missing.csv: column \"label\": class 1 has no samples"));
  CHECK_THROWS_WITH(read("twice.csv", "a,a,label\n1,2,0\n"), Contains("twice.csv:1: column \"a\" appears twice"));
  CHECK_THROWS_WITH(read("quote.csv", "\"a,label\n1,0\n"), Contains("quote.csv:1: unterminated quoted field"));
  CHECK_THROWS_WITH(readCsvDataset(folder / "absent.csv"), Contains("absent.csv: cannot open"));
}

TEST_CASE("dataset: stratified split keeps class proportions", "[data]") {
  const Dataset iris = builtinDataset("iris");
  const Split irisSplit = stratifiedSplit(iris, 0.2, 1);
  CHECK(classCounts(irisSplit.test.labels) == std::map<int, int>{{0, 10}, {1, 10}, {2, 10}});
  CHECK(classCounts(irisSplit.train.labels) == std::map<int, int>{{0, 40}, {1, 40}, {2, 40}});
  CHECK(irisSplit.train.features.rows() == 120);
  CHECK(irisSplit.test.features.cols() == 4);
  CHECK(irisSplit.train.classNames == iris.classNames);
  CHECK(irisSplit.test.featureNames == iris.featureNames);

  // 212 · 0.25 = 53 and 357 · 0.25 = 89.25 → 89.
  const Split wisconsinSplit = stratifiedSplit(builtinDataset("wisconsin"), 0.25, 3);
  CHECK(classCounts(wisconsinSplit.test.labels) == std::map<int, int>{{0, 53}, {1, 89}});
  CHECK(classCounts(wisconsinSplit.train.labels) == std::map<int, int>{{0, 159}, {1, 268}});
}

TEST_CASE("dataset: stratified split is a partition in original order, fixed by the seed", "[data]") {
  const Dataset traced = tracedDataset();
  const Split split = stratifiedSplit(traced, 0.3, 2024);
  const std::vector<int> train = indices(split.train);
  const std::vector<int> test = indices(split.test);
  CHECK(std::is_sorted(train.begin(), train.end()));
  CHECK(std::is_sorted(test.begin(), test.end()));
  std::set<int> all(train.begin(), train.end());
  for (int i : test) CHECK(all.insert(i).second);  // train ∩ test = ∅
  CHECK(all.size() == 30);                         // train ∪ test = everything
  for (std::size_t i = 0; i < test.size(); ++i) CHECK(split.test.labels[i] == test[i] % 3);  // rows keep their label

  // Gold value from an independent MT19937-64 and the same rejection draw and Fisher–Yates
  // (Python, outside this repository): the split must not depend on the standard library.
  CHECK(test == std::vector<int>{3, 9, 13, 14, 17, 18, 22, 25, 26});
  CHECK(indices(stratifiedSplit(traced, 0.3, 2024).test) == test);
  CHECK(indices(stratifiedSplit(traced, 0.3, 7).test) == std::vector<int>{0, 11, 12, 16, 17, 19, 21, 25, 26});

  const Dataset iris = builtinDataset("iris");
  const auto irisTest = [&](std::uint64_t seed) { return stratifiedSplit(iris, 0.2, seed).test.features; };
  CHECK(irisTest(11) == irisTest(11));
  CHECK(irisTest(11) != irisTest(12));
}

TEST_CASE("dataset: stratified split rejects fractions that empty a part", "[data]") {
  const Dataset traced = tracedDataset();
  for (double fraction : {0.0, 1.0, -0.1, 1.5, std::nan("")})
    CHECK_THROWS_AS(stratifiedSplit(traced, fraction, 1), std::invalid_argument);
  CHECK_THROWS_WITH(stratifiedSplit(traced, 0.01, 1), Catch::Contains("class 'a'") && Catch::Contains("10 samples"));
  CHECK_THROWS_WITH(stratifiedSplit(traced, 0.97, 1), Catch::Contains("at least one of each"));
  Dataset inconsistent = traced;
  inconsistent.labels.pop_back();
  CHECK_THROWS_AS(stratifiedSplit(inconsistent, 0.3, 1), std::invalid_argument);
}

TEST_CASE("dataset: min-max scaler maps the training range onto [low, high] and clips", "[data]") {
  Eigen::MatrixXd train(4, 3);
  train << 0.1, 5.0, 2.0,  //
      0.7, -5.0, 2.0,      //
      0.3, 1.0, 2.0,       //
      0.2, 0.0, 2.0;
  MinMaxScaler scaler(0.1, 0.7);
  CHECK_FALSE(scaler.fitted());
  CHECK_THROWS_AS(scaler.transform(train), std::logic_error);
  scaler.fit(train);
  CHECK(scaler.low() == 0.1);
  CHECK(scaler.high() == 0.7);
  CHECK(scaler.minimum() == Eigen::Vector3d(0.1, -5.0, 2.0));
  CHECK(scaler.maximum() == Eigen::Vector3d(0.7, 5.0, 2.0));

  const Eigen::MatrixXd scaled = scaler.transform(train);
  for (Eigen::Index j = 0; j < 2; ++j) {  // exactly low at the minimum, exactly high at the maximum
    CHECK(scaled.col(j).minCoeff() == 0.1);
    CHECK(scaled.col(j).maxCoeff() == 0.7);
  }
  CHECK(scaled(2, 1) == Approx(0.1 + 0.6 * 0.6));  // (1 − (−5)) / 10 = 0.6 of the way
  CHECK(scaled.col(2).isApproxToConstant(0.4));    // constant feature → midpoint

  Eigen::MatrixXd test(2, 3);
  test << -1.0, 100.0, 7.0,  //
      0.4, -6.0, -1.0;
  const Eigen::MatrixXd scaledTest = scaler.transform(test);
  CHECK(scaledTest(0, 0) == 0.1);  // below the training range: clipped to low
  CHECK(scaledTest(0, 1) == 0.7);  // above: clipped to high
  CHECK(scaledTest(1, 0) == Approx(0.4));
  CHECK(scaledTest(1, 1) == 0.1);
  CHECK(scaledTest.col(2).isApproxToConstant(0.4));
  Eigen::MatrixXd inPlace = test;  // the same numbers without a copy
  scaler.transformInPlace(inPlace);
  CHECK(inPlace == scaledTest);

  CHECK_THROWS_AS(scaler.transform(Eigen::MatrixXd(2, 2)), std::invalid_argument);
  CHECK_THROWS_AS(MinMaxScaler(1.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(MinMaxScaler(1.0, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(scaler.fit(Eigen::MatrixXd(0, 3)), std::invalid_argument);
}

TEST_CASE("dataset: scaled iris training features span [-1, 1]", "[data]") {
  const Split split = stratifiedSplit(builtinDataset("iris"), 0.2, 5);
  MinMaxScaler scaler(-1.0, 1.0);
  scaler.fit(split.train.features);
  const Eigen::MatrixXd train = scaler.transform(split.train.features);
  CHECK((train.colwise().minCoeff().array() == -1.0).all());
  CHECK((train.colwise().maxCoeff().array() == 1.0).all());
  const Eigen::MatrixXd test = scaler.transform(split.test.features);
  CHECK(test.minCoeff() >= -1.0);
  CHECK(test.maxCoeff() <= 1.0);
}

TEST_CASE("dataset: one-hot targets", "[data]") {
  const Eigen::MatrixXd targets = oneHot({2, 0, 1, 2}, 3);
  Eigen::MatrixXd expected(4, 3);
  expected << 0, 0, 1,  //
      1, 0, 0,          //
      0, 1, 0,          //
      0, 0, 1;
  CHECK(targets == expected);
  CHECK(oneHot({}, 2).rows() == 0);
  CHECK_THROWS_WITH(oneHot({0, 3}, 3), Catch::Contains("sample 1") && Catch::Contains("label 3"));
  CHECK_THROWS_AS(oneHot({-1}, 3), std::invalid_argument);
}
