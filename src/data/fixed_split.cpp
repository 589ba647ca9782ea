// MNIST and Fashion-MNIST: where their files are, and their training and test parts as published.
#include "data/fixed_split.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "data/idx.h"

namespace memcosim::data {
namespace {

struct FixedSplitDataset {
  std::string name;
  std::string fetch;                    // the command that puts its files in place
  std::vector<std::string> classNames;  // as documented in data/README.md
  PartSizes sizes;
  std::size_t rows;
  std::size_t columns;
};

const std::vector<FixedSplitDataset>& fixedSplitTable() {
  static const std::vector<FixedSplitDataset> table = {
      {"mnist",
       "scripts/fetch-mnist.sh mnist",
       {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
       {60000, 10000},
       28,
       28},
      {"fashion-mnist",
       "scripts/fetch-mnist.sh fashion-mnist",
       {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"},
       {60000, 10000},
       28,
       28},
  };
  return table;
}

const FixedSplitDataset& find(const std::string& name) {
  for (const auto& entry : fixedSplitTable())
    if (entry.name == name) return entry;
  std::string known;
  for (const auto& entry : fixedSplitTable()) known += (known.empty() ? "" : ", ") + entry.name;
  throw std::invalid_argument("unknown data set '" + name + "'; data sets with their own split: " + known);
}

// The file names the sets' authors publish, kept by scripts/fetch-mnist.sh (uncompressed).
struct PartFiles {
  const char* images;
  const char* labels;
};
constexpr PartFiles kTrainFiles{"train-images-idx3-ubyte", "train-labels-idx1-ubyte"};
constexpr PartFiles kTestFiles{"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

/// One part, its image file's header first checked against the set's published count and size.
Dataset readPart(const FixedSplitDataset& set, const PartFiles& files, std::size_t expected, std::size_t limit,
                 const char* part) {
  const std::filesystem::path folder = fixedSplitFolder(set.name);
  const IdxImages first = readIdxImages(folder / files.images, 1);
  if (first.fileCount != expected || first.rows != set.rows || first.columns != set.columns)
    throw DataError(
        fmt::format("{}: {} images of {} × {} pixels, but the {} part of '{}' has {} images of {} × {} "
                    "pixels; fetch the set again with {}",
                    (folder / files.images).string(), first.fileCount, first.rows, first.columns, part, set.name,
                    expected, set.rows, set.columns, set.fetch));
  return readIdxDataset(folder / files.images, folder / files.labels, set.name, set.classNames, limit);
}

void checkCount(const FixedSplitDataset& set, std::size_t samples, std::size_t size, const char* part) {
  if (samples > size)
    throw std::invalid_argument(
        fmt::format("{} {} samples asked for, but the {} part of '{}' holds {}", samples, part, part, set.name, size));
}

}  // namespace

std::vector<std::string> fixedSplitDatasetNames() {
  std::vector<std::string> names;
  for (const auto& entry : fixedSplitTable()) names.push_back(entry.name);
  return names;
}

bool isFixedSplitDataset(const std::string& name) {
  const auto& table = fixedSplitTable();
  return std::any_of(table.begin(), table.end(), [&](const auto& entry) { return entry.name == name; });
}

PartSizes fixedSplitSizes(const std::string& name) { return find(name).sizes; }

std::filesystem::path fixedSplitFolder(const std::string& name) { return dataDirectory() / find(name).name; }

void requireFixedSplitFiles(const std::string& name) {
  const FixedSplitDataset& set = find(name);
  const std::filesystem::path folder = fixedSplitFolder(name);
  for (const char* file : {kTrainFiles.images, kTrainFiles.labels, kTestFiles.images, kTestFiles.labels}) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(folder / file, error))
      throw DataError(fmt::format("data set '{}' is not on this machine: run {} (expected {})", name, set.fetch,
                                  (folder / file).string()));
  }
}

Split loadFixedSplit(const std::string& name, std::size_t trainSamples, std::size_t testSamples) {
  const FixedSplitDataset& set = find(name);
  checkCount(set, trainSamples, set.sizes.train, "training");
  checkCount(set, testSamples, set.sizes.test, "test");
  requireFixedSplitFiles(name);
  return Split{readPart(set, kTrainFiles, set.sizes.train, trainSamples, "training"),
               readPart(set, kTestFiles, set.sizes.test, testSamples, "test")};
}

}  // namespace memcosim::data
