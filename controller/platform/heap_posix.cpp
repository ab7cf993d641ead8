#include "controller/platform/heap.hpp"

#include <cstdlib>  // defines __GLIBC__ where glibc is the C library

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ddnsguard::controller {

void share_heap_arenas() {
#if defined(__GLIBC__)
  mallopt(M_ARENA_MAX, 2);  // the daemon's threads mostly wait: one arena each is waste
#endif
}

void return_free_heap() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace ddnsguard::controller
