#pragma once
// `service install|uninstall|status --launchd` (the default on macOS): a LaunchDaemon in
// /Library/LaunchDaemons, or with --user a LaunchAgent in ~/Library/LaunchAgents, with its
// state in Library/Application Support/ddnsguard and its log in Library/Logs/ddnsguard.
// With --root the files are laid out under that directory on any system and launchctl is
// not called; without it launchctl must exist (macOS), else nothing is written.

#include <functional>
#include <string>
#include <vector>

#include "controller/service/service.hpp"

namespace ddnsguard::controller {

// The launchd being managed: /bin/launchctl and the caller's uid (`id -u`) on a Mac, a
// stand-in in tests. launchctl returns its exit code (-1: did not run) and stdout.
struct LaunchctlReply {
  int exit_code = -1;
  std::string output;
};
struct LaunchdHost {
  std::function<LaunchctlReply(const std::vector<std::string>& args)> launchctl;
  std::string uid;  // for the gui/<uid> domain of a LaunchAgent
};

// Writes the property list (only if it changed), creates the state and log directories,
// and with a host enables the job and bootstraps it when the configuration exists.
// `host` unset: this Mac's launchd without --root, none with it. Blocks on launchctl (at
// most a minute per call).
ServiceResult launchd_install(const ServiceRequest& r, const LaunchdHost* host = nullptr);
// Boots the job out and removes the property list when it carries our marker; the state
// (history) and the log are kept.
ServiceResult launchd_uninstall(const ServiceRequest& r, const LaunchdHost* host = nullptr);
// installed (the plist is there), enabled (launchd loads it: not disabled), active (running).
ServiceState launchd_state(const ServiceRequest& r, const LaunchdHost* host = nullptr);

}  // namespace ddnsguard::controller
