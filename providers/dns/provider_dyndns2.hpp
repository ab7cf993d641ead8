#pragma once
// The dyndns2 protocol (/nic/update; reference/providers.md §4). Write-only: the protocol
// has no way to read a record back, so can_read() is false.

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"

namespace ddnsguard::providers {

struct Dyndns2Options {
  std::string username;
  Secret password;
  std::string endpoint;  // full URL of /nic/update
};

// The outcome a dyndns2 reply body stands for. Pure; exposed for table tests.
// `sent` is the address we asked for: a good/nochg echoing another address is invalid.
Result<void> interpret_dyndns2_reply(long http_status, std::string_view body, const Address& sent);

class Dyndns2Provider final : public Provider {
 public:
  Dyndns2Provider(std::string name, std::shared_ptr<const Dyndns2Options> options,
                  ProviderDeps deps);
  std::string_view type() const override { return "dyndns2"; }
  std::string describe() const override;
  bool can_read() const override { return false; }

  // Reads username, password (or password_file), endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  std::shared_ptr<const Dyndns2Options> m_opt;  // shared with the spec it was built from
};

}  // namespace ddnsguard::providers
