#include <thread>

#include "providers/base/detached_thread.hpp"

namespace ddnsguard::providers {

void start_detached(std::function<void()> task) {
  std::thread(std::move(task)).detach();
}

}  // namespace ddnsguard::providers
