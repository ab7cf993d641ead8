#pragma once
// A value shared between threads together with the one mutex that guards it: the value can
// only be reached with the lock held, through with() (for one call) or lock() (a handle). An owner
// keeps all of its shared state in one Guarded, so "which mutex guards this?" has one answer.

#include <mutex>
#include <utility>

namespace ddnsguard::providers {

template <class T> class Guarded {
 public:
  Guarded() = default;
  explicit Guarded(T value) : m_value(std::move(value)) {}
  Guarded(const Guarded&) = delete;
  Guarded& operator=(const Guarded&) = delete;

  // The value with the lock held for as long as the handle lives (a whole function's work).
  template <class U> class Locked {
   public:
    Locked(std::mutex& m, U& value) : m_lock(m), m_value(value) {}
    U* operator->() const { return &m_value; }
    U& operator*() const { return m_value; }

   private:
    std::unique_lock<std::mutex> m_lock;
    U& m_value;
  };
  Locked<T> lock() { return {m_mutex, m_value}; }
  Locked<const T> lock() const { return {m_mutex, m_value}; }

  // Calls f(value) with the lock held and returns what f returns, by value (a reference
  // would outlive the lock). f must not call with() on the same Guarded.
  template <class F> auto with(F&& f) {
    std::lock_guard lock(m_mutex);
    return std::forward<F>(f)(m_value);
  }
  template <class F> auto with(F&& f) const {
    std::lock_guard lock(m_mutex);
    return std::forward<F>(f)(static_cast<const T&>(m_value));
  }

 private:
  mutable std::mutex m_mutex;
  T m_value{};
};

}  // namespace ddnsguard::providers
