#include "controller/platform/file_access.hpp"

namespace ddnsguard::controller {

// ACLs, not mode bits: see file_access.hpp.

bool readable_by_others(const std::string& /*path*/, std::string_view /*trusted_group*/) {
  return false;
}

void make_private_file(const std::string& /*path*/, bool /*create*/) {}

void prepare_state_writes() {}

}  // namespace ddnsguard::controller
