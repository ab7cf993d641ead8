// The Windows Service Control Manager: the dispatcher, the control handler and the status
// reports (start pending, running, stop pending, stopped).

#include <windows.h>

#include <atomic>
#include <string>

#include "controller/platform/service_notify.hpp"
#include "controller/platform/signals.hpp"

namespace ddnsguard::controller {

namespace {

constexpr wchar_t k_name[] = L"ddnsguard";

SERVICE_STATUS_HANDLE g_handle = nullptr;  // set while running under the SCM
const std::function<int()>* g_body = nullptr;
int g_exit = 0;

void report(DWORD state, DWORD exit_code = NO_ERROR, DWORD wait_hint_ms = 0) {
  if (g_handle == nullptr) return;
  static std::atomic<DWORD> checkpoint{1};
  SERVICE_STATUS st{};
  st.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  st.dwCurrentState = state;
  st.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN |
                                                         SERVICE_ACCEPT_PARAMCHANGE
                                                   : 0;
  st.dwWin32ExitCode = exit_code == 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
  st.dwServiceSpecificExitCode = exit_code;
  st.dwWaitHint = wait_hint_ms;
  bool settled = state == SERVICE_RUNNING || state == SERVICE_STOPPED;
  st.dwCheckPoint = settled ? 0 : checkpoint++;
  SetServiceStatus(g_handle, &st);
}

DWORD WINAPI on_control(DWORD control, DWORD, void*, void*) {
  switch (control) {
  case SERVICE_CONTROL_STOP:
  case SERVICE_CONTROL_SHUTDOWN:
    report(SERVICE_STOP_PENDING, NO_ERROR, 10000);
    SignalWatcher::request_stop();
    return NO_ERROR;
  case SERVICE_CONTROL_PARAMCHANGE:
    SignalWatcher::request_reload();
    return NO_ERROR;
  case SERVICE_CONTROL_INTERROGATE:
    return NO_ERROR;
  default:
    return ERROR_CALL_NOT_IMPLEMENTED;
  }
}

void WINAPI service_main(DWORD, LPWSTR*) {
  g_handle = RegisterServiceCtrlHandlerExW(k_name, on_control, nullptr);
  if (g_handle == nullptr) return;
  report(SERVICE_START_PENDING, NO_ERROR, 30000);
  g_exit = (*g_body)();
  report(SERVICE_STOPPED, static_cast<DWORD>(g_exit));
}

// Running on the first pass; stop pending on the way out. Without the SCM, every call
// does nothing.
class ScmNotifier final : public ServiceNotifier {
 public:
  void ready(std::string_view) override { report(SERVICE_RUNNING); }
  void status(std::string_view) override {}
  void alive() override {}
  void stopping() override { report(SERVICE_STOP_PENDING, NO_ERROR, 10000); }
  std::optional<std::chrono::milliseconds> alive_every() const override { return std::nullopt; }
};

}  // namespace

std::unique_ptr<ServiceNotifier> service_notifier_from_environment() {
  return std::make_unique<ScmNotifier>();
}

int run_as_service(const std::function<int()>& body) {
  g_body = &body;
  SERVICE_TABLE_ENTRYW table[] = {{const_cast<LPWSTR>(k_name), service_main}, {nullptr, nullptr}};
  if (!StartServiceCtrlDispatcherW(table)) {
    std::fputs("error: run --service is for the Windows service manager (sc start ddnsguard)\n",
               stderr);
    return 1;
  }
  return g_exit;
}

}  // namespace ddnsguard::controller
