#include "controller/store/history_store.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "controller/store/history_store_impl.hpp"

namespace ddnsguard::controller {

namespace {

auto bind_time(TimePoint t) {
  return [t](sqlite3_stmt* st) { sqlite3_bind_int64(st, 1, to_ms(t)); };
}

template <class Row> auto bind_fields(const Row& row) {
  return [&row](sqlite3_stmt* st) { bind_row(st, row); };
}

}  // namespace

HistoryStore::HistoryStore(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HistoryStore::~HistoryStore() = default;

std::unique_ptr<HistoryStore> HistoryStore::open(const std::string& path,
                                                 std::shared_ptr<spdlog::logger> log) {
  auto impl = std::make_unique<Impl>();
  impl->log = std::move(log);
  impl->path = path;
  if (auto db = open_file(path)) {
    impl->db = std::move(*db);
  } else {
    impl->fall_back("open failed: " + db.error().message);
  }
  return std::unique_ptr<HistoryStore>(new HistoryStore(std::move(impl)));
}

Result<std::unique_ptr<HistoryStore>> HistoryStore::open_readonly(const std::string& path) {
  std::error_code ec;
  const auto kind = std::filesystem::status(path, ec).type();
  if (kind != std::filesystem::file_type::regular) {
    const char* why = kind == std::filesystem::file_type::not_found   ? "no such file"
                      : kind == std::filesystem::file_type::directory ? "is a directory"
                                                                      : "is not a regular file";
    return fail(ErrorClass::config, fmt::format("history store {}: {}", path, why));
  }
  auto db = open_reader(path);
  if (!db) return tl::unexpected(db.error());
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->db = std::move(*db);
  return std::unique_ptr<HistoryStore>(new HistoryStore(std::move(impl)));
}

std::unique_ptr<HistoryStore> HistoryStore::in_memory(std::shared_ptr<spdlog::logger> log) {
  auto impl = std::make_unique<Impl>();
  impl->log = std::move(log);
  impl->path = k_memory_path;
  impl->in_memory = true;
  if (auto db = open_memory()) {
    impl->db = std::move(*db);
  } else {
    impl->fall_back("open failed: " + db.error().message);
  }
  return std::unique_ptr<HistoryStore>(new HistoryStore(std::move(impl)));
}

void HistoryStore::keep_in_memory(const std::string& why) {
  std::lock_guard lock(m_impl->mutex);
  if (!m_impl->degraded) m_impl->fall_back(why);
}

HistoryStore::Integrity HistoryStore::integrity() const {
  std::lock_guard lock(m_impl->mutex);
  if (!m_impl->db) return {std::nullopt, "no database"};
  std::string first;
  auto rc = sqlite3_exec(
      m_impl->db.get(), "PRAGMA quick_check(1)",
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) = values[0] != nullptr ? values[0] : "";
        return 0;
      },
      &first, nullptr);
  const std::string why = sqlite3_errmsg(m_impl->db.get());
  const int primary = rc & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return {false, why};
  if (rc != SQLITE_OK) return {std::nullopt, why};
  if (first == "ok") return {true, ""};
  return {false, first};
}

bool HistoryStore::degraded() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->degraded;
}

std::string HistoryStore::degraded_reason() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->reason;
}

int HistoryStore::schema_version() const {
  std::lock_guard lock(m_impl->mutex);
  if (!m_impl->db) return 0;
  return user_version(m_impl->db.get(), m_impl->path).value_or(0);
}

HistoryStore::Batch::Batch(HistoryStore& store) : m_store(store) {
  std::lock_guard lock(m_store.m_impl->mutex);
  sqlite3* db = m_store.m_impl->db.get();
  m_open = db != nullptr && sqlite3_get_autocommit(db) != 0 &&
           sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
}

HistoryStore::Batch::~Batch() {
  std::lock_guard lock(m_store.m_impl->mutex);
  sqlite3* db = m_store.m_impl->db.get();
  if (!m_open || db == nullptr || sqlite3_get_autocommit(db) != 0) return;
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    if (m_store.m_impl->log)
      m_store.m_impl->log->error("history store commit failed error={}", sqlite3_errmsg(db));
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void HistoryStore::mask_with(std::shared_ptr<const providers::Redactor> r) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->redactor = std::move(r);
}

void HistoryStore::add_observation(const Observation& o) {
  std::lock_guard lock(m_impl->mutex);
  auto row = o;
  m_impl->mask(row.source, row.detail);
  m_impl->write(Stmt::add_observation, bind_fields(row));
}

void HistoryStore::add_ip_change(const IpChange& c) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->write(Stmt::add_ip_change, bind_fields(c));
}

void HistoryStore::add_update(const UpdateAttempt& u) {
  std::lock_guard lock(m_impl->mutex);
  auto row = u;
  m_impl->mask(row.message);
  m_impl->write(Stmt::add_update, bind_fields(row));
}

