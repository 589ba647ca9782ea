// Shortest round-trip number formatting.
#include "io/number.h"

#include <array>
#include <charconv>
#include <stdexcept>

namespace memcosim::io {

std::string formatNumber(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (result.ec != std::errc()) throw std::runtime_error("formatNumber: cannot format value");
  return {buffer.data(), result.ptr};
}

}  // namespace memcosim::io
