#include "controller/service/service_files.hpp"

#include <fmt/format.h>

namespace ddnsguard::controller {

namespace {

// systemd splits ExecStart= on spaces and expands % and $: quote and escape.
std::string unit_arg(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%%";
    else if (c == '$')
      out += "$$";
    else if (c == '"' || c == '\\')
      out += std::string("\\") + c;
    else
      out += c;
  }
  return "\"" + out + "\"";
}

std::string xml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

}  // namespace

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
  return fmt::format(R"(# {marker}
[Unit]
Description=ddnsguard: keeps DNS records pointing at this host's public address
Wants=network-online.target
After=network-online.target

[Service]
Type=notify
NotifyAccess=main
ExecStart={exe} -c {config} --state-dir %S/ddnsguard run
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
RestartSec=10s
RestartPreventExitStatus=2
WatchdogSec=2min
TimeoutStopSec=20s
StateDirectory=ddnsguard
StateDirectoryMode=0700
RuntimeDirectory=ddnsguard
ConfigurationDirectory=ddnsguard
{hardening}NoNewPrivileges=yes
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
