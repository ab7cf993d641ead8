#pragma once
// A secret (token, key, password) that prints as "***". Move-only; wiped on destruction.

#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace ddnsguard::providers {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string_view v) : m_bytes(v.begin(), v.end()) {}
  Secret(Secret&&) noexcept = default;
  Secret& operator=(Secret&&) noexcept = default;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret();

  // The raw value, for the one place that sends it (a header, a signature). Never log it.
  std::string_view reveal() const { return {m_bytes.data(), m_bytes.size()}; }
  bool empty() const { return m_bytes.empty(); }
  // An explicit copy, for the rare owner that must hold it twice (config reload).
  Secret clone() const { return Secret{reveal()}; }

 private:
  std::vector<char> m_bytes;
};

}  // namespace ddnsguard::providers

template <> struct fmt::formatter<ddnsguard::providers::Secret> : fmt::formatter<std::string_view> {
  auto format(const ddnsguard::providers::Secret&, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format("***", ctx);
  }
};
