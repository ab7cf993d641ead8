#pragma once
// Windows test helpers: a temporary directory, the real executables run as child
// processes (to completion, or in the background until stopped), registry reads.

#include <winsock2.h>
// after winsock2.h
#include <windows.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "providers/base/command_runner.hpp"
#include "providers/platform/wide_text.hpp"

namespace ddnsguard::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    m_path =
        std::filesystem::temp_directory_path() /
        ("ddnsguard-test-" + std::to_string(GetCurrentProcessId()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path() const { return m_path.string(); }

 private:
  std::filesystem::path m_path;
};

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The built executable `name` (ddnsguard.exe, ddnsguardw.exe) as a Windows path: the build
// tree is on wine's Z: drive, which maps /.
inline std::string windows_exe(const char* name) {
  std::string dir = std::filesystem::path(DDNSGUARD_BINARY).parent_path().string();
  if (!dir.empty() && dir[0] == '/') dir = "Z:" + dir;
  for (auto& c : dir)
    if (c == '/') c = '\\';
  return dir + "\\" + name;
}

struct ExeResult {
  int code = -1;
  std::string out;
};

// Runs an executable to completion (stdout captured; at most 60 s).
inline ExeResult run_exe(std::vector<std::string> argv) {
  auto r = providers::run_command(argv, std::chrono::seconds(60), 1 << 20);
  if (!r) return {};
  return {r->exit_code.value_or(-1), r->output};
}

// An executable started in the background, killed when the test is done with it.
class Background {
 public:
  explicit Background(const std::vector<std::string>& argv) {
    std::wstring line;
    for (const auto& a : argv)
      line += (line.empty() ? L"\"" : L" \"") + providers::widen(a) + L"\"";
    STARTUPINFOW si{};
    si.cb = sizeof si;
    PROCESS_INFORMATION pi{};
    if (CreateProcessW(nullptr, line.data(), nullptr, nullptr, FALSE, CREATE_NO_WINDOW, nullptr,
                       nullptr, &si, &pi)) {
      m_process = pi.hProcess;
      CloseHandle(pi.hThread);
    }
  }
  ~Background() { stop(); }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  bool started() const { return m_process != nullptr; }
  bool running() const {
    return m_process != nullptr && WaitForSingleObject(m_process, 0) == WAIT_TIMEOUT;
  }
  void stop() {
    if (m_process == nullptr) return;
    TerminateProcess(m_process, 1);
    WaitForSingleObject(m_process, 10000);
    CloseHandle(m_process);
    m_process = nullptr;
  }

 private:
  HANDLE m_process = nullptr;
};

inline std::optional<std::string> hkcu_value(const wchar_t* key, const wchar_t* name) {
  wchar_t buf[4096] = {};
  DWORD size = sizeof buf;
  if (RegGetValueW(HKEY_CURRENT_USER, key, name, RRF_RT_REG_SZ, nullptr, buf, &size) !=
      ERROR_SUCCESS) {
    return std::nullopt;
  }
  return providers::narrow(buf);
}

// Polls `done` every 50 ms for up to `limit`.
template <typename F>
bool wait_until(F done, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    Sleep(50);
  }
  return done();
}

}  // namespace ddnsguard::testing
