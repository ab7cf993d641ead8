#include <windows.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "providers/base/command_runner.hpp"
#include "providers/platform/wide_text.hpp"

namespace ddnsguard::providers {

namespace {

class Handle {
 public:
  explicit Handle(HANDLE h = nullptr) : m_h(h == INVALID_HANDLE_VALUE ? nullptr : h) {}
  ~Handle() {
    if (m_h != nullptr) CloseHandle(m_h);
  }
  Handle(Handle&& other) noexcept : m_h(std::exchange(other.m_h, nullptr)) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  HANDLE get() const { return m_h; }
  HANDLE* out() { return &m_h; }
  void reset() {
    if (m_h != nullptr) CloseHandle(m_h);
    m_h = nullptr;
  }

 private:
  HANDLE m_h;
};

// One argument quoted the way CommandLineToArgvW and the C runtime read it back.
std::wstring quote(const std::wstring& arg) {
  if (!arg.empty() && arg.find_first_of(L" \t\"") == std::wstring::npos) return arg;
  std::wstring out = L"\"";
  std::size_t slashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') {
      ++slashes;
      continue;
    }
    out.append(c == L'"' ? slashes * 2 + 1 : slashes, L'\\');
    slashes = 0;
    out.push_back(c);
  }
  out.append(slashes * 2, L'\\');
  return out + L"\"";
}

std::wstring command_line(const std::vector<std::string>& argv) {
  std::wstring line;
  for (const auto& a : argv)
    line += (line.empty() ? L"" : L" ") + quote(widen(a));
  return line;
}

Handle null_device(DWORD access) {
  SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
  return Handle{CreateFileW(L"NUL", access, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING,
                            0, nullptr)};
}

// A job that kills everything in it when its handle closes: the command and its children.
Handle kill_on_close_job() {
  Handle job{CreateJobObjectW(nullptr, nullptr)};
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (job.get() != nullptr) {
    SetInformationJobObject(job.get(), JobObjectExtendedLimitInformation, &limits, sizeof limits);
  }
  return job;
}

// Reads what the pipe holds without blocking; false once it is closed.
bool drain(HANDLE pipe, std::size_t max_output, CommandOutcome& o) {
  for (;;) {
    DWORD ready = 0;
    if (!PeekNamedPipe(pipe, nullptr, 0, nullptr, &ready, nullptr)) return false;
    if (ready == 0) return true;
    std::array<char, 1024> buf{};
    DWORD n = 0;
    if (!ReadFile(pipe, buf.data(), std::min<DWORD>(ready, buf.size()), &n, nullptr) || n == 0) {
      return false;
    }
    o.output.append(buf.data(), n);
    if (o.output.size() > max_output) {
      o.too_big = true;
      return true;
    }
  }
}

void collect(HANDLE process, HANDLE pipe, std::chrono::milliseconds timeout, std::size_t max_output,
             const std::atomic<bool>* cancel, CommandOutcome& o) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool open = true;
  while (!o.too_big) {
    bool exited = WaitForSingleObject(process, 0) == WAIT_OBJECT_0;
    if (open) open = drain(pipe, max_output, o);
    if (exited) {
      DWORD code = 0;
      if (GetExitCodeProcess(process, &code)) o.exit_code = static_cast<int>(code);
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      o.timed_out = true;
      return;
    }
    if (cancel != nullptr && cancel->load()) {
      o.cancelled = true;
      return;
    }
    WaitForSingleObject(process, 20);
  }
}

}  // namespace

Result<CommandOutcome> run_command(const std::vector<std::string>& argv,
                                   std::chrono::milliseconds timeout, std::size_t max_output,
                                   const std::atomic<bool>* cancel) {
  SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
  Handle read_end;
  Handle write_end;
  if (!CreatePipe(read_end.out(), write_end.out(), &sa, 0)) {
    return fail(ErrorClass::transient, fmt::format("pipe: error {}", GetLastError()));
  }
  SetHandleInformation(read_end.get(), HANDLE_FLAG_INHERIT, 0);
  Handle in = null_device(GENERIC_READ);
  Handle err = null_device(GENERIC_WRITE);
  STARTUPINFOW si{};
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = in.get();
  si.hStdOutput = write_end.get();
  si.hStdError = err.get();
  auto line = command_line(argv);
  PROCESS_INFORMATION pi{};
  if (!CreateProcessW(nullptr, line.data(), nullptr, nullptr, TRUE,
                      CREATE_SUSPENDED | CREATE_NO_WINDOW, nullptr, nullptr, &si, &pi)) {
    return fail(ErrorClass::config,
                fmt::format("cannot run {}: Windows error {}", argv[0], GetLastError()));
  }
  Handle process{pi.hProcess};
  Handle thread{pi.hThread};
  Handle job = kill_on_close_job();
  if (job.get() != nullptr) AssignProcessToJobObject(job.get(), process.get());
  ResumeThread(thread.get());
  write_end.reset();  // only the child writes now: the pipe closes when it is done
  CommandOutcome o;
  collect(process.get(), read_end.get(), timeout, max_output, cancel, o);
  if (job.get() != nullptr) TerminateJobObject(job.get(), 1);  // the command's leftovers
  if (o.timed_out || o.cancelled || o.too_big) {
    TerminateProcess(process.get(), 1);
    o.exit_code.reset();
  }
  return o;
}

}  // namespace ddnsguard::providers
