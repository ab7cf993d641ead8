#include <sys/stat.h>

#include "controller/platform/file_access.hpp"

namespace ddnsguard::controller {

bool readable_by_others(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)) != 0;
}

}  // namespace ddnsguard::controller
