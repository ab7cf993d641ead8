#include "controller/platform/system_log.hpp"

namespace ddnsguard::controller {

spdlog::sink_ptr system_log_sink() {
  return nullptr;
}

}  // namespace ddnsguard::controller
