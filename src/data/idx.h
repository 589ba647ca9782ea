// Reading IDX files, the format MNIST and Fashion-MNIST are distributed in.
//
// An IDX file (LeCun, Cortes, Burges, "The MNIST database of handwritten digits",
// http://yann.lecun.com/exdb/mnist/) is a header followed by the elements, nothing else:
//
//   offset 0   magic, a big-endian uint32 0x0000TTDD: TT the element type (0x08 = unsigned byte),
//              DD the number of dimensions d
//   offset 4   d sizes, each a big-endian uint32: n_0 (the item count), n_1, …, n_{d−1}
//   offset 4+4d  n_0 · n_1 ⋯ n_{d−1} elements in row-major order, one byte each for type 0x08
//
// Images: magic 0x00000803, d = 3 (count × rows × columns), pixel 0 = background, 255 = ink.
// Labels: magic 0x00000801, d = 1 (count), one class per byte.
//
// The readers check the whole file's size against its header (a file that is shorter is
// truncated, one that is longer is not the file its header describes) and read only the first
// `limit` items, so a quick run on 500 images does not read 60 000. Gzip-compressed files (the
// form the sets are often published in) are recognised and refused with advice to decompress.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace memcosim::data {

inline constexpr std::uint32_t kIdxImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
inline constexpr std::uint32_t kIdxLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension

/// The first images of an IDX image file.
struct IdxImages {
  std::size_t fileCount = 0;         // images in the file, as its header says
  std::size_t rows = 0;              // pixels per image, vertically
  std::size_t columns = 0;           // … and horizontally
  std::vector<std::uint8_t> pixels;  // the images read, row-major: image, row, column

  [[nodiscard]] std::size_t pixelsPerImage() const { return rows * columns; }
  [[nodiscard]] std::size_t count() const { return pixels.size() / pixelsPerImage(); }
};

/// The first labels of an IDX label file.
struct IdxLabels {
  std::size_t fileCount = 0;         // labels in the file, as its header says
  std::vector<std::uint8_t> labels;  // the labels read
};

/// Reads the first `limit` images of `file` (0: all of them). Throws DataError naming the file
/// if it cannot be read, is gzip-compressed, has another magic number, holds no images or
/// images of zero size, is shorter (truncated) or longer than its header says, or holds fewer
/// than `limit` images.
IdxImages readIdxImages(const std::filesystem::path& file, std::size_t limit = 0);

/// Reads the first `limit` labels of `file` (0: all of them); throws DataError as readIdxImages.
IdxLabels readIdxLabels(const std::filesystem::path& file, std::size_t limit = 0);

/// A data set from an image file and its label file, the first `limit` items (0: all): one row
/// per image, one feature per pixel ("pixel_0" … row-major, values 0..255 as read), the label
/// file's classes as labels. Throws DataError naming both files if their counts differ, naming
/// the label file and the item if a label is not below classNames.size().
Dataset readIdxDataset(const std::filesystem::path& imageFile, const std::filesystem::path& labelFile, std::string name,
                       std::vector<std::string> classNames, std::size_t limit = 0);

}  // namespace memcosim::data
