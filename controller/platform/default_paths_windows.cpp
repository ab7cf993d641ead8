#include <windows.h>

#include <filesystem>

#include "controller/platform/default_paths.hpp"
#include "providers/platform/wide_text.hpp"

namespace ddnsguard::controller {

namespace {

std::string program_data() {
  std::wstring buf(MAX_PATH, L'\0');
  DWORD n = GetEnvironmentVariableW(L"ProgramData", buf.data(), MAX_PATH);
  if (n == 0 || n >= MAX_PATH) return "C:\\ProgramData";
  buf.resize(n);
  return providers::narrow(buf);
}

std::string exe_dir() {
  return providers::narrow(
      std::filesystem::path(providers::widen(this_executable())).parent_path().wstring());
}

}  // namespace

std::string default_state_dir() {
  return program_data() + "\\ddnsguard";
}

std::string default_state_dir_for(const std::string& /*config_path*/,
                                  const providers::ConfigEnv& /*env*/) {
  return default_state_dir();
}

std::vector<std::string> default_config_candidates(const providers::ConfigEnv& /*env*/) {
  return {exe_dir() + "\\ddnsguard.json", program_data() + "\\ddnsguard\\config.json"};
}

std::string this_executable() {
  std::wstring buf(32768, L'\0');
  DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
  buf.resize(n);
  return providers::narrow(buf);
}

std::string user_home() {
  wchar_t buf[MAX_PATH] = {};
  DWORD n = GetEnvironmentVariableW(L"APPDATA", buf, MAX_PATH);
  return n == 0 || n >= MAX_PATH ? "" : providers::narrow(buf);
}

std::optional<std::string> default_log_file() {
  return default_state_dir() + "\\ddnsguard.log";
}

}  // namespace ddnsguard::controller
