#pragma once
// The files that make ddnsguard start with the machine (DESIGN §4 `service`): a systemd
// unit and a launchd property list, generated from a few facts. Pure: text in, text out.

#include <string>

namespace ddnsguard::controller {

struct ServiceSpec {
  std::string exe;        // absolute path of the ddnsguard executable
  std::string config;     // absolute path of the configuration file
  bool user = false;      // per-user (systemd --user, LaunchAgent) instead of system-wide
  std::string state_dir;  // launchd: where history.db lives. systemd: a state_dir the
                          // configuration names outside StateDirectory= (made writable)
  std::string log_file;   // launchd only: stdout/stderr of the daemon
};

// The first line of every generated file: uninstall removes only files that carry it.
inline constexpr const char* k_service_marker =
    "Installed by `ddnsguard service install`; `ddnsguard service uninstall` removes it.";

// A Type=notify unit with the watchdog, restart on failure and a hardened sandbox. The
// history goes where the configuration's state_dir says, else to the default the CLI also
// uses (default_state_dir_for), which is the unit's StateDirectory= (/var/lib/ddnsguard, or
// ~/.local/state/ddnsguard for a user unit reading a configuration in the home). System
// units run as the ddnsguard user with no capabilities. Secrets may come through
// LoadCredential= and `<key>_file: "${CREDENTIALS_DIRECTORY}/<name>"`.
std::string systemd_unit(const ServiceSpec& s);

// A launchd job for /Library/LaunchDaemons or ~/Library/LaunchAgents: started at load
// (RunAtLoad) and kept alive after a failure (KeepAlive unless it exited 0, like systemd's
// Restart=on-failure), at most every 10 s.
std::string launchd_plist(const ServiceSpec& s);

// Why a system unit's sandbox cannot reach `path` ("" when it can): ProtectHome=yes hides
// /home, /root and /run/user; PrivateTmp=yes gives the service its own empty /tmp and
// /var/tmp. An executable there fails with status=203/EXEC, a configuration is not found.
std::string hidden_from_system_unit(const std::string& path);

// Whether `service install` may make `path` root:ddnsguard 0640 for the system user: only
// in the service's own configuration directory, /etc/ddnsguard/ (a file passed with -c
// from anywhere else belongs to someone who chose its owner and mode).
bool in_service_config_dir(const std::string& path);

// The systemd unit name and the launchd label.
inline constexpr const char* k_unit_name = "ddnsguard.service";
inline constexpr const char* k_launchd_label = "org.ddnsguard.ddnsguard";
// The system user a system-wide unit runs as.
inline constexpr const char* k_system_user = "ddnsguard";

}  // namespace ddnsguard::controller
