#pragma once
// AWS Route 53 (API 2013-04-01, XML), every request signed with Signature Version 4
// (signing.hpp, checked against AWS's test suite). The hosted zone is configured
// (`zone_id`) or found with ListHostedZonesByName for each parent of the name (public
// zones first); the record is read with ListResourceRecordSets from its name and type and
// written with ChangeResourceRecordSets (UPSERT). The change's status is asked once with
// GetChange: INSYNC or PENDING are success (DNS verification waits for it to show).

#include <map>
#include <mutex>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"
#include "providers/dns/rest_api.hpp"

namespace ddnsguard::providers {

struct Route53Options {
  std::string access_key_id;
  Secret secret_access_key;
  std::optional<std::string> zone_id;  // "Z1D633PJN98FT9"; nullopt: looked up by name
  std::string region = "us-east-1";    // Route 53 signs in us-east-1 (aws-cn: cn-northwest-1)
  std::string endpoint = "https://route53.amazonaws.com";
};

// The text of each <tag>...</tag> in `xml`, in order (Route 53 replies; no attributes on
// these tags). Pure; exposed for tests.
std::vector<std::string> xml_texts(std::string_view xml, std::string_view tag);

class Route53Provider final : public Provider {
 public:
  Route53Provider(std::string name, std::shared_ptr<const Route53Options> options,
                  ProviderDeps deps);
  std::string_view type() const override { return "route53"; }
  std::string describe() const override;

  // Reads access_key_id, secret_access_key (or _file), zone_id, region, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  // The body of a signed call's 2xx reply, or its failure (Route 53's error code included).
  Result<std::string> call(const std::string& method, const std::string& path,
                           const std::map<std::string, std::string>& query, std::string_view what,
                           const std::string& body = "");
  Result<std::string> zone_of(const Record& rec);

  std::shared_ptr<const Route53Options> m_opt;  // shared with the spec it was built from
  ZoneFinder m_zones;
  std::mutex m_mutex;
  std::map<std::string, std::string> m_zone_ids;  // zone name -> hosted zone id
};

}  // namespace ddnsguard::providers
