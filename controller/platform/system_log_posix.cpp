#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "controller/platform/system_log.hpp"

namespace ddnsguard::controller {

spdlog::sink_ptr system_log_sink() {
  return nullptr;
}

bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  unsigned long long dev = 0;
  unsigned long long ino = 0;
  char tail = 0;
  if (std::sscanf(stream, "%llu:%llu%c", &dev, &ino, &tail) != 2) return false;
  struct stat st {};
  return ::fstat(2, &st) == 0 && static_cast<unsigned long long>(st.st_dev) == dev &&
         static_cast<unsigned long long>(st.st_ino) == ino;
}

std::string journal_prefix(int priority) {
  return stderr_is_journal() ? "<" + std::to_string(priority) + ">" : "";
}

bool stderr_is_terminal() {
  return ::isatty(2) == 1;
}

}  // namespace ddnsguard::controller
