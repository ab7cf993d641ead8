#include <windows.h>

#include <process.h>

#include <cerrno>
#include <memory>
#include <system_error>

#include "providers/base/detached_thread.hpp"

namespace ddnsguard::providers {

namespace {

unsigned __stdcall run_task(void* arg) noexcept {
  std::unique_ptr<std::function<void()>> task(static_cast<std::function<void()>*>(arg));
  (*task)();
  return 0;
}

}  // namespace

void start_detached(std::function<void()> task) {
  auto owned = std::make_unique<std::function<void()>>(std::move(task));
  auto handle = _beginthreadex(nullptr, 0, run_task, owned.get(), 0, nullptr);
  if (handle == 0) throw std::system_error(errno, std::generic_category(), "_beginthreadex");
  owned.release();  // the thread owns it now
  CloseHandle(reinterpret_cast<HANDLE>(handle));
}

}  // namespace ddnsguard::providers
