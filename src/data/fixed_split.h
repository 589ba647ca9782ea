// Data sets that come with their own training and test parts: MNIST and Fashion-MNIST.
//
// These sets are fetched, not shipped (scripts/fetch-mnist.sh writes them, with checksums,
// under dataDirectory(); data/README.md gives their sources and licences), and they are used
// with the split their authors published, so that a test accuracy is one "on the 10 000 test
// images" and compares with the literature:
//
//   loadFixedSplit("mnist", trainSamples, testSamples)
//     → dataDirectory()/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte   (data/idx.h)
//     → Split{first trainSamples training images, first testSamples test images}
//
// rather than loadDataset → stratifiedSplit. The first N of a part are taken, not a random
// subset, so a smaller run sees the same images for every seed. MNIST's training images are in
// no particular order of class; its test part is not uniform, though: the first 5 000 test
// images come from the writers of NIST's training set and are the cleaner, easier half.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace memcosim::data {

/// Names of the data sets with their own split: "mnist", "fashion-mnist".
std::vector<std::string> fixedSplitDatasetNames();

/// Whether `name` is one of fixedSplitDatasetNames().
bool isFixedSplitDataset(const std::string& name);

/// How many samples each part of a fixed-split data set holds.
struct PartSizes {
  std::size_t train = 0;
  std::size_t test = 0;
};

/// The sizes of the parts of `name` (60 000 and 10 000 for both sets), known without the files.
/// Throws std::invalid_argument listing the known names if `name` is not one of them.
PartSizes fixedSplitSizes(const std::string& name);

/// The folder `name`'s files are read from: dataDirectory()/<name>.
std::filesystem::path fixedSplitFolder(const std::string& name);

/// Throws DataError "data set 'mnist' is not on this machine: run scripts/fetch-mnist.sh mnist
/// (expected <path>)" naming the first of its four files that is missing.
void requireFixedSplitFiles(const std::string& name);

/// The first `trainSamples` training and the first `testSamples` test samples of `name`
/// (0: the whole part), features the pixels 0..255 as read (data/idx.h), with the set's class
/// names. Throws DataError if a file is missing (as requireFixedSplitFiles), malformed (as
/// readIdxDataset), or holds another number or size of images than the set has, and
/// std::invalid_argument if a count exceeds its part's size.
Split loadFixedSplit(const std::string& name, std::size_t trainSamples = 0, std::size_t testSamples = 0);

}  // namespace memcosim::data
