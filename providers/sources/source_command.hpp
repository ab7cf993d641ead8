#pragma once
// Address source: a local command that prints the address (DESIGN §5 `command`).

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "providers/sources/address_source.hpp"

namespace ddnsguard::providers {

class CommandSource final : public AddressSource {
 public:
  // `argv[0]` is the program (searched in PATH when it has no slash); must not be empty.
  // Once `cancel` (may be null) is true, a running command is killed (shutdown).
  explicit CommandSource(std::vector<std::string> argv, const std::atomic<bool>* cancel = nullptr);

  // "command <argv[0]>" (arguments may hold secrets, so they are not shown).
  std::string describe() const override;
  // Runs argv without a shell in its own process group: stdin /dev/null, stdout captured
  // (at most k_max_output bytes), stderr discarded. At `timeout` the whole group is killed
  // with SIGKILL and reaped, and leftovers of the group are killed once the command exits,
  // so a grandchild holding stdout open cannot stall the call. A program that cannot be
  // started is config; timeouts, non-zero exits and signals are transient; output that is
  // not exactly one address of `family` is invalid_response; a cancelled run is transient.
  Result<Address> fetch(Family family, std::chrono::milliseconds timeout) override;

  static constexpr std::size_t k_max_output = 4096;

 private:
  std::vector<std::string> m_argv;
  const std::atomic<bool>* m_cancel;
};

}  // namespace ddnsguard::providers
