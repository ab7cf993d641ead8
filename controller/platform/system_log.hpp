#pragma once
// The operating system's own log, as an extra sink for warnings and errors: the Windows
// Event Log (source "ddnsguard", registered by `service install`). Null on POSIX, where
// stderr already reaches the journal or syslog.
//
// stderr_is_journal(): whether stderr is systemd's journal stream (JOURNAL_STREAM names
// the device and inode of the stderr this process has, see systemd.exec(5)); lines there
// carry a `<N>` syslog priority prefix and no timestamp of their own. Windows: false.

#include <string>

#include <spdlog/common.h>

namespace ddnsguard::controller {

spdlog::sink_ptr system_log_sink();
bool stderr_is_journal();
// The prefix for a line written straight to stderr with syslog `priority` (3 error,
// 4 warning): "<3>" when stderr is the journal, "" otherwise.
std::string journal_prefix(int priority);
// Whether stderr is a terminal (someone watches: progress is worth printing).
bool stderr_is_terminal();

}  // namespace ddnsguard::controller
