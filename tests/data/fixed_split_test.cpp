// Tests for MNIST and Fashion-MNIST: names, the missing-set error, the published split, its checks.
#include "data/fixed_split.h"

#include <catch2/catch.hpp>

#include <map>

#include "data/idx.h"
#include "data/idx_files.h"
#include "support.h"

using namespace memcosim::data;
using memcosim::testing::ScopedEnvironment;
using memcosim::testing::TemporaryFolder;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kDigits{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

std::map<int, int> classCounts(const std::vector<int>& labels) {
  std::map<int, int> counts;
  for (int label : labels) ++counts[label];
  return counts;
}

bool realFilesPresent(const std::string& name) {
  try {
    requireFixedSplitFiles(name);
    return true;
  } catch (const DataError&) {
    return false;
  }
}

}  // namespace

TEST_CASE("fixed_split: names, part sizes and folders of the sets with their own split", "[data]") {
  CHECK(fixedSplitDatasetNames() == std::vector<std::string>{"mnist", "fashion-mnist"});
  CHECK(isFixedSplitDataset("mnist"));
  CHECK(isFixedSplitDataset("fashion-mnist"));
  CHECK_FALSE(isFixedSplitDataset("iris"));
  CHECK_FALSE(isFixedSplitDataset("MNIST"));
  for (const auto& name : fixedSplitDatasetNames()) {
    CHECK(fixedSplitSizes(name).train == 60000);
    CHECK(fixedSplitSizes(name).test == 10000);
    CHECK(fixedSplitFolder(name) == dataDirectory() / name);
  }
  CHECK_THROWS_AS(fixedSplitSizes("emnist"), std::invalid_argument);
  CHECK_THROWS_WITH(fixedSplitSizes("emnist"), Catch::Contains("'emnist'") && Catch::Contains("mnist, fashion-mnist"));
  // A set with its own split is not one to split again.
  CHECK_THROWS_WITH(loadDataset("mnist"),
                    Catch::Contains("own training and test parts") && Catch::Contains("loadFixedSplit"));
}

TEST_CASE("fixed_split: a set not on this machine names the script that fetches it and the file expected", "[data]") {
  const TemporaryFolder folder("fixed_split_missing");
  const ScopedEnvironment environment("MEMCOSIM_DATA_DIR", folder.path().string());
  const std::string expected = (folder / "mnist" / "train-images-idx3-ubyte").string();
  CHECK_THROWS_AS(requireFixedSplitFiles("mnist"), DataError);
  CHECK_THROWS_WITH(
      requireFixedSplitFiles("mnist"),
      "data set 'mnist' is not on this machine: run scripts/fetch-mnist.sh mnist (expected " + expected + ")");
  CHECK_THROWS_WITH(loadFixedSplit("mnist", 10, 10), Catch::Contains("run scripts/fetch-mnist.sh mnist"));
  CHECK_THROWS_WITH(loadFixedSplit("fashion-mnist"),
                    Catch::Contains("data set 'fashion-mnist' is not on this machine") &&
                        Catch::Contains("run scripts/fetch-mnist.sh fashion-mnist") &&
                        Catch::Contains((folder / "fashion-mnist" / "train-images-idx3-ubyte").string()));

  // Three of four files is still missing one, and that one is named.
  memcosim::testing::writeSyntheticMnist(folder / "mnist", 1, 1);
  fs::remove(folder / "mnist" / "t10k-labels-idx1-ubyte");
  CHECK_THROWS_WITH(requireFixedSplitFiles("mnist"), Catch::EndsWith("mnist/t10k-labels-idx1-ubyte)"));
}

TEST_CASE("fixed_split: the first N images of each published part, with the set's class names", "[data]") {
  const TemporaryFolder folder("fixed_split_load");
  const ScopedEnvironment environment("MEMCOSIM_DATA_DIR", folder.path().string());
  memcosim::testing::writeSyntheticMnist(folder / "mnist");
  memcosim::testing::writeSyntheticMnist(folder / "fashion-mnist");

  const Split split = loadFixedSplit("mnist", 25, 7);
  CHECK(split.train.name == "mnist");
  CHECK(split.train.classNames == kDigits);
  CHECK(split.test.classNames == kDigits);
  REQUIRE(split.train.features.rows() == 25);
  REQUIRE(split.train.features.cols() == 784);
  REQUIRE(split.test.features.rows() == 7);
  CHECK(split.train.featureNames.front() == "pixel_0");
  CHECK(split.train.featureNames.back() == "pixel_783");
  for (std::size_t i = 0; i < 25; ++i) {
    CHECK(split.train.labels[i] == memcosim::testing::syntheticLabel(i, 0));
    CHECK(split.train.features(i, 100) == memcosim::testing::syntheticPixel(i, 100));
  }
  for (std::size_t i = 0; i < 7; ++i) {
    CHECK(split.test.labels[i] == memcosim::testing::syntheticLabel(i, 3));  // from the test files
    CHECK(split.test.features(i, 783) == memcosim::testing::syntheticPixel(i, 783));
  }

  const Split fashion = loadFixedSplit("fashion-mnist", 3, 2);
  CHECK(fashion.train.name == "fashion-mnist");
  CHECK(fashion.train.classNames == std::vector<std::string>{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                             "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"});

  const Split whole = loadFixedSplit("mnist");  // 0: every image of both parts
  CHECK(whole.train.samples() == 60000);
  CHECK(whole.test.samples() == 10000);
  CHECK(whole.train.features.row(24) == split.train.features.row(24));

  CHECK_THROWS_AS(loadFixedSplit("mnist", 60001, 1), std::invalid_argument);
  CHECK_THROWS_WITH(loadFixedSplit("mnist", 1, 10001),
                    Catch::Contains("10001 test samples asked for") && Catch::Contains("holds 10000"));
}

