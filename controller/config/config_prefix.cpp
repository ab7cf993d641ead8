#include "controller/config/config_prefix.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ddnsguard::controller {

void check_prefix_sources(providers::ObjectReader& r,
                          const std::vector<providers::SourceSpec>& sources) {
  auto prefixes = std::count_if(sources.begin(), sources.end(),
                                [](const auto& src) { return src.reports_prefix; });
  if (prefixes == 0) return;
  if (prefixes != static_cast<std::ptrdiff_t>(sources.size())) {
    r.context().problem(r.path() / "ipv6",
                        "mixes network prefixes (\"use\": \"prefix\") with addresses: the "
                        "quorum compares whole answers, so let every IPv6 source report the "
                        "prefix, or none");
    return;
  }
  for (const auto& s : sources) {
    if (s.prefix_length != sources.front().prefix_length) {
      r.context().problem(r.path() / "ipv6",
                          "prefix sources with different prefix_length can never agree: give "
                          "them all the same one (or none, to use each interface's own)");
      return;
    }
  }
}

void check_prefix_record(providers::ObjectReader& r, const RecordConfig& rc,
                         const std::vector<providers::SourceSpec>& sources) {
  if (sources.empty() || !sources.front().reports_prefix) return;
  if (!rc.suffix) {
    r.context().problem(r.path(), "sources.ipv6 report a network prefix (\"use\": \"prefix\"): "
                                  "give this record its host part, ipv6_suffix or mac");
    return;
  }
  auto given = sources.front().prefix_length;
  if (given && rc.suffix->prefix_length > *given) {
    r.context().problem(
        r.path() / "prefix_length",
        fmt::format("{} is longer than the /{} prefix the sources report: bits {} to {} would "
                    "always be zero; write the subnet into the suffix with prefix_length {}",
                    rc.suffix->prefix_length, *given, *given, rc.suffix->prefix_length - 1,
                    *given));
  }
}

}  // namespace ddnsguard::controller
