#include "controller/platform/local_time.hpp"

namespace ddnsguard::controller {

models::LocalTime utc_local_time() {
  return [](models::Seconds utc) { return utc; };
}

}  // namespace ddnsguard::controller
