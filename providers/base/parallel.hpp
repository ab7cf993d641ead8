#pragma once
// Runs a batch of independent blocking jobs (DNS questions to several servers, several
// records' verifications) on a few threads that are joined before it returns: no thread
// outlives the call, and the batch takes about as long as its slowest job per thread.

#include <cstddef>
#include <functional>

namespace ddnsguard::providers {

// Calls `job(i)` once for every i in [0, count), on up to `threads` threads (the caller's
// included); returns when every job has returned. When no more threads can be started the
// caller's thread does the rest. A job that throws stops the jobs not yet started; the
// first exception is rethrown once every thread is joined.
void run_parallel(std::size_t count, std::size_t threads,
                  const std::function<void(std::size_t)>& job);

}  // namespace ddnsguard::providers
