#include "providers/base/socket_api.hpp"

namespace ddnsguard::providers {

void start_sockets() {}  // POSIX sockets need no start

}  // namespace ddnsguard::providers
