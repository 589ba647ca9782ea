// Tests for the IDX reader: good files, partial reads, and every malformed file it must name.
#include "data/idx.h"

#include <catch2/catch.hpp>

#include "data/idx_files.h"
#include "support.h"

using namespace memcosim::data;
using memcosim::testing::idxBytes;
using memcosim::testing::TemporaryFolder;
using memcosim::testing::writeBytes;
namespace fs = std::filesystem;

namespace {

/// Three images of 2 × 4 pixels: image i, pixel p holds 10 i + p.
const std::vector<std::uint8_t> kPixels = {0,  1,  2,  3,  4,  5,  6,  7,   //
                                           10, 11, 12, 13, 14, 15, 16, 17,  //
                                           20, 21, 22, 23, 24, 25, 26, 27};

std::string goodImages() { return idxBytes(kIdxImagesMagic, {3, 2, 4}, kPixels); }
std::string goodLabels() { return idxBytes(kIdxLabelsMagic, {3}, {4, 0, 9}); }

}  // namespace

TEST_CASE("idx: images and labels read with their header's sizes, whole or the first few", "[data]") {
  const TemporaryFolder folder("idx_good");
  const fs::path images = writeBytes(folder / "images", goodImages());
  const fs::path labels = writeBytes(folder / "labels", goodLabels());

  const IdxImages all = readIdxImages(images);
  CHECK(all.fileCount == 3);
  CHECK(all.rows == 2);
  CHECK(all.columns == 4);
  CHECK(all.count() == 3);
  CHECK(all.pixels == kPixels);
  const IdxImages first = readIdxImages(images, 2);
  CHECK(first.fileCount == 3);
  CHECK(first.count() == 2);
  CHECK(first.pixels == std::vector<std::uint8_t>(kPixels.begin(), kPixels.begin() + 16));

  CHECK(readIdxLabels(labels).labels == std::vector<std::uint8_t>{4, 0, 9});
  CHECK(readIdxLabels(labels, 1).labels == std::vector<std::uint8_t>{4});
  CHECK(readIdxLabels(labels, 1).fileCount == 3);
}

TEST_CASE("idx: a data set has one row per image, one feature per pixel in row-major order", "[data]") {
  const TemporaryFolder folder("idx_dataset");
  const fs::path images = writeBytes(folder / "images", goodImages());
  const fs::path labels = writeBytes(folder / "labels", goodLabels());
  const std::vector<std::string> digits{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

  const Dataset dataset = readIdxDataset(images, labels, "tiny", digits);
  CHECK(dataset.name == "tiny");
  CHECK(dataset.classNames == digits);
  CHECK(dataset.featureNames == std::vector<std::string>{"pixel_0", "pixel_1", "pixel_2", "pixel_3", "pixel_4",
                                                         "pixel_5", "pixel_6", "pixel_7"});
  REQUIRE(dataset.features.rows() == 3);
  REQUIRE(dataset.features.cols() == 8);
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index p = 0; p < 8; ++p) CHECK(dataset.features(i, p) == static_cast<double>(10 * i + p));
  CHECK(dataset.labels == std::vector<int>{4, 0, 9});

  const Dataset first = readIdxDataset(images, labels, "tiny", digits, 2);
  CHECK(first.samples() == 2);
  CHECK(first.features.row(1) == dataset.features.row(1));
}

