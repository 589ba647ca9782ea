// Writing IDX files for tests: small ones by hand, and synthetic stand-ins for MNIST's four files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace memcosim::testing {

/// `value` as four big-endian bytes.
inline std::string bigEndianWord(std::uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
          static_cast<char>(value)};
}

/// An IDX file's bytes: magic, sizes, then `elements` as they are (not checked against the sizes).
inline std::string idxBytes(std::uint32_t magic, const std::vector<std::uint32_t>& sizes,
                            const std::vector<std::uint8_t>& elements) {
  std::string bytes = bigEndianWord(magic);
  for (std::uint32_t size : sizes) bytes += bigEndianWord(size);
  bytes.append(elements.begin(), elements.end());
  return bytes;
}

inline std::filesystem::path writeBytes(const std::filesystem::path& file, const std::string& bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
  return file;
}

/// Pixel p of synthetic image i: (7 i + p) mod 256, so every image differs and is recognisable.
inline std::uint8_t syntheticPixel(std::size_t image, std::size_t pixel) {
  return static_cast<std::uint8_t>((7 * image + pixel) % 256);
}

/// Label of synthetic item i of a part: (i + offset) mod 10.
inline std::uint8_t syntheticLabel(std::size_t item, std::size_t offset) {
  return static_cast<std::uint8_t>((item + offset) % 10);
}

/// The four files of an MNIST-like set in `folder`: `train` and `test` synthetic 28×28 images
/// (syntheticPixel), training labels syntheticLabel(i, 0), test labels syntheticLabel(i, 3).
inline void writeSyntheticMnist(const std::filesystem::path& folder, std::size_t train = 60000,
                                std::size_t test = 10000) {
  constexpr std::uint32_t side = 28;
  const auto writePart = [&](const std::string& prefix, std::size_t count, std::size_t labelOffset) {
    std::vector<std::uint8_t> pixels(count * side * side);
    std::vector<std::uint8_t> labels(count);
    for (std::size_t i = 0; i < count; ++i) {
      for (std::size_t p = 0; p < side * side; ++p) pixels[i * side * side + p] = syntheticPixel(i, p);
      labels[i] = syntheticLabel(i, labelOffset);
    }
    const auto n = static_cast<std::uint32_t>(count);
    writeBytes(folder / (prefix + "-images-idx3-ubyte"), idxBytes(0x00000803, {n, side, side}, pixels));
    writeBytes(folder / (prefix + "-labels-idx1-ubyte"), idxBytes(0x00000801, {n}, labels));
  };
  writePart("train", train, 0);
  writePart("t10k", test, 3);
}

}  // namespace memcosim::testing
