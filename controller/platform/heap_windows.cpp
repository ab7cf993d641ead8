#include "controller/platform/heap.hpp"

#include <malloc.h>

namespace ddnsguard::controller {

void share_heap_arenas() {}  // the Windows heap has no per-thread arenas to cap

void return_free_heap() {
  _heapmin();
}

}  // namespace ddnsguard::controller
