#include "controller/platform/file_access.hpp"

namespace ddnsguard::controller {

bool readable_by_others(const std::string& /*path*/) {
  return false;  // ACLs, not mode bits: see file_access.hpp
}

}  // namespace ddnsguard::controller
