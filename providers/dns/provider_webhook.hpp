#pragma once
// A generic webhook (reference/providers.md §5.2): an HTTP call built from templates in
// which {name}, {type}, {address} and {ttl} are replaced (URL-encoded in the URL). Success
// is a 2xx status (or the configured one) and, when configured, a body containing a
// given text. Write-only: can_read() is false. The URL and headers may carry secrets:
// logs show the URL without its query and never the headers.

#include <map>
#include <string>
#include <vector>

#include "providers/base/config_reader.hpp"
#include "providers/base/text_template.hpp"
#include "providers/dns/provider.hpp"

namespace ddnsguard::providers {

struct WebhookOptions {
  std::string url;                          // template
  std::string method;                       // GET without a body, POST with one, unless configured
  std::optional<std::string> body;          // template
  std::optional<std::string> content_type;  // default: JSON when the body parses as JSON
  std::vector<std::string> headers;         // "Name: value"
  std::optional<long> success_status;
  std::optional<std::string> success_body;
};

// The placeholders of `text` that are not {name}, {type}, {address} or {ttl}.
std::vector<std::string> unknown_placeholders(std::string_view text);

class WebhookProvider final : public Provider {
 public:
  WebhookProvider(std::string name, std::shared_ptr<const WebhookOptions> options,
                  ProviderDeps deps);
  std::string_view type() const override { return "webhook"; }
  std::string describe() const override;
  bool can_read() const override { return false; }

  // Reads url, method, body, content_type, headers, success_status, success_body.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  std::shared_ptr<const WebhookOptions> m_opt;  // shared with the spec it was built from
};

}  // namespace ddnsguard::providers
