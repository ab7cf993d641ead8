#include "controller/service/service_files.hpp"

#include <filesystem>
#include <string_view>

#include <fmt/format.h>

#include "controller/page/svg.hpp"

namespace ddnsguard::controller {

namespace {

// A quoted unit-file word: % escaped (specifiers), " and \ escaped, and $ doubled where
// systemd expands variables (ExecStart=, not list settings such as ReadWritePaths=).
std::string quoted(const std::string& s, bool expands_dollar) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%%";
    else if (c == '$' && expands_dollar)
      out += "$$";
    else if (c == '"' || c == '\\')
      out += std::string("\\") + c;
    else
      out += c;
  }
  return "\"" + out + "\"";
}

// An ExecStart= argument (systemd splits it on spaces and expands % and $).
std::string unit_arg(const std::string& s) {
  return quoted(s, true);
}

// Whether `path` is `dir` or inside it, compared as written (both absolute).
bool under(const std::string& path, std::string_view dir) {
  auto normal = std::filesystem::path(path).lexically_normal().string();
  return normal == dir || (normal.size() > dir.size() && normal.compare(0, dir.size(), dir) == 0 &&
                           normal[dir.size()] == '/');
}

std::string xml(const std::string& s) {
  return xml_escape(s);
}

}  // namespace

std::string hidden_from_system_unit(const std::string& path) {
  for (std::string_view dir : {"/home", "/root", "/run/user"}) {
    if (under(path, dir)) return fmt::format("ProtectHome=yes hides {} from the service", dir);
  }
  for (std::string_view dir : {"/tmp", "/var/tmp"}) {
    if (under(path, dir)) return fmt::format("PrivateTmp=yes gives the service its own {}", dir);
  }
  return "";
}

bool in_service_config_dir(const std::string& path) {
  return under(path, "/etc/ddnsguard") &&
         std::filesystem::path(path).lexically_normal() != "/etc/ddnsguard";
}

std::string systemd_unit(const ServiceSpec& s) {
  // A user manager cannot apply these (they need privileges or a mount namespace).
  std::string hardening = s.user ? "" : R"(User=ddnsguard
Group=ddnsguard
CapabilityBoundingSet=
AmbientCapabilities=
ProtectHome=yes
ProtectClock=yes
ProtectKernelLogs=yes
ProtectHostname=yes
ProtectProc=invisible
ProcSubset=pid
PrivateMounts=yes
RemoveIPC=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @resources
SystemCallErrorNumber=EPERM
)";
  // "-": a directory that does not exist yet does not stop the unit (the store reports it).
  std::string writable =
      s.state_dir.empty() ? "" : fmt::format("ReadWritePaths=-{}\n", quoted(s.state_dir, false));
  return fmt::format(R"(# {marker}
[Unit]
Description=ddnsguard: keeps DNS records pointing at this host's public address
Wants=network-online.target
After=network-online.target

[Service]
Type=notify
NotifyAccess=main
ExecStart={exe} -c {config} run
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
RestartSec=10s
RestartPreventExitStatus=2
WatchdogSec=2min
TimeoutStopSec=20s
StateDirectory=ddnsguard
StateDirectoryMode=0700
RuntimeDirectory=ddnsguard
LogsDirectory=ddnsguard
LogsDirectoryMode=0700
ConfigurationDirectory=ddnsguard
{writable}{hardening}NoNewPrivileges=yes
ProtectSystem=strict
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK
RestrictNamespaces=yes
LockPersonality=yes
MemoryDenyWriteExecute=yes
SystemCallArchitectures=native
UMask=0077

[Install]
WantedBy={wanted}
)",
                     fmt::arg("marker", k_service_marker), fmt::arg("exe", unit_arg(s.exe)),
                     fmt::arg("config", unit_arg(s.config)), fmt::arg("hardening", hardening),
                     fmt::arg("writable", writable),
                     fmt::arg("wanted", s.user ? "default.target" : "multi-user.target"));
}

std::string launchd_plist(const ServiceSpec& s) {
  return fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- {marker} -->
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>{label}</string>
  <key>ProgramArguments</key>
  <array>
    <string>{exe}</string>
    <string>-c</string>
    <string>{config}</string>
    <string>--state-dir</string>
    <string>{state}</string>
    <string>run</string>
  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ThrottleInterval</key>
  <integer>10</integer>
  <key>ProcessType</key>
  <string>Background</string>
  <key>StandardOutPath</key>
  <string>{log}</string>
  <key>StandardErrorPath</key>
  <string>{log}</string>
</dict>
</plist>
)",
                     fmt::arg("marker", k_service_marker), fmt::arg("label", k_launchd_label),
                     fmt::arg("exe", xml(s.exe)), fmt::arg("config", xml(s.config)),
                     fmt::arg("state", xml(s.state_dir)), fmt::arg("log", xml(s.log_file)));
}

}  // namespace ddnsguard::controller
