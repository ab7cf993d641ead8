#pragma once
// What each provider was last seen to hold or last set to, per record (DESIGN §6 table
// `published`): the loop's working copy. Loaded from the history store once, then kept in
// memory and written through to the store on every change, so a pass never scans the table
// and a store that cannot be written does not make the loop forget. Thread-safe.

#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "controller/store/history_store.hpp"
#include "providers/base/guarded.hpp"
#include "providers/base/record.hpp"

namespace ddnsguard::controller {

class PublishedTable {
 public:
  // `store` must outlive the table; its rows are read here, once.
  explicit PublishedTable(HistoryStore& store);

  // The row of `record` at `provider`, if one was ever seen or set.
  std::optional<Published> find(const providers::Record& record, const std::string& provider) const;
  // Whether `provider` was last seen holding `address` for `record`, in sync.
  bool seen_holding(const providers::Record& record, const std::string& provider,
                    const std::string& address) const;
  // Keeps `row` and writes it to the store.
  void set(const Published& row);

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // record, type, provider

  HistoryStore& m_store;
  providers::Guarded<std::map<Key, Published>> m_rows;
};

}  // namespace ddnsguard::controller
