// Windows: machine-wide, a service registered with the Service Control Manager (automatic
// start, restart on failure, an Event Log source); per user (--user), the
// HKCU\...\CurrentVersion\Run value that starts ddnsguardw.exe (no console) at logon.

#include <windows.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "controller/platform/default_paths.hpp"
#include "controller/service/service.hpp"
#include "providers/platform/wide_text.hpp"

namespace ddnsguard::controller {

namespace fs = std::filesystem;
using providers::narrow;
using providers::widen;

namespace {

constexpr const wchar_t* k_name = L"ddnsguard";
constexpr const wchar_t* k_run_key = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
constexpr const wchar_t* k_eventlog_key =
    L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\ddnsguard";

struct ScCloser {
  void operator()(SC_HANDLE h) const { CloseServiceHandle(h); }
};
using ScHandle = std::unique_ptr<std::remove_pointer_t<SC_HANDLE>, ScCloser>;

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

// The program a start runs: the console-less ddnsguardw.exe beside this one when present.
std::string background_exe(const std::string& exe) {
  auto w = fs::path(widen(exe)).parent_path() / L"ddnsguardw.exe";
  std::error_code ec;
  return fs::exists(w, ec) ? narrow(w.wstring()) : exe;
}

std::string service_command(const ServiceRequest& r) {
  return fmt::format("{} run --service --config {}", quoted(r.exe), quoted(r.config));
}

std::string run_command_line(const ServiceRequest& r) {
  return fmt::format("{} run --config {}", quoted(background_exe(r.exe)), quoted(r.config));
}

std::optional<std::string> run_value() {
  wchar_t buf[4096] = {};
  DWORD size = sizeof buf;
  if (RegGetValueW(HKEY_CURRENT_USER, k_run_key, k_name, RRF_RT_REG_SZ, nullptr, buf, &size) !=
      ERROR_SUCCESS) {
    return std::nullopt;
  }
  return narrow(buf);
}

ServiceResult failed(std::string line, int code = 1) {
  return ServiceResult{code, {std::move(line)}};
}

ServiceResult root_unsupported() {
  return failed("error: --root is for Linux and macOS file layouts, not Windows", 2);
}

ServiceResult install_run_value(const ServiceRequest& r) {
  auto line = run_command_line(r);
  if (run_value() == line) return {0, {"already installed: HKCU Run value ddnsguard"}};
  auto w = widen(line);
  auto rc = RegSetKeyValueW(HKEY_CURRENT_USER, k_run_key, k_name, REG_SZ, w.c_str(),
                            static_cast<DWORD>((w.size() + 1) * sizeof(wchar_t)));
  if (rc != ERROR_SUCCESS) return failed(fmt::format("error: cannot write the Run value: {}", rc));
  return {0, {"wrote HKCU Run value ddnsguard: " + line, "enabled: starts at your next logon"}};
}

ScHandle open_manager(DWORD access, ServiceResult& res) {
  ScHandle scm{OpenSCManagerW(nullptr, nullptr, access)};
  if (!scm) {
    DWORD err = GetLastError();
    res =
        failed(err == ERROR_ACCESS_DENIED
                   ? "error: a machine-wide service needs an administrator (run from an "
                     "elevated prompt), or use --user"
                   : fmt::format("error: cannot open the service manager: Windows error {}", err));
  }
  return scm;
}

// Restart 10 s after a failure, three times; the count resets after a day.
void set_recovery(SC_HANDLE svc) {
  SC_ACTION actions[3] = {
      {SC_ACTION_RESTART, 10000}, {SC_ACTION_RESTART, 10000}, {SC_ACTION_RESTART, 10000}};
  SERVICE_FAILURE_ACTIONSW fa{};
  fa.dwResetPeriod = 24 * 3600;
  fa.cActions = 3;
  fa.lpsaActions = actions;
  ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS, &fa);
  std::wstring text = L"Keeps DNS records pointing at this host's changing public address";
  SERVICE_DESCRIPTIONW d{text.data()};
  ChangeServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, &d);
}

void register_event_source() {
  DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
  RegSetKeyValueW(HKEY_LOCAL_MACHINE, k_eventlog_key, L"TypesSupported", REG_DWORD, &types,
                  sizeof types);
}

std::string state_text(DWORD state) {
  switch (state) {
  case SERVICE_RUNNING:
    return "active";
  case SERVICE_STOPPED:
    return "inactive";
  case SERVICE_START_PENDING:
    return "activating";
  case SERVICE_STOP_PENDING:
    return "deactivating";
  default:
    return "unknown";
  }
}

DWORD current_state(SC_HANDLE svc) {
  SERVICE_STATUS st{};
  return QueryServiceStatus(svc, &st) ? st.dwCurrentState : 0;
}

