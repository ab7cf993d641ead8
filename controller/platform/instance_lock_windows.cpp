#include <windows.h>

#include <cstdint>
#include <filesystem>

#include <fmt/format.h>

#include "controller/platform/instance_lock.hpp"
#include "providers/platform/wide_text.hpp"

namespace ddnsguard::controller {

namespace {

tl::unexpected<InstanceLock::Error> failure(InstanceLock::Failure kind, std::string message) {
  return tl::unexpected(InstanceLock::Error{kind, std::move(message)});
}

// Global\ddnsguard-<FNV-1a of the lower-cased absolute state directory>: one name per
// directory, the same for ddnsguard.exe, ddnsguardw.exe and the service.
std::wstring mutex_name(const std::filesystem::path& dir) {
  std::uint64_t h = 14695981039346656037ULL;
  for (wchar_t c : dir.wstring()) {
    h ^= static_cast<std::uint64_t>(towlower(c == L'/' ? L'\\' : c));
    h *= 1099511628211ULL;
  }
  return providers::widen(fmt::format("Global\\ddnsguard-{:016x}", h));
}

}  // namespace

tl::expected<InstanceLock, InstanceLock::Error>
InstanceLock::acquire(const std::string& state_dir, const std::string& /*fallback_dir*/) {
  // The mutex needs no directory: one that cannot be created (read-only, full) leaves the
  // history store degraded, which the store reports, and DNS updates go on.
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  auto dir = std::filesystem::absolute(state_dir, ec);
  HANDLE m = CreateMutexW(nullptr, TRUE, mutex_name(dir.lexically_normal()).c_str());
  DWORD err = GetLastError();
  // ACCESS_DENIED: a service (another session) created it; it is running all the same.
  if (m == nullptr && err != ERROR_ACCESS_DENIED) {
    return failure(Failure::unavailable,
                   fmt::format("cannot create the instance mutex: Windows error {}", err));
  }
  if (m == nullptr || err == ERROR_ALREADY_EXISTS) {
    if (m != nullptr) CloseHandle(m);
    return failure(Failure::held,
                   fmt::format("another ddnsguard holds the state directory \"{}\"", state_dir));
  }
  return InstanceLock(reinterpret_cast<std::intptr_t>(m));
}

std::optional<bool> InstanceLock::held(const std::string& state_dir,
                                       const std::string& /*fallback_dir*/) {
  std::error_code ec;
  auto dir = std::filesystem::absolute(state_dir, ec);
  HANDLE m = OpenMutexW(SYNCHRONIZE, FALSE, mutex_name(dir.lexically_normal()).c_str());
  DWORD err = GetLastError();
  if (m != nullptr) {
    CloseHandle(m);
    return true;
  }
  if (err == ERROR_ACCESS_DENIED) return true;  // a service's, in another session
  if (err == ERROR_FILE_NOT_FOUND) return false;
  return std::nullopt;
}

InstanceLock::~InstanceLock() {
  if (m_handle == -1) return;
  auto* m = reinterpret_cast<HANDLE>(m_handle);
  ReleaseMutex(m);
  CloseHandle(m);
}

std::string fallback_lock_dir() {
  return {};
}

}  // namespace ddnsguard::controller
