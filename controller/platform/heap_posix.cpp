#include "controller/platform/heap.hpp"

#include <cstdlib>  // defines __GLIBC__ where glibc is the C library

// Under AddressSanitizer malloc is ASan's own: glibc's knobs would do nothing there.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define DDNSGUARD_GLIBC_HEAP 1
#include <malloc.h>
#endif

namespace ddnsguard::controller {

void share_heap_arenas() {
#if defined(DDNSGUARD_GLIBC_HEAP)
  mallopt(M_ARENA_MAX, 2);  // the daemon's threads mostly wait: one arena each is waste
#endif
}

void return_free_heap() {
#if defined(DDNSGUARD_GLIBC_HEAP)
  malloc_trim(0);
#endif
}

}  // namespace ddnsguard::controller
