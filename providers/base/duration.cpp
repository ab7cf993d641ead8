#include "providers/base/duration.hpp"

#include <cstdint>
#include <limits>

#include <fmt/format.h>

namespace ddnsguard::providers {

namespace {

constexpr std::int64_t k_max_ms = std::int64_t{1} << 50;  // ~35000 years: far from overflow

std::optional<std::int64_t> unit_ms(std::string_view u) {
  if (u == "ms") return 1;
  if (u == "s") return 1000;
  if (u == "m") return 60'000;
  if (u == "h") return 3'600'000;
  if (u == "d") return 86'400'000;
  return std::nullopt;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return c >= 'a' && c <= 'z';
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::int64_t total = 0;
  std::size_t i = 0;
  bool bare = true;
  while (i < text.size()) {
    if (!is_digit(text[i])) return std::nullopt;
    std::int64_t n = 0;
    while (i < text.size() && is_digit(text[i])) {
      n = n * 10 + (text[i] - '0');
      if (n > k_max_ms) return std::nullopt;
      ++i;
    }
    auto u0 = i;
    while (i < text.size() && is_alpha(text[i]))
      ++i;
    if (u0 == i) {
      if (i != text.size() || !bare) return std::nullopt;  // a bare number stands alone
      return std::chrono::seconds{n};
    }
    bare = false;
    auto mul = unit_ms(text.substr(u0, i - u0));
    if (!mul || n > k_max_ms / *mul) return std::nullopt;
    total += n * *mul;
    if (total > k_max_ms) return std::nullopt;
  }
  return std::chrono::milliseconds{total};
}

std::string format_duration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  const std::pair<std::int64_t, const char*> units[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
  for (auto [size, name] : units) {
    if (ms >= size) {
      out += fmt::format("{}{}", ms / size, name);
      ms %= size;
    }
  }
  return out;
}

}  // namespace ddnsguard::providers
