#include <mutex>

#include "providers/base/socket_api.hpp"

namespace ddnsguard::providers {

void start_sockets() {
  static std::once_flag once;
  std::call_once(once, [] {
    WSADATA data{};
    WSAStartup(MAKEWORD(2, 2), &data);  // paired with the process's end, never cleaned up
  });
}

}  // namespace ddnsguard::providers
