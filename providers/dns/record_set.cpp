#include "providers/dns/record_set.hpp"

#include <fmt/format.h>

namespace ddnsguard::providers {

Error several_records(std::size_t count, const Record& rec) {
  return {ErrorClass::config,
          fmt::format("{} {} records named {}: ddnsguard manages exactly one; delete the others",
                      count, rec.type(), rec.name),
          std::nullopt};
}

Result<std::optional<Address>> sole_address(std::size_t count, std::string_view first_value,
                                            const Record& rec, std::string_view what) {
  if (count == 0) return std::optional<Address>{};
  if (count > 1) return tl::unexpected(several_records(count, rec));
  auto a = Address::parse(first_value, rec.family);
  if (!a)
    return fail(ErrorClass::invalid_response, fmt::format("{}: the value is no address", what));
  return std::optional<Address>{*a};
}

}  // namespace ddnsguard::providers
