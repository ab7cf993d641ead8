#pragma once
// `ddnsguard service install|uninstall|status [--user]` (DESIGN §4): makes ddnsguard start
// with the machine. The system's own service manager is in controller/platform/
// service_<os>.cpp; launchd (macOS) is portable (service_launchd.cpp), so a package for a
// Mac can be laid out with --root anywhere.

#include <string>
#include <vector>

namespace ddnsguard::controller {

struct ServiceRequest {
  bool user = false;     // per-user service instead of system-wide
  bool launchd = false;  // a launchd job (macOS) instead of this system's service manager
  std::string root;      // "" = this system; else a directory standing for / (tests, packaging):
                         // files are written there and no service manager is called
  std::string exe;       // absolute path of this executable
  std::string config;    // absolute path of the configuration the service will read
  std::string home;      // the user's home ($HOME), for --user
  std::string xdg_config_home;  // $XDG_CONFIG_HOME, when set
  std::string state_dir;        // a state_dir the configuration names ("": the unit's default)
  bool force = false;           // write a system unit even where its sandbox cannot reach
};

struct ServiceResult {
  int exit_code = 0;               // 0 done, 1 failed (nothing half done), 2 usage
  std::vector<std::string> lines;  // what was done or found, one line each
};

// Writes and enables the service. Installing twice is harmless (same files, "already").
// A system-wide install without the rights to write it fails before writing anything, and
// so does (exit 2) a systemd unit whose executable or configuration its sandbox hides,
// unless `force`.
ServiceResult service_install(const ServiceRequest& r);
// Stops, disables and removes what install created, and nothing else.
ServiceResult service_uninstall(const ServiceRequest& r);
// installed / enabled / active (service.cpp, from service_state).
ServiceResult service_status(const ServiceRequest& r);

struct ServiceState {
  std::string label = "unit";  // what `where` is: unit, service, run value
  std::string where;           // the unit file (or plist, or service name)
  bool installed = false;
  bool enabled = false;
  std::string active;   // "active", "inactive", "failed", ... or "unknown"
  std::string refused;  // set when the request cannot be answered here (the error line)
  std::string hint;     // how to enable and start it by hand, and where its log is
};
ServiceState service_state(const ServiceRequest& r);

// The default configuration path a service reads: /etc/ddnsguard/config.json system-wide,
// $XDG_CONFIG_HOME/ddnsguard/config.json (or ~/.config/...) per user (POSIX, launchd).
std::string default_service_config(const ServiceRequest& r);

// This system's own service manager, behind the calls above (service_<os>.cpp).
ServiceResult native_service_install(const ServiceRequest& r);
ServiceResult native_service_uninstall(const ServiceRequest& r);
ServiceState native_service_state(const ServiceRequest& r);
std::string native_service_config(const ServiceRequest& r);
// default_service_config's answer on POSIX systems (Linux, macOS).
std::string posix_service_config(const ServiceRequest& r);

}  // namespace ddnsguard::controller
