#pragma once
// Masks secrets in text before it is logged, stored or printed: each secret is registered
// once and then found in its plain form and the forms it takes on the wire (base64, as in
// a Basic Authorization header; percent-encoded, as in a URL or a form; JSON-escaped), so
// a server that echoes a password or a header back cannot smuggle it into the history
// store, a report or a notification. Thread-safe.

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ddnsguard::providers {

class Redactor {
 public:
  // Shorter values are not masked: that would shred ordinary text.
  static constexpr std::size_t k_shortest = 4;
  // Registers `secret` and its encoded forms.
  void add(std::string_view secret);
  // `text` with every registered form replaced by "***".
  std::string mask(std::string_view text) const;
  bool empty() const;

 private:
  mutable std::shared_mutex m_mutex;
  std::vector<std::string> m_forms;  // longest first, so a form inside another goes too
};

// Masks `text` with `r` when there is one.
inline std::string masked(const std::shared_ptr<const Redactor>& r, std::string_view text) {
  return r ? r->mask(text) : std::string(text);
}

}  // namespace ddnsguard::providers
