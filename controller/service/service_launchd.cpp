#include "controller/service/service_launchd.hpp"

#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "controller/service/service_file_io.hpp"
#include "controller/service/service_files.hpp"
#include "providers/base/command_runner.hpp"

namespace ddnsguard::controller {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_launchctl = "/bin/launchctl";

// Where things are on the Mac itself; on_disk() adds --root for writing.
struct Layout {
  fs::path plist;
  fs::path state;
  fs::path log;
};

Layout layout(const ServiceRequest& r) {
  fs::path lib = r.user ? fs::path(r.home) / "Library" : fs::path("/Library");
  auto name = fmt::format("{}.plist", k_launchd_label);
  return {lib / (r.user ? "LaunchAgents" : "LaunchDaemons") / name,
          lib / "Application Support" / "ddnsguard", lib / "Logs" / "ddnsguard" / "ddnsguard.log"};
}

fs::path on_disk(const ServiceRequest& r, const fs::path& p) {
  return r.root.empty() ? p : fs::path(r.root) / p.relative_path();
}

LaunchctlReply run(std::vector<std::string> argv) {
  auto done = providers::run_command(argv, std::chrono::seconds(60), 256 * 1024);
  if (!done || !done->exit_code) return {};
  return {*done->exit_code, done->output};
}

// /bin/launchctl; the uid (`id -u`) only for a LaunchAgent's gui/<uid> domain.
LaunchdHost this_mac(const ServiceRequest& r) {
  LaunchdHost mac{[](const std::vector<std::string>& args) {
                    std::vector<std::string> argv{k_launchctl};
                    argv.insert(argv.end(), args.begin(), args.end());
                    return run(argv);
                  },
                  ""};
  if (r.user) {
    auto id = run({"/usr/bin/id", "-u"}).output;
    mac.uid = id.substr(0, id.find_first_of("\r\n"));
  }
  return mac;
}

// The launchd to talk to: the caller's, this Mac's (no --root), or none (files only).
// Without --root and without launchctl nothing may be written: nullopt with the error.
struct Target {
  std::optional<LaunchdHost> host;
  std::string refused;
};

Target target_of(const ServiceRequest& r, const LaunchdHost* host) {
  if (host != nullptr) return {*host, ""};
  if (!r.root.empty()) return {};
  std::error_code ec;
  if (fs::exists(k_launchctl, ec)) return {this_mac(r), ""};
  return {std::nullopt, fmt::format("error: --launchd needs macOS ({} not found); add --root DIR "
                                    "to lay the files out under DIR instead",
                                    k_launchctl)};
}

// "system" for a LaunchDaemon, "gui/<uid>" for the user's LaunchAgents.
std::string domain(const ServiceRequest& r, const LaunchdHost& host) {
  return r.user ? fmt::format("gui/{}", host.uid) : "system";
}

std::string service_target(const ServiceRequest& r, const LaunchdHost& host) {
  return fmt::format("{}/{}", domain(r, host), k_launchd_label);
}

// Enables the job and loads it (launchd then starts it: RunAtLoad); a `changed` plist is
// booted out first so the new one takes effect.
ServiceResult start_job(const ServiceRequest& r, const LaunchdHost& host, const Layout& l,
                        bool changed) {
  ServiceResult res;
  auto dom = domain(r, host);
  auto job = service_target(r, host);
  if (changed) host.launchctl({"bootout", job});
  host.launchctl({"enable", job});
  res.lines.push_back("enabled: launchd loads it at boot");
  std::error_code ec;
  if (!fs::exists(r.config, ec)) {
    res.lines.push_back(fmt::format("not started: write {} first, then {}launchctl bootstrap {} {}",
                                    r.config, r.user ? "" : "sudo ", dom, l.plist.string()));
    return res;
  }
  auto boot = host.launchctl({"bootstrap", dom, l.plist.string()});
  bool loaded = boot.exit_code == 0 || host.launchctl({"print", job}).exit_code == 0;
  res.lines.push_back(
      loaded ? "started"
             : fmt::format("error: launchctl bootstrap {} failed (exit {})", dom, boot.exit_code));
  res.exit_code = loaded ? 0 : 1;
  return res;
}

void make_directories(const ServiceRequest& r, const Layout& l) {
  std::error_code ec;
  fs::permissions(on_disk(r, l.plist), fs::perms(0644), ec);  // launchd refuses writable jobs
  fs::create_directories(on_disk(r, l.state), ec);
  fs::permissions(on_disk(r, l.state), fs::perms::owner_all, ec);
  fs::create_directories(on_disk(r, l.log).parent_path(), ec);
}

// Whether `print-disabled` lists the job as disabled ("=> disabled", or "=> true" before
// macOS 11).
bool listed_disabled(const std::string& listing) {
  auto at = listing.find(fmt::format("\"{}\" =>", k_launchd_label));
  if (at == std::string::npos) return false;
  auto verdict = listing.substr(at, listing.find('\n', at) - at);
  return verdict.find("disabled") != std::string::npos || verdict.find("true") != std::string::npos;
}

}  // namespace

