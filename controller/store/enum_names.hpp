#pragma once
// Text for the store's typed kinds: each kind type has a `to_string` (a switch, so a new
// value without a name does not compile) and a list of all its values; these turn that list
// into a parser and a list of names.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace ddnsguard::controller {

// The value of `all` whose name is `text`; nullopt for any other text.
template <class E, std::size_t N>
std::optional<E> parse_by_name(std::string_view text, const std::array<E, N>& all) {
  for (auto value : all)
    if (to_string(value) == text) return value;
  return std::nullopt;
}

// The names of `all`, in its order.
template <class E, std::size_t N>
std::array<std::string_view, N> names_of(const std::array<E, N>& all) {
  std::array<std::string_view, N> out{};
  for (std::size_t i = 0; i < N; ++i)
    out[i] = to_string(all[i]);
  return out;
}

}  // namespace ddnsguard::controller
