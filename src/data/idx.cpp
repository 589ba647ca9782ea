// Reading IDX image and label files (MNIST's format): header checks, partial reads, data sets.
#include "data/idx.h"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <limits>
#include <optional>
#include <utility>

namespace memcosim::data {
namespace {

/// What a file of each magic number holds, for messages.
struct IdxKind {
  std::uint32_t magic;
  std::size_t dimensions;
  const char* items;        // "images"
  const char* description;  // what the magic number stands for
};

constexpr IdxKind kImages{kIdxImagesMagic, 3, "images", "an IDX file of unsigned-byte images: count × rows × columns"};
constexpr IdxKind kLabels{kIdxLabelsMagic, 1, "labels", "an IDX file of unsigned-byte labels: count"};

std::uint32_t bigEndian(const std::array<unsigned char, 4>& bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
         std::uint32_t{bytes[3]};
}

/// n_0 · n_1 ⋯ without overflow, or nothing if the product exceeds `bound`.
std::optional<std::uintmax_t> productUpTo(const std::vector<std::size_t>& sizes, std::uintmax_t bound) {
  std::uintmax_t product = 1;
  for (std::size_t n : sizes) {
    if (n != 0 && product > bound / n) return std::nullopt;
    product *= n;
  }
  return product;
}

/// "60000 images of 28 × 28 pixels", "60000 labels".
std::string describe(const IdxKind& kind, const std::vector<std::size_t>& sizes) {
  if (kind.dimensions == 3) return fmt::format("{} images of {} × {} pixels", sizes[0], sizes[1], sizes[2]);
  return fmt::format("{} {}", sizes[0], kind.items);
}

/// An IDX file whose header and size have been checked, positioned at its first element.
class IdxFile {
 public:
  IdxFile(const std::filesystem::path& file, const IdxKind& kind) : name_(file.string()), kind_(kind) {
    in_.open(file, std::ios::binary);
    std::error_code error;
    const std::uintmax_t fileSize = std::filesystem::file_size(file, error);
    if (!in_ || error) fail("cannot open the file for reading");
    readMagic(fileSize);
    for (std::size_t d = 0; d < kind_.dimensions; ++d) sizes_.push_back(readWord(fileSize));
    checkSize(fileSize);
  }

  [[nodiscard]] const std::vector<std::size_t>& sizes() const { return sizes_; }
  [[nodiscard]] std::size_t count() const { return sizes_[0]; }
  [[nodiscard]] const std::string& name() const { return name_; }

  /// The elements of the first `limit` items (0: all).
  std::vector<std::uint8_t> read(std::size_t limit) {
    if (limit > count()) fail(fmt::format("holds {} {}, fewer than the {} asked for", count(), kind_.items, limit));
    const std::size_t items = limit == 0 ? count() : limit;
    std::size_t itemSize = 1;
    for (std::size_t d = 1; d < sizes_.size(); ++d) itemSize *= sizes_[d];
    std::vector<std::uint8_t> bytes(items * itemSize);
    in_.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<std::size_t>(in_.gcount()) != bytes.size())
      fail(fmt::format("truncated while reading: {} of {} bytes of {} (did the file change?)", in_.gcount(),
                       bytes.size(), kind_.items));
    return bytes;
  }

  [[noreturn]] void fail(const std::string& problem) const { throw DataError(name_ + ": " + problem); }

 private:
  std::size_t readWord(std::uintmax_t fileSize) {
    std::array<unsigned char, 4> bytes{};
    in_.read(reinterpret_cast<char*>(bytes.data()), bytes.size());
    if (in_.gcount() != static_cast<std::streamsize>(bytes.size()))
      fail(fmt::format("truncated: {} bytes, shorter than the header of {} ({} bytes)", fileSize, kind_.description,
                       4 * (1 + kind_.dimensions)));
    return bigEndian(bytes);
  }

