#pragma once
// A thread that nobody waits for: it may outlive its caller (a source that ignores its
// timeout keeps its thread, not the check). One file per OS in providers/platform/:
// MinGW's std::thread::detach() races with a thread that starts and ends at once
// (winpthreads frees the thread's record under it: a crash in the new thread), so
// Windows starts such threads with _beginthreadex and never detaches.

#include <functional>

namespace ddnsguard::providers {

// Runs `task` on a new thread and returns at once. `task` must not throw (an escaping
// exception ends the process, as with std::thread). Throws std::system_error when no
// thread can be started.
void start_detached(std::function<void()> task);

}  // namespace ddnsguard::providers
