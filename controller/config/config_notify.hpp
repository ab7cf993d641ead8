#pragma once
// Reads one `notify[]` entry: a webhook or a preset (ntfy, gotify, telegram, discord,
// slack, ping) whose own fields become the request URL and headers.

#include <optional>

#include "controller/config/config.hpp"

namespace ddnsguard::controller {

// The entry `r` reads, or nullopt after recording its problems in `r`'s context.
std::optional<NotifyConfig> read_notify_entry(providers::ObjectReader& r);

}  // namespace ddnsguard::controller