ServiceResult launchd_install(const ServiceRequest& r, const LaunchdHost* host) {
  auto target = target_of(r, host);
  if (!target.refused.empty()) return {2, {target.refused}};
  auto l = layout(r);
  auto plist = on_disk(r, l.plist);
  if (!can_create_under(plist.parent_path())) {
    return {1,
            {fmt::format("error: cannot write {}: {}", plist.parent_path().string(),
                         r.user ? "check the permissions of your home directory"
                                : "a LaunchDaemon needs root (sudo ddnsguard service install), "
                                  "or use --user for a LaunchAgent")}};
  }
  ServiceSpec spec{r.exe, r.config, r.user, l.state.string(), l.log.string()};
  auto wrote = write_service_file(plist, launchd_plist(spec));
  if (auto error = write_error(wrote, plist); !error.empty()) return {1, {error}};
  make_directories(r, l);
  ServiceResult res;
  bool same = wrote == FileWrite::unchanged;
  res.lines.push_back(fmt::format("{} {}", same ? "already installed:" : "wrote", plist.string()));
  res.lines.push_back(
      fmt::format("state {}, log {}", on_disk(r, l.state).string(), on_disk(r, l.log).string()));
  if (!target.host) {
    res.lines.push_back("enabled: launchd loads it at boot");
    return res;
  }
  auto started = start_job(r, *target.host, l, !same);
  res.lines.insert(res.lines.end(), started.lines.begin(), started.lines.end());
  res.exit_code = started.exit_code;
  return res;
}

ServiceResult launchd_uninstall(const ServiceRequest& r, const LaunchdHost* host) {
  auto target = target_of(r, host);
  if (!target.refused.empty()) return {2, {target.refused}};
  auto l = layout(r);
  auto plist = on_disk(r, l.plist);
  std::error_code ec;
  if (!fs::exists(plist, ec)) return {0, {"not installed: nothing to remove"}};
  if (!written_by_us(plist)) {
    return {1, {fmt::format("error: {} was not written by ddnsguard; left alone", plist.string())}};
  }
  if (target.host) target.host->launchctl({"bootout", service_target(r, *target.host)});
  if (!fs::remove(plist, ec) || ec) {
    return {1, {fmt::format("error: cannot remove {}: {}", plist.string(), ec.message())}};
  }
  return {0,
          {fmt::format("removed {}", plist.string()),
           fmt::format("kept {} (the history)", on_disk(r, l.state).string())}};
}

ServiceState launchd_state(const ServiceRequest& r, const LaunchdHost* host) {
  ServiceState st;
  auto target = target_of(r, host);
  if (!target.refused.empty()) {
    st.refused = target.refused;
    return st;
  }
  auto l = layout(r);
  std::error_code ec;
  st.label = "plist";
  st.where = on_disk(r, l.plist).string();
  st.installed = fs::exists(st.where, ec);
  st.enabled = st.installed;
  st.active = "unknown (--root)";
  st.hint = fmt::format("{}launchctl bootstrap {} {}; see {}", r.user ? "" : "sudo ",
                        r.user ? "gui/$(id -u)" : "system", l.plist.string(), l.log.string());
  if (!target.host) return st;
  const auto& mac = *target.host;
  if (listed_disabled(mac.launchctl({"print-disabled", domain(r, mac)}).output)) st.enabled = false;
  auto job = mac.launchctl({"print", service_target(r, mac)});
  st.active = job.exit_code != 0                                        ? "inactive"
              : job.output.find("state = running") != std::string::npos ? "active"
                                                                        : "loaded, not running";
  return st;
}

}  // namespace ddnsguard::controller
