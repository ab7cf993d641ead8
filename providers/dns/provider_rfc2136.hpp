#pragma once
// RFC 2136 dynamic update with TSIG (reference/providers.md §7), through ldns: one
// message deletes the RRset and adds the new record (no prerequisites: idempotent). Reads
// back by asking the server itself, without recursion.

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"
#include "providers/net/dns_query.hpp"

namespace ddnsguard::providers {

struct Rfc2136Options {
  ServerSpec server;
  std::string zone;      // "example.test"
  std::string key_name;  // "ddns-key"
  std::string key_algorithm = "hmac-sha256";
  Secret key_secret;  // base64
};

// The class of an UPDATE reply's RCODE (§7.1): nullopt for NOERROR. Pure.
std::optional<ErrorClass> rfc2136_rcode_class(int rcode);

class Rfc2136Provider final : public Provider {
 public:
  Rfc2136Provider(std::string name, std::shared_ptr<const Rfc2136Options> options,
                  ProviderDeps deps);
  std::string_view type() const override { return "rfc2136"; }
  std::string describe() const override;

  // Reads server, port, zone, key_name, key_algorithm, key_secret (or key_secret_file).
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  std::shared_ptr<const Rfc2136Options> m_opt;  // shared with the spec it was built from
};

}  // namespace ddnsguard::providers
