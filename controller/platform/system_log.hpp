#pragma once
// The operating system's own log, as an extra sink for warnings and errors: the Windows
// Event Log (source "ddnsguard", registered by `service install`). Null on POSIX, where
// stderr already reaches the journal or syslog.

#include <spdlog/common.h>

namespace ddnsguard::controller {

spdlog::sink_ptr system_log_sink();

}  // namespace ddnsguard::controller
