#include "controller/platform/local_time.hpp"

#include <ctime>
#include <exception>

#include <date/tz.h>
#include <fmt/format.h>

namespace ddnsguard::controller {

providers::Result<models::LocalTime> make_local_time(const std::string& timezone) {
  if (timezone == "local") {
    return models::LocalTime([](models::Seconds utc) {
      std::time_t t = static_cast<std::time_t>(utc);
      std::tm tm{};
      localtime_r(&t, &tm);
      return utc + static_cast<models::Seconds>(tm.tm_gmtoff);
    });
  }
  try {
    const date::time_zone* zone = date::locate_zone(timezone);
    return models::LocalTime([zone](models::Seconds utc) {
      auto info = zone->get_info(date::sys_seconds{std::chrono::seconds{utc}});
      return utc + static_cast<models::Seconds>(info.offset.count());
    });
  } catch (const std::exception& e) {
    return providers::fail(providers::ErrorClass::config,
                           fmt::format("unknown time zone \"{}\"", timezone));
  }
}

}  // namespace ddnsguard::controller
