#include "controller/loop/connections.hpp"

namespace ddnsguard::controller {

Connections build_connections(const Config& config, const ConnectionDeps& deps) {
  Connections c;
  if (deps.http) c.http = std::make_shared<providers::HttpClient>(deps.cancel);
  providers::SourceDeps source_deps{c.http, deps.cancel};
  c.ipv4 = providers::build_sources(config.sources.ipv4, source_deps);
  c.ipv6 = providers::build_sources(config.sources.ipv6, source_deps);
  for (const auto& [name, spec] : config.providers) {
    c.providers.emplace(name, spec.build({c.http, deps.log, deps.provider_timeout, deps.clock,
                                          deps.latency_clock, deps.redactor}));
  }
  return c;
}

}  // namespace ddnsguard::controller
