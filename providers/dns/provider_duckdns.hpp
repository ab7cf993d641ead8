#pragma once
// DuckDNS (reference/providers.md §5.1): one GET to /update with the account token and the
// sub-name. Write-only (no read API): can_read() is false. The token travels in the query,
// so URLs are only ever logged without it.

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"

namespace ddnsguard::providers {

struct DuckDnsOptions {
  Secret token;
  std::string endpoint = "https://www.duckdns.org/update";
};

// The outcome of a verbose DuckDNS reply ("OK\n<ipv4>\n<ipv6>\nUPDATED|NOCHANGE", or "KO")
// for an update that sent `sent`. Pure; exposed for table tests.
Result<void> interpret_duckdns_reply(long http_status, std::string_view body, const Address& sent);

// "myhome" for "myhome.duckdns.org" (any case); nullopt for a name outside duckdns.org.
std::optional<std::string> duckdns_subname(std::string_view record_name);

class DuckDnsProvider final : public Provider {
 public:
  DuckDnsProvider(std::string name, std::shared_ptr<const DuckDnsOptions> options,
                  ProviderDeps deps);
  std::string_view type() const override { return "duckdns"; }
  std::string describe() const override;
  bool can_read() const override { return false; }

  // Reads token (or token_file), endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  std::shared_ptr<const DuckDnsOptions> m_opt;  // shared with the spec it was built from
};

}  // namespace ddnsguard::providers
