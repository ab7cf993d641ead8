#pragma once
// The status page (`GET /` on metrics.listen) and the offline HTML report (`report
// --html`): one self-contained HTML document with the records, the daemon, open anomalies
// and the charts. No script and no remote load (its Content-Security-Policy forbids both);
// every text from outside is escaped; no secret is in its inputs.

#include <string>

#include <nlohmann/json.hpp>

#include "controller/page/page_data.hpp"

namespace ddnsguard::controller {

// What the page itself says of where it comes from.
struct PageInfo {
  std::string host;          // this machine
  std::string generated_at;  // RFC 3339
  std::string period;        // "30d": what the charts cover
  bool live = false;         // served by the daemon (else a report file)
};

// The Content-Security-Policy the page is served with and carries in a <meta> element.
inline constexpr const char* k_page_csp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// `status` is status_json(); `open_anomalies` is anomalies_json(open only).
std::string render_status_page(const nlohmann::json& status, const nlohmann::json& open_anomalies,
                               const PageData& data, const PageInfo& info);

}  // namespace ddnsguard::controller