TEST_CASE("idx: truncated, overlong, empty and compressed files are refused, naming the file", "[data]") {
  const TemporaryFolder folder("idx_truncated");
  const std::string good = goodImages();

  const fs::path cut = writeBytes(folder / "cut", good.substr(0, good.size() - 1));
  CHECK_THROWS_AS(readIdxImages(cut), DataError);
  CHECK_THROWS_WITH(readIdxImages(cut), Catch::StartsWith(cut.string() + ": truncated") &&
                                            Catch::Contains("its header promises 3 images of 2 × 4 pixels") &&
                                            Catch::Contains("40 bytes with the header") &&
                                            Catch::Contains("the file has 39 bytes"));
  // Even a partial read refuses a truncated file: the end may be missing, or the header wrong.
  CHECK_THROWS_WITH(readIdxImages(cut, 1), Catch::Contains("truncated"));

  const fs::path headerOnly = writeBytes(folder / "header", good.substr(0, 6));
  CHECK_THROWS_WITH(readIdxImages(headerOnly),
                    Catch::StartsWith(headerOnly.string() + ": truncated: 6 bytes, shorter than the header"));
  const fs::path empty = writeBytes(folder / "empty", "");
  CHECK_THROWS_WITH(readIdxLabels(empty), Catch::StartsWith(empty.string() + ": truncated: 0 bytes"));

  const fs::path longer = writeBytes(folder / "longer", good + "xy");
  CHECK_THROWS_WITH(readIdxImages(longer),
                    Catch::StartsWith(longer.string() + ": 2 bytes longer than its header says"));

  // Sizes whose product overflows 64 bits must not wrap round to a small number.
  const fs::path huge =
      writeBytes(folder / "huge", idxBytes(kIdxImagesMagic, {0xffffffff, 0xffffffff, 0xffffffff}, {1}));
  CHECK_THROWS_WITH(readIdxImages(huge), Catch::Contains("truncated") && Catch::Contains("more bytes"));

  const fs::path none = writeBytes(folder / "none", idxBytes(kIdxImagesMagic, {0, 28, 28}, {}));
  CHECK_THROWS_WITH(readIdxImages(none), Catch::StartsWith(none.string() + ": holds no images"));
  const fs::path flat = writeBytes(folder / "flat", idxBytes(kIdxImagesMagic, {2, 0, 28}, {}));
  CHECK_THROWS_WITH(readIdxImages(flat), Catch::Contains("items of zero size"));

  const fs::path gzipped = writeBytes(folder / "gzipped", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8));
  CHECK_THROWS_WITH(readIdxImages(gzipped),
                    Catch::StartsWith(gzipped.string() + ": gzip-compressed") && Catch::Contains("gunzip"));

  const fs::path missing = folder / "missing";
  CHECK_THROWS_WITH(readIdxImages(missing), Catch::StartsWith(missing.string() + ": cannot open"));
  CHECK_THROWS_WITH(readIdxImages(folder.path()), Catch::Contains("cannot open"));
}

TEST_CASE("idx: a wrong magic number is refused, saying what the file seems to be", "[data]") {
  const TemporaryFolder folder("idx_magic");
  const fs::path labels = writeBytes(folder / "labels", goodLabels());
  const fs::path images = writeBytes(folder / "images", goodImages());
  CHECK_THROWS_WITH(readIdxImages(labels),
                    Catch::StartsWith(labels.string() + ": magic number 0x00000801, expected 0x00000803") &&
                        Catch::Contains("this is a label file"));
  CHECK_THROWS_WITH(readIdxLabels(images),
                    Catch::StartsWith(images.string() + ": magic number 0x00000803, expected 0x00000801") &&
                        Catch::Contains("this is an image file"));
  const fs::path floats = writeBytes(folder / "floats", idxBytes(0x00000d03, {1, 1, 1}, {0, 0, 0, 0}));
  CHECK_THROWS_WITH(readIdxImages(floats), Catch::Contains("magic number 0x00000d03") &&
                                               Catch::Contains("unsigned-byte images: count × rows × columns"));
}

TEST_CASE("idx: asking for more items than a file holds is refused", "[data]") {
  const TemporaryFolder folder("idx_limit");
  const fs::path images = writeBytes(folder / "images", goodImages());
  CHECK_THROWS_WITH(readIdxImages(images, 4),
                    Catch::StartsWith(images.string() + ": holds 3 images, fewer than the 4 asked for"));
}

TEST_CASE("idx: a data set refuses image and label files of different counts, and labels beyond its classes",
          "[data]") {
  const TemporaryFolder folder("idx_mismatch");
  const fs::path images = writeBytes(folder / "images", goodImages());
  const fs::path twoLabels = writeBytes(folder / "two_labels", idxBytes(kIdxLabelsMagic, {2}, {1, 2}));
  const std::vector<std::string> digits{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  CHECK_THROWS_AS(readIdxDataset(images, twoLabels, "tiny", digits), DataError);
  CHECK_THROWS_WITH(readIdxDataset(images, twoLabels, "tiny", digits),
                    Catch::Contains(images.string() + " holds 3 images but " + twoLabels.string() + " holds 2 labels"));
  // The counts are compared before anything is read, whatever the limit.
  CHECK_THROWS_WITH(readIdxDataset(images, twoLabels, "tiny", digits, 1), Catch::Contains("do not belong together"));

  const fs::path badLabel = writeBytes(folder / "bad_label", idxBytes(kIdxLabelsMagic, {3}, {1, 12, 2}));
  CHECK_THROWS_WITH(readIdxDataset(images, badLabel, "tiny", digits),
                    Catch::StartsWith(badLabel.string() + ": label 12 of item 1 (counted from 0)") &&
                        Catch::Contains("the 10 classes 0..9"));
  // Only the labels read are checked: the first item alone is a good data set.
  CHECK(readIdxDataset(images, badLabel, "tiny", digits, 1).labels == std::vector<int>{1});
}
