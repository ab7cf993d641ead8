#include "providers/base/address.hpp"

#include "providers/base/socket_api.hpp"

#include <algorithm>
#include <cstring>

namespace ddnsguard::providers {

std::string_view to_string(Family f) {
  return f == Family::ipv4 ? "ipv4" : "ipv6";
}

std::string_view record_type_for(Family f) {
  return f == Family::ipv4 ? "A" : "AAAA";
}

std::optional<Family> family_for_record_type(std::string_view type) {
  if (type == "A") return Family::ipv4;
  if (type == "AAAA") return Family::ipv6;
  return std::nullopt;
}

namespace {

std::string_view trim(std::string_view s) {
  const auto* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

bool is_v4_mapped(const std::array<std::uint8_t, 16>& b) {
  return std::all_of(b.begin(), b.begin() + 10, [](auto x) { return x == 0; }) && b[10] == 0xff &&
         b[11] == 0xff;
}

}  // namespace

std::optional<Address> Address::parse(std::string_view text) {
  auto t = trim(text);
  if (t.empty() || t.size() > INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(t);
  if (s.find('\0') != std::string::npos) return std::nullopt;
  std::array<std::uint8_t, 16> b{};
  if (inet_pton(AF_INET, s.c_str(), b.data()) == 1) return Address(Family::ipv4, b);
  if (s.find('%') == std::string::npos && inet_pton(AF_INET6, s.c_str(), b.data()) == 1) {
    if (is_v4_mapped(b)) {
      std::array<std::uint8_t, 16> v4{};
      std::copy(b.begin() + 12, b.end(), v4.begin());
      return Address(Family::ipv4, v4);
    }
    return Address(Family::ipv6, b);
  }
  return std::nullopt;
}

std::optional<Address> Address::parse(std::string_view text, Family want) {
  auto a = parse(text);
  if (!a || a->family() != want) return std::nullopt;
  return a;
}

Address Address::from_bytes_v4(const std::array<std::uint8_t, 4>& b) {
  std::array<std::uint8_t, 16> x{};
  std::copy(b.begin(), b.end(), x.begin());
  return Address(Family::ipv4, x);
}

Address Address::from_bytes_v6(const std::array<std::uint8_t, 16>& b) {
  return Address(Family::ipv6, b);
}

std::string Address::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(m_family == Family::ipv4 ? AF_INET : AF_INET6, m_bytes.data(), buf, sizeof buf);
  return buf;
}

}  // namespace ddnsguard::providers
