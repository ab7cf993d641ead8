#include <cstdio>
#include <io.h>

#include <windows.h>

#include <spdlog/sinks/win_eventlog_sink.h>

#include "controller/platform/system_log.hpp"

namespace ddnsguard::controller {

spdlog::sink_ptr system_log_sink() {
  auto sink = std::make_shared<spdlog::sinks::win_eventlog_sink_mt>("ddnsguard");
  sink->set_level(spdlog::level::warn);
  return sink;
}

bool stderr_is_journal() {
  return false;
}

std::string journal_prefix(int priority) {
  (void)priority;
  return "";
}

bool stderr_is_terminal() {
  return _isatty(_fileno(stderr)) != 0;
}

}  // namespace ddnsguard::controller
