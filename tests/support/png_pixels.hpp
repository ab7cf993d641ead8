#pragma once
// Reads an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium's screenshots are) into
// pixels, so browser tests can say a screenshot is not blank and which theme it shows.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ddnsguard::testing {

struct Pixels {
  int width = 0;
  int height = 0;
  std::vector<std::uint32_t> rgb;  // 0xRRGGBB, row by row
  std::uint32_t at(int x, int y) const { return rgb[static_cast<std::size_t>(y) * width + x]; }
};

// nullopt when the file is not such a PNG.
std::optional<Pixels> read_png(const std::string& path);

}  // namespace ddnsguard::testing
