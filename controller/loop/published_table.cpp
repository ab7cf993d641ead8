#include "controller/loop/published_table.hpp"

namespace ddnsguard::controller {

PublishedTable::PublishedTable(HistoryStore& store) : m_store(store) {
  m_rows.with([&](std::map<Key, Published>& rows) {
    for (auto& row : m_store.published()) {
      Key key{row.record, row.type, row.provider};
      rows.insert_or_assign(std::move(key), std::move(row));
    }
  });
}

std::optional<Published> PublishedTable::find(const providers::Record& record,
                                              const std::string& provider) const {
  return m_rows.with([&](const std::map<Key, Published>& rows) -> std::optional<Published> {
    auto it = rows.find({record.name, std::string(record.type()), provider});
    if (it == rows.end()) return std::nullopt;
    return it->second;
  });
}

bool PublishedTable::seen_holding(const providers::Record& record, const std::string& provider,
                                  const std::string& address) const {
  auto row = find(record, provider);
  return row && row->in_sync && row->address == address;
}

void PublishedTable::set(const Published& row) {
  m_rows.with([&](std::map<Key, Published>& rows) {
    rows.insert_or_assign({row.record, row.type, row.provider}, row);
  });
  m_store.set_published(row);
}

}  // namespace ddnsguard::controller
