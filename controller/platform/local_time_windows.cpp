#include <ctime>

#include <fmt/format.h>

#include "controller/platform/local_time.hpp"

namespace ddnsguard::controller {

providers::Result<models::LocalTime> make_local_time(const std::string& timezone) {
  if (timezone == "UTC" || timezone == "Etc/UTC") return utc_local_time();
  if (timezone == "local") {
    return models::LocalTime([](models::Seconds utc) {
      __time64_t t = static_cast<__time64_t>(utc);
      std::tm tm{};
      if (_localtime64_s(&tm, &t) != 0) return utc;
      return static_cast<models::Seconds>(_mkgmtime64(&tm));  // local fields read as UTC
    });
  }
  return providers::fail(
      providers::ErrorClass::config,
      fmt::format("unknown time zone \"{}\"; this Windows build knows only \"local\" and \"UTC\"",
                  timezone));
}

}  // namespace ddnsguard::controller