void HistoryStore::add_verification(const Verification& v) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->write(Stmt::add_verification, bind_fields(v));
}

void HistoryStore::add_decision(const Decision& d) {
  std::lock_guard lock(m_impl->mutex);
  auto row = d;
  m_impl->mask(row.value, row.rationale);
  m_impl->write(Stmt::add_decision, bind_fields(row));
}

std::int64_t HistoryStore::open_anomaly(const Anomaly& a) {
  std::lock_guard lock(m_impl->mutex);
  auto row = a;
  m_impl->mask(row.summary, row.evidence, row.action);
  if (!m_impl->write(Stmt::open_anomaly, bind_fields(row))) return 0;
  return sqlite3_last_insert_rowid(m_impl->db.get());
}

void HistoryStore::close_anomaly(std::int64_t id, TimePoint at) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->write(Stmt::close_anomaly, [&](sqlite3_stmt* st) {
    sqlite3_bind_int64(st, 1, to_ms(at));
    sqlite3_bind_int64(st, 2, id);
  });
}

void HistoryStore::set_published(const Published& p) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->write(Stmt::set_published, bind_fields(p));
}

std::vector<IpChange> HistoryStore::ip_changes(TimePoint since) const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->read<IpChange>(Stmt::ip_changes, bind_time(since));
}

std::vector<UpdateAttempt> HistoryStore::updates(TimePoint since) const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->read<UpdateAttempt>(Stmt::updates, bind_time(since));
}

std::vector<UpdateAttempt> HistoryStore::provider_calls(TimePoint since) const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->read<UpdateAttempt>(Stmt::provider_calls, bind_time(since));
}

std::vector<Observation> HistoryStore::observations(TimePoint since) const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->read<Observation>(Stmt::observations, bind_time(since));
}

std::vector<Verification> HistoryStore::verifications(TimePoint since) const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->read<Verification>(Stmt::verifications, bind_time(since));
}

std::vector<Decision> HistoryStore::decisions(TimePoint since) const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->read<Decision>(Stmt::decisions, bind_time(since));
}

std::vector<Anomaly> HistoryStore::anomalies(TimePoint since, bool open_only) const {
  std::lock_guard lock(m_impl->mutex);
  if (open_only) return m_impl->read<Anomaly>(Stmt::anomalies_open, [](sqlite3_stmt*) {});
  return m_impl->read<Anomaly>(Stmt::anomalies, bind_time(since));
}

std::vector<Published> HistoryStore::published() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->read<Published>(Stmt::published, [](sqlite3_stmt*) {});
}

std::optional<IpChange> HistoryStore::last_ip_change(providers::Family family) const {
  std::lock_guard lock(m_impl->mutex);
  auto rows = m_impl->read<IpChange>(Stmt::last_ip_change, [family](sqlite3_stmt* st) {
    const auto name = providers::to_string(family);
    sqlite3_bind_text(st, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
  });
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::optional<Observation> HistoryStore::last_quorum(providers::Family family) const {
  std::lock_guard lock(m_impl->mutex);
  auto rows = m_impl->read<Observation>(Stmt::last_quorum, [family](sqlite3_stmt* st) {
    const auto name = providers::to_string(family);
    sqlite3_bind_text(st, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
  });
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::optional<Decision> HistoryStore::last_decision(DecisionKind kind) const {
  std::lock_guard lock(m_impl->mutex);
  auto text = to_string(kind);
  auto rows = m_impl->read<Decision>(Stmt::last_decision, [text](sqlite3_stmt* st) {
    sqlite3_bind_text(st, 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  });
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::int64_t HistoryStore::prune(TimePoint now, const Retention& keep) {
  std::lock_guard lock(m_impl->mutex);
  const auto observed = now - keep.observations;
  const auto changed = now - keep.changes;
  const std::pair<Stmt, TimePoint> steps[] = {
      {Stmt::prune_observations, observed}, {Stmt::prune_verifications, observed},
      {Stmt::prune_ip_changes, changed},    {Stmt::prune_updates, changed},
      {Stmt::prune_decisions, changed},     {Stmt::prune_anomalies, changed}};
  std::int64_t deleted = 0;
  for (const auto& [stmt, cutoff] : steps) {
    int rows = 0;
    if (m_impl->write(stmt, bind_time(cutoff), &rows)) deleted += rows;
  }
  return deleted;
}

void HistoryStore::simulate_write_failure_for_test() {
  std::lock_guard lock(m_impl->mutex);
  if (m_impl->db) sqlite3_exec(m_impl->db.get(), "PRAGMA query_only=1", nullptr, nullptr, nullptr);
}

}  // namespace ddnsguard::controller
