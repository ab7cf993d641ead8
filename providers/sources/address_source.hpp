#pragma once
// Where the public address comes from: an echo service, a DNS trick, an interface, a command.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "providers/base/address.hpp"
#include "providers/base/result.hpp"

namespace ddnsguard::providers {

class AddressSource {
 public:
  virtual ~AddressSource() = default;
  // A short label for logs and the store: "http https://api.ipify.org". Holds no secret.
  virtual std::string describe() const = 0;
  // The address this source reports for `family`. Blocks at most about `timeout`.
  // Malformed answers and answers of the wrong family are invalid_response; transport
  // failures transient. Does not filter private or reserved ranges (the caller does).
  virtual Result<Address> fetch(Family family, std::chrono::milliseconds timeout) = 0;
  // True for sources that answer at once from memory (the simulator's): they are asked
  // on the caller's thread instead of one thread each.
  virtual bool instant() const { return false; }
  // True for sources that report a network prefix (host bits zero) instead of an address:
  // only records with a host part (`ipv6_suffix`, `mac`) can publish what they report.
  virtual bool reports_prefix() const { return false; }
  // With reports_prefix: the prefix length it was given (nullopt: the interface's own).
  virtual std::optional<int> prefix_length() const { return std::nullopt; }
};

using SourcePtr = std::shared_ptr<AddressSource>;

}  // namespace ddnsguard::providers
