#include "controller/loop/published_table.hpp"

namespace ddnsguard::controller {

PublishedTable::PublishedTable(HistoryStore& store) : m_store(store) {
  for (auto& row : m_store.published()) {
    Key key{row.record, row.type, row.provider};
    m_rows.insert_or_assign(std::move(key), std::move(row));
  }
}

std::optional<Published> PublishedTable::find(const providers::Record& record,
                                              const std::string& provider) const {
  std::lock_guard lock(m_mutex);
  auto it = m_rows.find({record.name, std::string(record.type()), provider});
  if (it == m_rows.end()) return std::nullopt;
  return it->second;
}

bool PublishedTable::seen_holding(const providers::Record& record, const std::string& provider,
                                  const std::string& address) const {
  auto row = find(record, provider);
  return row && row->in_sync && row->address == address;
}

void PublishedTable::set(const Published& row) {
  {
    std::lock_guard lock(m_mutex);
    m_rows.insert_or_assign({row.record, row.type, row.provider}, row);
  }
  m_store.set_published(row);
}

}  // namespace ddnsguard::controller