  void readMagic(std::uintmax_t fileSize) {
    const std::uint32_t magic = static_cast<std::uint32_t>(readWord(fileSize));
    if (magic >> 16 == 0x1f8b)
      fail("gzip-compressed: decompress it first (gunzip), or fetch it with the script data/README.md names");
    if (magic == kind_.magic) return;
    std::string hint;
    if (magic == kIdxLabelsMagic) hint = "; this is a label file";
    if (magic == kIdxImagesMagic) hint = "; this is an image file";
    fail(fmt::format("magic number 0x{:08x}, expected 0x{:08x} ({}){}", magic, kind_.magic, kind_.description, hint));
  }

  void checkSize(std::uintmax_t fileSize) {
    const std::uintmax_t headerSize = 4 * (1 + kind_.dimensions);
    const auto dataSize = productUpTo(sizes_, std::numeric_limits<std::uintmax_t>::max() - headerSize);
    const std::string promise = "its header promises " + describe(kind_, sizes_);
    if (!dataSize || headerSize + *dataSize > fileSize)
      fail(fmt::format("truncated: {} ({}), the file has {} bytes", promise,
                       dataSize ? fmt::format("{} bytes with the header", headerSize + *dataSize)
                                : std::string("more bytes than any file holds"),
                       fileSize));
    if (headerSize + *dataSize < fileSize)
      fail(fmt::format("{} bytes longer than its header says ({}: {} bytes); not the file its header describes",
                       fileSize - headerSize - *dataSize, promise, headerSize + *dataSize));
    if (count() == 0) fail(fmt::format("holds no {}", kind_.items));
    for (std::size_t d = 1; d < sizes_.size(); ++d)
      if (sizes_[d] == 0) fail(fmt::format("{}: items of zero size", promise));
  }

  std::string name_;
  const IdxKind& kind_;
  std::ifstream in_;
  std::vector<std::size_t> sizes_;
};

IdxImages imagesFrom(IdxFile& file, std::size_t limit) {
  IdxImages images;
  images.fileCount = file.count();
  images.rows = file.sizes()[1];
  images.columns = file.sizes()[2];
  images.pixels = file.read(limit);
  return images;
}

IdxLabels labelsFrom(IdxFile& file, std::size_t limit) { return {file.count(), file.read(limit)}; }

}  // namespace

IdxImages readIdxImages(const std::filesystem::path& file, std::size_t limit) {
  IdxFile idx(file, kImages);
  return imagesFrom(idx, limit);
}

IdxLabels readIdxLabels(const std::filesystem::path& file, std::size_t limit) {
  IdxFile idx(file, kLabels);
  return labelsFrom(idx, limit);
}

Dataset readIdxDataset(const std::filesystem::path& imageFile, const std::filesystem::path& labelFile, std::string name,
                       std::vector<std::string> classNames, std::size_t limit) {
  IdxFile imageIdx(imageFile, kImages);
  IdxFile labelIdx(labelFile, kLabels);
  if (imageIdx.count() != labelIdx.count())
    throw DataError(fmt::format("{} holds {} images but {} holds {} labels: the files do not belong together",
                                imageIdx.name(), imageIdx.count(), labelIdx.name(), labelIdx.count()));
  const IdxLabels labels = labelsFrom(labelIdx, limit);
  for (std::size_t i = 0; i < labels.labels.size(); ++i)
    if (labels.labels[i] >= classNames.size())
      labelIdx.fail(fmt::format("label {} of item {} (counted from 0) is not one of the {} classes 0..{}",
                                labels.labels[i], i, classNames.size(), classNames.size() - 1));
  IdxImages images = imagesFrom(imageIdx, limit);

  Dataset dataset;
  dataset.name = std::move(name);
  dataset.classNames = std::move(classNames);
  const std::size_t pixels = images.pixelsPerImage();
  dataset.featureNames.reserve(pixels);
  for (std::size_t p = 0; p < pixels; ++p) dataset.featureNames.push_back("pixel_" + std::to_string(p));
  using ByteRows = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  dataset.features = Eigen::Map<const ByteRows>(images.pixels.data(), static_cast<Eigen::Index>(images.count()),
                                                static_cast<Eigen::Index>(pixels))
                         .cast<double>();
  dataset.labels.assign(labels.labels.begin(), labels.labels.end());
  return dataset;
}

}  // namespace memcosim::data
