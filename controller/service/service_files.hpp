#pragma once
// The files that make ddnsguard start with the machine (DESIGN §4 `service`): a systemd
// unit and a launchd property list, generated from a few facts. Pure: text in, text out.

#include <string>

namespace ddnsguard::controller {

struct ServiceSpec {
  std::string exe;        // absolute path of the ddnsguard executable
  std::string config;     // absolute path of the configuration file
  bool user = false;      // per-user (systemd --user, LaunchAgent) instead of system-wide
  std::string state_dir;  // launchd only: where history.db lives (systemd: StateDirectory)
  std::string log_file;   // launchd only: stdout/stderr of the daemon
};

// The first line of every generated file: uninstall removes only files that carry it.
inline constexpr const char* k_service_marker =
    "Installed by `ddnsguard service install`; `ddnsguard service uninstall` removes it.";

// A Type=notify unit with the watchdog, restart on failure and a hardened sandbox. The
// state lives in StateDirectory (passed as --state-dir %S/ddnsguard); system units run as
// root with an empty capability set, so they read only root's own files (the 0600
// configuration) and nothing else privileged. Secrets may come through LoadCredential= and
// `<key>_file: "${CREDENTIALS_DIRECTORY}/<name>"`.
std::string systemd_unit(const ServiceSpec& s);

// A launchd job for /Library/LaunchDaemons or ~/Library/LaunchAgents: started at load
// (RunAtLoad) and kept alive after a failure (KeepAlive unless it exited 0, like systemd's
// Restart=on-failure), at most every 10 s.
std::string launchd_plist(const ServiceSpec& s);

// The systemd unit name and the launchd label.
inline constexpr const char* k_unit_name = "ddnsguard.service";
inline constexpr const char* k_launchd_label = "org.ddnsguard.ddnsguard";
// The system user a system-wide unit runs as.
inline constexpr const char* k_system_user = "ddnsguard";

}  // namespace ddnsguard::controller
