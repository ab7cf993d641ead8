#pragma once
// Keeps a long-running process's heap small. One file per OS: glibc has the knobs; where
// the C library has none these do nothing.

namespace ddnsguard::controller {

// Few malloc arenas for the whole process (threads share them instead of each keeping its
// own). Call before other threads start. Never fails.
void share_heap_arenas();

// Hands free heap pages back to the OS (after the start-up pass, which touches far more
// than a steady pass). Takes microseconds with a small heap. Never fails.
void return_free_heap();

}  // namespace ddnsguard::controller
