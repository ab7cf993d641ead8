#pragma once
// The live side of a configuration: one HTTP client (its connection pool shared by the
// sources, the providers and the notifications), the address sources and the providers,
// all built from the configuration's specs by build_connections.

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "controller/config/config.hpp"
#include "providers/base/clock.hpp"
#include "providers/dns/provider.hpp"
#include "providers/net/http_client.hpp"
#include "providers/net/redactor.hpp"
#include "providers/sources/address_source.hpp"

namespace ddnsguard::controller {

struct Connections {
  std::shared_ptr<providers::HttpClient> http;  // null only in the simulator
  std::vector<providers::SourcePtr> ipv4;
  std::vector<providers::SourcePtr> ipv6;
  std::map<std::string, providers::ProviderPtr> providers;  // by configured name

  const std::vector<providers::SourcePtr>& sources(providers::Family f) const {
    return f == providers::Family::ipv4 ? ipv4 : ipv6;
  }
  // The provider configured as `name` (validation makes every record's names known).
  providers::Provider& provider(const std::string& name) const { return *providers.at(name); }
};

// What the built parts need besides their settings.
struct ConnectionDeps {
  std::shared_ptr<spdlog::logger> log = nullptr;  // the providers' call log; null: none
  // Masks every secret out of the providers' error messages; null: none.
  std::shared_ptr<const providers::Redactor> redactor = nullptr;
  const providers::Clock* clock = nullptr;          // signed requests' stamps; null: system
  const providers::Clock* latency_clock = nullptr;  // times calls (the simulator); null: steady
  // Once true (shutdown), HTTP transfers stop and running source commands are killed.
  const std::atomic<bool>* cancel = nullptr;
  std::chrono::milliseconds provider_timeout = providers::k_provider_timeout;
  // False in the simulator, whose world has no network: no HTTP client (and so no pool to
  // flush on an address change).
  bool http = true;
};

Connections build_connections(const Config& config, const ConnectionDeps& deps);

}  // namespace ddnsguard::controller
