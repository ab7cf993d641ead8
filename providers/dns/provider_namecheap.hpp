#pragma once
// Namecheap Dynamic DNS: one GET to /update with host, domain, the domain's Dynamic DNS
// password and ip. A records only (Namecheap's dynamic DNS has no IPv6). The reply is a
// small XML document whose <ErrCount> says whether it worked and <Err1> why not.
// Write-only (no read API): can_read() is false. The password travels in the query, so
// URLs are only ever logged without it.

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"

namespace ddnsguard::providers {

struct NamecheapOptions {
  Secret password;                    // the domain's Dynamic DNS password (not the account's)
  std::optional<std::string> domain;  // "example.com"; nullopt: the name's last two labels
  std::string endpoint = "https://dynamicdns.park-your-domain.com/update";
};

// The outcome of a Namecheap reply for an update that sent `sent`. Pure; exposed for table
// tests.
Result<void> interpret_namecheap_reply(long http_status, std::string_view body,
                                       const Address& sent);

class NamecheapProvider final : public Provider {
 public:
  NamecheapProvider(std::string name, std::shared_ptr<const NamecheapOptions> options,
                    ProviderDeps deps);
  std::string_view type() const override { return "namecheap"; }
  std::string describe() const override;
  bool can_read() const override { return false; }

  // Reads password (or password_file), domain, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  std::shared_ptr<const NamecheapOptions> m_opt;  // shared with the spec it was built from
};

}  // namespace ddnsguard::providers
