#pragma once
// An IPv4 or IPv6 address, parsed strictly (inet_pton) and printed canonically.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ddnsguard::providers {

enum class Family { ipv4, ipv6 };

std::string_view to_string(Family f);        // "ipv4" / "ipv6"
std::string_view record_type_for(Family f);  // "A" / "AAAA"
std::optional<Family> family_for_record_type(std::string_view type);

class Address {
 public:
  // nullopt unless `text` (surrounding whitespace trimmed) is exactly one address.
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is normalised to IPv4.
  static std::optional<Address> parse(std::string_view text);
  static std::optional<Address> parse(std::string_view text, Family want);
  static Address from_bytes_v4(const std::array<std::uint8_t, 4>& b);
  static Address from_bytes_v6(const std::array<std::uint8_t, 16>& b);

  Family family() const { return m_family; }
  // Network-order bytes; for IPv4 only the first 4 are used.
  const std::array<std::uint8_t, 16>& bytes() const { return m_bytes; }
  std::string to_string() const;

  friend bool operator==(const Address&, const Address&) = default;
  friend auto operator<=>(const Address&, const Address&) = default;

 private:
  Address(Family f, const std::array<std::uint8_t, 16>& b) : m_family(f), m_bytes(b) {}
  Family m_family = Family::ipv4;
  std::array<std::uint8_t, 16> m_bytes{};
};

}  // namespace ddnsguard::providers
