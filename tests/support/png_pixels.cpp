#include "tests/support/png_pixels.hpp"

#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace ddnsguard::testing {

namespace {

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

int paeth(int a, int b, int c) {
  int p = a + b - c;
  int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Undoes the per-row filters in place (PNG spec §9).
bool unfilter(std::vector<unsigned char>& raw, int width, int height, int bpp) {
  std::size_t stride = static_cast<std::size_t>(width) * bpp;
  for (int y = 0; y < height; ++y) {
    auto* row = raw.data() + y * (stride + 1);
    auto* prev = y > 0 ? row - (stride + 1) : nullptr;
    int filter = row[0];
    for (std::size_t i = 0; i < stride; ++i) {
      int a = i >= static_cast<std::size_t>(bpp) ? row[1 + i - bpp] : 0;
      int b = prev ? prev[1 + i] : 0;
      int c = prev && i >= static_cast<std::size_t>(bpp) ? prev[1 + i - bpp] : 0;
      int add = filter == 0   ? 0
                : filter == 1 ? a
                : filter == 2 ? b
                : filter == 3 ? (a + b) / 2
                : filter == 4 ? paeth(a, b, c)
                              : -1;
      if (add < 0) return false;
      row[1 + i] = static_cast<unsigned char>(row[1 + i] + add);
    }
  }
  return true;
}

}  // namespace

std::optional<Pixels> read_png(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> f((std::istreambuf_iterator<char>(in)), {});
  if (f.size() < 33 || f[1] != 'P' || f[2] != 'N' || f[3] != 'G') return std::nullopt;
  Pixels px;
  int bpp = 0;
  std::vector<unsigned char> idat;
  for (std::size_t at = 8; at + 8 <= f.size();) {
    auto len = be32(&f[at]);
    std::string type(f.begin() + static_cast<std::ptrdiff_t>(at + 4),
                     f.begin() + static_cast<std::ptrdiff_t>(at + 8));
    if (at + 12 + len > f.size()) return std::nullopt;
    const auto* data = &f[at + 8];
    if (type == "IHDR") {
      px.width = static_cast<int>(be32(data));
      px.height = static_cast<int>(be32(data + 4));
      if (data[8] != 8 || data[12] != 0 || (data[9] != 2 && data[9] != 6)) return std::nullopt;
      bpp = data[9] == 6 ? 4 : 3;
    } else if (type == "IDAT") {
      idat.insert(idat.end(), data, data + len);
    }
    at += 12 + len;
  }
  if (bpp == 0 || px.width <= 0 || px.height <= 0) return std::nullopt;
  std::vector<unsigned char> raw(static_cast<std::size_t>(px.height) * (px.width * bpp + 1));
  uLongf raw_len = raw.size();
  if (uncompress(raw.data(), &raw_len, idat.data(), idat.size()) != Z_OK || raw_len != raw.size())
    return std::nullopt;
  if (!unfilter(raw, px.width, px.height, bpp)) return std::nullopt;
  px.rgb.reserve(static_cast<std::size_t>(px.width) * px.height);
  for (int y = 0; y < px.height; ++y) {
    const auto* row = raw.data() + y * (px.width * bpp + 1) + 1;
    for (int x = 0; x < px.width; ++x) {
      const auto* p = row + x * bpp;
      px.rgb.push_back((std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2]);
    }
  }
  return px;
}

}  // namespace ddnsguard::testing
