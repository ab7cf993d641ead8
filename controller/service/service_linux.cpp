// systemd: the unit goes to /etc/systemd/system (or ~/.config/systemd/user with --user),
// enabled through its WantedBy target; systemctl is called only on the real system.

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "controller/service/service.hpp"
#include "controller/service/service_file_io.hpp"
#include "controller/service/service_files.hpp"
#include "providers/base/command_runner.hpp"

namespace ddnsguard::controller {

namespace fs = std::filesystem;

namespace {

struct Paths {
  fs::path unit_dir;
  fs::path unit;
  fs::path wants;   // the enable symlink
  fs::path vendor;  // the unit a package ships (/usr/lib/systemd/system); system only
};

Paths paths(const ServiceRequest& r) {
  fs::path base = r.root.empty() ? fs::path("/") : fs::path(r.root);
  fs::path dir;
  if (r.user) {
    auto config =
        r.xdg_config_home.empty() ? fs::path(r.home) / ".config" : fs::path(r.xdg_config_home);
    dir = base / config.relative_path() / "systemd/user";
  } else {
    dir = base / "etc/systemd/system";
  }
  auto target = r.user ? "default.target.wants" : "multi-user.target.wants";
  auto vendor = r.user ? fs::path() : base / "usr/lib/systemd/system" / k_unit_name;
  return {dir, dir / k_unit_name, dir / target / k_unit_name, vendor};
}

// Runs systemctl (only on the real system); true on exit code 0.
bool systemctl(const ServiceRequest& r, std::vector<std::string> args, std::string* out = nullptr) {
  if (!r.root.empty()) return true;
  std::vector<std::string> argv{"systemctl"};
  if (r.user) argv.push_back("--user");
  argv.insert(argv.end(), args.begin(), args.end());
  auto run = providers::run_command(argv, std::chrono::seconds(60), 64 * 1024);
  if (!run) return false;
  if (out != nullptr) *out = run->output.substr(0, run->output.find('\n'));
  return run->exit_code == 0;
}

// The system unit runs as the `ddnsguard` system user (the .deb's postinst makes it too):
// created when missing, and given read access to the configuration (group, mode 0640).
void prepare_system_user(const ServiceRequest& r, ServiceResult& res) {
  if (!r.root.empty() || r.user) return;
  if (getpwnam(k_system_user) == nullptr) {
    auto made = providers::run_command({"useradd", "--system", "--user-group", "--no-create-home",
                                        "--home-dir", "/var/lib/ddnsguard", "--shell",
                                        "/usr/sbin/nologin", k_system_user},
                                       std::chrono::seconds(60), 64 * 1024);
    bool ok = made && made->exit_code == 0;
    res.lines.push_back(ok ? "created system user ddnsguard"
                           : "warning: could not create system user ddnsguard (useradd failed)");
  }
  std::error_code ec;
  if (!fs::exists(r.config, ec)) return;
  if (!in_service_config_dir(r.config) || fs::is_symlink(r.config, ec)) {
    res.lines.push_back(fmt::format(
        "note: the service runs as user ddnsguard, which must be able to read {} (e.g. chgrp "
        "ddnsguard and chmod 640 it); its owner and mode are left as they are",
        r.config));
    return;
  }
  const group* g = getgrnam(k_system_user);
  if (g != nullptr && ::chown(r.config.c_str(), 0, g->gr_gid) == 0 &&
      ::chmod(r.config.c_str(), 0640) == 0) {
    res.lines.push_back(fmt::format("{}: owner root:ddnsguard, mode 0640", r.config));
  }
}

// Why a system unit cannot reach `path`, also through a symlink ("" when it can).
std::string hidden(const std::string& path) {
  if (auto why = hidden_from_system_unit(path); !why.empty()) return why;
  std::error_code ec;
  auto real = fs::weakly_canonical(path, ec);
  return ec ? "" : hidden_from_system_unit(real.string());
}

// A unit whose sandbox hides its program or configuration, or whose state_dir it cannot
// write, cannot work: every such problem is named with what to do, and the install is
// refused (exit 2) unless --force.
std::optional<ServiceResult> refuse_unreachable_paths(const ServiceRequest& r) {
  if (r.force) return std::nullopt;
  ServiceResult res{2, {}};
  const auto again =
      fmt::format("then run sudo /usr/local/bin/ddnsguard -c {} service install", r.config);
  if (auto why = r.user ? "" : hidden(r.exe); !why.empty()) {
    res.lines.push_back(fmt::format(
        "error: the system service could not start {}: {} (it would fail with "
        "status=203/EXEC); install it where the service can reach it: sudo install -m755 {} "
        "/usr/local/bin/, {}",
        r.exe, why, r.exe, again));
  }
  if (auto why = r.user ? "" : hidden(r.config); !why.empty()) {
    res.lines.push_back(fmt::format(
        "error: the system service could not read {}: {}; put it where the service can read "
        "it: sudo install -D -m600 {} /etc/ddnsguard/config.json, then sudo ddnsguard -c "
        "/etc/ddnsguard/config.json service install",
        r.config, why, r.config));
  }
  if (auto why = r.user ? "" : hidden(r.state_dir); !r.state_dir.empty() && !why.empty()) {
    res.lines.push_back(fmt::format(
        "error: the system service could not write its state_dir {}: {}; leave state_dir out "
        "of {} (the service then uses /var/lib/ddnsguard) or name another directory",
        r.state_dir, why, r.config));
  }
  if (r.user && !r.state_dir.empty() && !can_create_under(r.state_dir)) {
    res.lines.push_back(fmt::format(
        "error: the user service could not write its state_dir {}: you may not create files "
        "there; leave state_dir out of {} (the service then uses ~/.local/state/ddnsguard) or "
        "name a directory of yours",
        r.state_dir, r.config));
  }
  if (res.lines.empty()) return std::nullopt;
  res.lines.push_back(
      r.user ? "nothing was written; --force writes the unit anyway"
             : "nothing was written; --user installs a service of your own, --force writes "
               "this unit anyway");
  return res;
}

}  // namespace

std::string native_service_config(const ServiceRequest& r) {
  return posix_service_config(r);
}

ServiceResult native_service_install(const ServiceRequest& r) {
  ServiceResult res;
  auto p = paths(r);
  if (auto refused = refuse_unreachable_paths(r)) return *refused;
  ServiceSpec spec;
  spec.exe = r.exe;
  spec.config = r.config;
  spec.user = r.user;
  // The system unit's StateDirectory= is writable already; any other state_dir is made so.
  if (r.user || r.state_dir != "/var/lib/ddnsguard") spec.state_dir = r.state_dir;
  // Check the rights first, so a refused install leaves nothing behind.
  if (!can_create_under(p.unit_dir)) {
    res.exit_code = 1;
    res.lines.push_back(fmt::format(
        "error: cannot write {}: {}", p.unit_dir.string(),
        r.user
            ? "check the permissions of your home directory"
            : "a system-wide install needs root (sudo ddnsguard service install), or use --user"));
    return res;
  }
  auto wrote = write_service_file(p.unit, systemd_unit(spec));
  if (auto error = write_error(wrote, p.unit); !error.empty()) return {1, {error}};
  bool same = wrote == FileWrite::unchanged;
  std::error_code ec;
  fs::create_directories(p.wants.parent_path(), ec);
  res.lines.push_back(fmt::format("{} {}", same ? "already installed:" : "wrote", p.unit.string()));
  if (!r.root.empty()) {
    if (!fs::is_symlink(p.wants, ec)) fs::create_symlink(fs::path("..") / k_unit_name, p.wants, ec);
    res.lines.push_back(fmt::format("enabled: {}", p.wants.string()));
    return res;
  }
  prepare_system_user(r, res);
  systemctl(r, {"daemon-reload"});
  if (!systemctl(r, {"enable", k_unit_name})) {
    res.exit_code = 1;
    res.lines.push_back("error: systemctl enable failed; the unit file is in place");
    return res;
  }
  res.lines.push_back("enabled: starts at boot");
  if (fs::exists(r.config, ec)) {
    bool started = systemctl(r, {"restart", k_unit_name});
    res.lines.push_back(started ? "started" : "error: systemctl restart failed (see journalctl)");
    if (!started) res.exit_code = 1;
  } else {
    res.lines.push_back(fmt::format("not started: write {} first, then systemctl {}start {}",
                                    r.config, r.user ? "--user " : "", k_unit_name));
  }
  return res;
}

ServiceResult native_service_uninstall(const ServiceRequest& r) {
  ServiceResult res;
  auto p = paths(r);
  std::error_code ec;
  if (!fs::exists(p.unit, ec)) {
    if (!p.vendor.empty() && fs::exists(p.vendor, ec)) {
      res.lines.push_back(fmt::format(
          "{} belongs to the ddnsguard package: systemctl disable --now ddnsguard stops it, "
          "apt remove ddnsguard removes it",
          p.vendor.string()));
      return res;
    }
    res.lines.push_back("not installed: nothing to remove");
    return res;
  }
  if (!written_by_us(p.unit)) {
    res.exit_code = 1;
    res.lines.push_back(
        fmt::format("error: {} was not written by ddnsguard; left alone", p.unit.string()));
    return res;
  }
  systemctl(r, {"disable", "--now", k_unit_name});
  if (fs::is_symlink(p.wants, ec)) fs::remove(p.wants, ec);
  if (!fs::remove(p.unit, ec) || ec) {
    res.exit_code = 1;
    res.lines.push_back(fmt::format("error: cannot remove {}: {}", p.unit.string(), ec.message()));
    return res;
  }
  systemctl(r, {"daemon-reload"});
  res.lines.push_back(fmt::format("removed {}", p.unit.string()));
  return res;
}

ServiceState native_service_state(const ServiceRequest& r) {
  auto p = paths(r);
  std::error_code ec;
  ServiceState st;
  st.where = p.unit.string();
  auto user = r.user ? "--user " : "";
  st.hint =
      fmt::format("systemctl {}enable --now ddnsguard; see journalctl {}-u ddnsguard", user, user);
  st.installed = fs::exists(p.unit, ec);
  if (!st.installed && !p.vendor.empty() && fs::exists(p.vendor, ec)) {
    st.where = p.vendor.string();  // the package's unit, enabled with systemctl
    st.installed = true;
  }
  st.enabled = fs::is_symlink(p.wants, ec);
  st.active = "unknown (--root)";
  if (r.root.empty()) {
    std::string state;
    systemctl(r, {"is-active", k_unit_name}, &state);
    st.active = state.empty() ? "unknown" : state;
  }
  return st;
}

}  // namespace ddnsguard::controller
