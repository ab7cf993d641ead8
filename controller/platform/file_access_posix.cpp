#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "controller/platform/file_access.hpp"

namespace ddnsguard::controller {

bool readable_by_others(const std::string& path, std::string_view trusted_group) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if ((st.st_mode & S_IROTH) != 0) return true;
  if ((st.st_mode & S_IRGRP) == 0) return false;
  const group* g = trusted_group.empty() ? nullptr : ::getgrgid(st.st_gid);
  return g == nullptr || trusted_group != g->gr_name;
}

void make_private_file(const std::string& path, bool create) {
  const int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (create ? O_CREAT : 0);
  const int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0) return;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0) {
    ::fchmod(fd, st.st_mode & 0700);
  }
  ::close(fd);
}

void prepare_state_writes() {
  ::umask(077);
  ::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace ddnsguard::controller