// Stops the service and waits up to 20 s for it to report stopped.
void stop_and_wait(SC_HANDLE svc) {
  SERVICE_STATUS st{};
  ControlService(svc, SERVICE_CONTROL_STOP, &st);
  for (int i = 0; i < 200; ++i) {
    DWORD now = current_state(svc);
    if (now == SERVICE_STOPPED || now == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// StartService, tried again when the process was too slow to reach the dispatcher
// (ERROR_SERVICE_REQUEST_TIMEOUT: a cold start right after boot, or wine's short timeout).
DWORD start_service(SC_HANDLE svc) {
  DWORD err = NO_ERROR;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (StartServiceW(svc, 0, nullptr)) return NO_ERROR;
    err = GetLastError();
    if (err == ERROR_SERVICE_ALREADY_RUNNING) return NO_ERROR;
    if (err != ERROR_SERVICE_REQUEST_TIMEOUT) break;
  }
  return err;
}

ServiceResult install_service(const ServiceRequest& r) {
  ServiceResult res;
  auto scm = open_manager(SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE, res);
  if (!scm) return res;
  auto cmd = widen(service_command(r));
  ScHandle svc{OpenServiceW(scm.get(), k_name, SERVICE_ALL_ACCESS)};
  if (svc) {
    ChangeServiceConfigW(svc.get(), SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START,
                         SERVICE_ERROR_NORMAL, cmd.c_str(), nullptr, nullptr, nullptr, nullptr,
                         nullptr, nullptr);
    res.lines.push_back("already installed: service ddnsguard (command line refreshed)");
  } else {
    svc.reset(CreateServiceW(scm.get(), k_name, L"ddnsguard dynamic DNS", SERVICE_ALL_ACCESS,
                             SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START, SERVICE_ERROR_NORMAL,
                             cmd.c_str(), nullptr, nullptr, nullptr, nullptr, nullptr));
    if (!svc) return failed(fmt::format("error: cannot create the service: {}", GetLastError()));
    res.lines.push_back("created service ddnsguard: " + service_command(r));
  }
  set_recovery(svc.get());
  register_event_source();
  res.lines.push_back("enabled: starts at boot, restarts on failure");
  std::error_code ec;
  if (!fs::exists(fs::path(widen(r.config)), ec)) {
    res.lines.push_back(
        fmt::format("not started: write {} first, then sc start ddnsguard", r.config));
  } else if (current_state(svc.get()) == SERVICE_RUNNING) {
    res.lines.push_back("running");
  } else if (DWORD err = start_service(svc.get()); err == NO_ERROR) {
    res.lines.push_back("started");
  } else {
    res.exit_code = 1;
    res.lines.push_back(fmt::format("error: the service did not start: Windows error {}", err));
  }
  return res;
}

ServiceResult uninstall_service() {
  ServiceResult res;
  auto scm = open_manager(SC_MANAGER_CONNECT, res);
  if (!scm) return res;
  ScHandle svc{OpenServiceW(scm.get(), k_name, SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE)};
  if (!svc) {
    DWORD err = GetLastError();
    if (err == ERROR_SERVICE_DOES_NOT_EXIST) return {0, {"not installed: nothing to remove"}};
    return failed(err == ERROR_ACCESS_DENIED
                      ? "error: removing the service needs an administrator"
                      : fmt::format("error: cannot open the service: {}", err));
  }
  stop_and_wait(svc.get());
  if (!DeleteService(svc.get())) {
    return failed(fmt::format("error: cannot delete the service: {}", GetLastError()));
  }
  RegDeleteKeyW(HKEY_LOCAL_MACHINE, k_eventlog_key);
  return {0, {"stopped and removed service ddnsguard"}};
}

}  // namespace

std::string native_service_config(const ServiceRequest& r) {
  if (r.user && !r.home.empty()) return r.home + "\\ddnsguard\\config.json";  // %APPDATA%
  return default_state_dir() + "\\config.json";
}

ServiceResult native_service_install(const ServiceRequest& r) {
  if (!r.root.empty()) return root_unsupported();
  return r.user ? install_run_value(r) : install_service(r);
}

ServiceResult native_service_uninstall(const ServiceRequest& r) {
  if (!r.root.empty()) return root_unsupported();
  if (!r.user) return uninstall_service();
  if (!run_value()) return {0, {"not installed: nothing to remove"}};
  if (RegDeleteKeyValueW(HKEY_CURRENT_USER, k_run_key, k_name) != ERROR_SUCCESS) {
    return failed("error: cannot remove the Run value");
  }
  return {0, {"removed HKCU Run value ddnsguard"}};
}

ServiceState native_service_state(const ServiceRequest& r) {
  ServiceState st;
  if (!r.root.empty()) {
    st.refused = root_unsupported().lines.front();
    return st;
  }
  if (r.user) {
    st.label = "run value";
    st.where = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\ddnsguard";
    st.installed = st.enabled = run_value().has_value();
    st.active = "unknown";
    st.hint = "ddnsguard service install --user (starts at the next logon)";
    return st;
  }
  st.label = "service";
  st.hint = "sc config ddnsguard start= auto && sc start ddnsguard; see the Application event log";
  st.where = "service ddnsguard";
  st.active = "unknown";
  ScHandle scm{OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT)};
  ScHandle svc{scm ? OpenServiceW(scm.get(), k_name, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG)
                   : nullptr};
  if (!svc) return st;
  st.installed = true;
  DWORD need = 0;
  QueryServiceConfigW(svc.get(), nullptr, 0, &need);
  std::vector<unsigned char> buf(need);
  auto* cfg = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buf.data());
  st.enabled = need > 0 && QueryServiceConfigW(svc.get(), cfg, need, &need) &&
               cfg->dwStartType == SERVICE_AUTO_START;
  st.active = state_text(current_state(svc.get()));
  return st;
}

}  // namespace ddnsguard::controller
