#pragma once
// Ownership of C library handles: std::unique_ptr<T, CFree<free_function>> releases the
// handle on every path, early returns included.

#include <memory>

namespace ddnsguard::providers {

template <auto Free> struct CFree {
  template <class T> void operator()(T* p) const noexcept { Free(p); }
};

}  // namespace ddnsguard::providers
