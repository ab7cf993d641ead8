#include "controller/service/service.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "controller/service/service_launchd.hpp"

namespace ddnsguard::controller {

ServiceResult service_install(const ServiceRequest& r) {
  return r.launchd ? launchd_install(r) : native_service_install(r);
}

ServiceResult service_uninstall(const ServiceRequest& r) {
  return r.launchd ? launchd_uninstall(r) : native_service_uninstall(r);
}

ServiceState service_state(const ServiceRequest& r) {
  return r.launchd ? launchd_state(r) : native_service_state(r);
}

std::string default_service_config(const ServiceRequest& r) {
  return r.launchd ? posix_service_config(r) : native_service_config(r);
}

std::string posix_service_config(const ServiceRequest& r) {
  if (!r.user) return "/etc/ddnsguard/config.json";
  auto base = r.xdg_config_home.empty() ? std::filesystem::path(r.home) / ".config"
                                        : std::filesystem::path(r.xdg_config_home);
  return (base / "ddnsguard/config.json").string();
}

ServiceResult service_status(const ServiceRequest& r) {
  auto st = service_state(r);
  if (!st.refused.empty()) return {2, {st.refused}};
  ServiceResult res;
  res.lines.push_back(fmt::format("{:<10} {}", st.label, st.where));
  res.lines.push_back(fmt::format("installed  {}", st.installed ? "yes" : "no"));
  res.lines.push_back(fmt::format("enabled    {}", st.enabled ? "yes" : "no"));
  res.lines.push_back(fmt::format("active     {}", st.active));
  res.exit_code = st.installed ? 0 : 1;
  return res;
}

}  // namespace ddnsguard::controller
