#pragma once
// Local wall-clock time for the hazard model: ISP schedules follow local time (DESIGN §5
// polling.timezone). Backed by the IANA database (date/tz) or the system's local zone.

#include <optional>
#include <string>

#include "models/hazard_model.hpp"
#include "providers/base/result.hpp"

namespace ddnsguard::controller {

// A function from UTC seconds to local seconds for `timezone` ("local" or an IANA name
// such as "Europe/Berlin"). Error (config) when the zone is unknown. The Windows build has
// no IANA database: "local" and "UTC" only (controller/platform/local_time_<os>.cpp).
providers::Result<models::LocalTime> make_local_time(const std::string& timezone);

// The identity: UTC, the fallback when a zone cannot be had.
models::LocalTime utc_local_time();

}  // namespace ddnsguard::controller