TEST_CASE("fixed_split: files of another size than the published parts are refused, naming the file", "[data]") {
  const TemporaryFolder folder("fixed_split_sizes");
  const ScopedEnvironment environment("MEMCOSIM_DATA_DIR", folder.path().string());
  memcosim::testing::writeSyntheticMnist(folder / "mnist", 100, 10000);
  const std::string images = (folder / "mnist" / "train-images-idx3-ubyte").string();
  CHECK_THROWS_AS(loadFixedSplit("mnist", 10, 10), DataError);
  CHECK_THROWS_WITH(loadFixedSplit("mnist", 10, 10),
                    Catch::StartsWith(images + ": 100 images of 28 × 28 pixels, but the training part of 'mnist' has "
                                               "60000 images of 28 × 28 pixels") &&
                        Catch::Contains("scripts/fetch-mnist.sh mnist"));
  // A malformed file is named by the IDX reader.
  memcosim::testing::writeBytes(folder / "mnist" / "train-images-idx3-ubyte", std::string("\x1f\x8b\x08\x00", 4));
  CHECK_THROWS_WITH(loadFixedSplit("mnist", 10, 10), Catch::StartsWith(images + ": gzip-compressed"));
}

TEST_CASE("fixed_split: the fetched MNIST and Fashion-MNIST, when on this machine, are the published sets", "[data]") {
  // Needs scripts/fetch-mnist.sh to have been run; passes with a warning otherwise.
  for (const std::string name : {"mnist", "fashion-mnist"}) {
    if (!realFilesPresent(name)) {
      WARN("not checked: data set '" << name << "' is not on this machine (scripts/fetch-mnist.sh " << name << ")");
      continue;
    }
    const Split split = loadFixedSplit(name);
    CHECK(split.train.samples() == 60000);
    CHECK(split.test.samples() == 10000);
    CHECK(split.train.features.cols() == 784);
    CHECK(split.train.features.minCoeff() == 0.0);
    CHECK(split.train.features.maxCoeff() == 255.0);
    const std::vector<int> firstTrain(split.train.labels.begin(), split.train.labels.begin() + 10);
    const std::vector<int> firstTest(split.test.labels.begin(), split.test.labels.begin() + 10);
    if (name == "mnist") {
      CHECK(firstTrain == std::vector<int>{5, 0, 4, 1, 9, 2, 1, 3, 1, 4});
      CHECK(firstTest == std::vector<int>{7, 2, 1, 0, 4, 1, 4, 9, 5, 9});
      CHECK(classCounts(split.train.labels) == std::map<int, int>{{0, 5923},
                                                                  {1, 6742},
                                                                  {2, 5958},
                                                                  {3, 6131},
                                                                  {4, 5842},
                                                                  {5, 5421},
                                                                  {6, 5918},
                                                                  {7, 6265},
                                                                  {8, 5851},
                                                                  {9, 5949}});
      CHECK(
          classCounts(split.test.labels) ==
          std::map<int, int>{
              {0, 980}, {1, 1135}, {2, 1032}, {3, 1010}, {4, 982}, {5, 892}, {6, 958}, {7, 1028}, {8, 974}, {9, 1009}});
      // Border pixels that no training image touches: MinMaxScaler maps them to its midpoint.
      const Eigen::RowVectorXd range = split.train.features.colwise().maxCoeff();
      CHECK((range.array() == 0.0).count() == 67);
    } else {
      CHECK(firstTrain == std::vector<int>{9, 0, 0, 3, 0, 2, 7, 2, 5, 5});
      CHECK(firstTest == std::vector<int>{9, 2, 1, 1, 6, 1, 4, 6, 5, 7});
      for (const auto& [label, count] : classCounts(split.train.labels)) CHECK(count == 6000);
      for (const auto& [label, count] : classCounts(split.test.labels)) CHECK(count == 1000);
    }
  }
}
