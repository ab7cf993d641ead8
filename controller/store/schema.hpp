#pragma once
// The SQL schema, compiled in from data/schema/NNN_*.sql by tools/embed_schema.cmake.

#include <string_view>
#include <vector>

namespace ddnsguard::controller {

// Every migration, in order: entry i takes PRAGMA user_version i to i + 1, so the newest
// schema version this binary knows is size(). The texts hold no transaction statements;
// the caller wraps each one, together with setting user_version, in a transaction.
const std::vector<std::string_view>& schema_migrations();

}  // namespace ddnsguard::controller
