#include "tests/support/pdns_server.hpp"

#include <sqlite3.h>

#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "providers/net/http_client.hpp"

namespace ddnsguard::testing {

namespace {

const char* const k_schemas[] = {"/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql",
                                 "/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql"};

providers::Result<providers::HttpResponse> api_call(const std::string& key,
                                                    const std::string& method,
                                                    const std::string& url,
                                                    const std::string& body = {}) {
  static providers::HttpClient http;
  providers::HttpRequest req;
  req.method = method;
  req.url = url;
  req.body = body;
  req.timeout = std::chrono::seconds{5};
  req.headers = {"X-API-Key: " + key, "Content-Type: application/json"};
  return http.send(req);
}

}  // namespace

PdnsServer::PdnsServer() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (start() || m_missing) return;
  }
}

std::string PdnsServer::api() const {
  return fmt::format("http://127.0.0.1:{}/api/v1", m_api_port);
}

bool PdnsServer::start() {
  m_proc.reset();
  auto exe = find_program("pdns_server");
  if (!exe) {
    m_missing = true;
    return false;
  }
  std::string schema;
  for (const auto* s : k_schemas) {
    if (access(s, R_OK) == 0) schema = read_file(s);
  }
  if (schema.empty()) {
    m_error = "pdns-backend-sqlite3 schema not found: run tools/setup.sh";
    return false;
  }
  auto db_path = m_dir.path() + "/pdns.sqlite3";
  std::remove(db_path.c_str());
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  char* err = nullptr;
  if (sqlite3_exec(db, schema.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    m_error = fmt::format("schema: {}", err ? err : "?");
    sqlite3_free(err);
  }
  sqlite3_close(db);
  if (!m_error.empty()) return false;
  m_api_port = free_port();
  m_dns_port = free_port();
  write_file(m_dir.path() + "/pdns.conf",
             fmt::format("launch=gsqlite3\ngsqlite3-database={}\nlocal-address=127.0.0.1\n"
                         "local-port={}\napi=yes\napi-key={}\nwebserver=yes\n"
                         "webserver-address=127.0.0.1\nwebserver-port={}\n"
                         "webserver-allow-from=127.0.0.0/8\nsocket-dir={}\ndaemon=no\n"
                         "guardian=no\nloglevel=3\n",
                         db_path, m_dns_port, m_key, m_api_port, m_dir.path()));
  m_proc = std::make_unique<Background>(
      std::vector<std::string>{*exe, "--config-dir=" + m_dir.path()}, m_dir.path() + "/pdns.log");
  for (int i = 0; i < 200; ++i) {
    auto r = api_call(m_key, "GET", api() + "/servers/localhost");
    if (r && r->status == 200) {
      m_error.clear();
      return true;
    }
    if (!m_proc->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  m_error = "pdns_server did not start: " + read_file(m_dir.path() + "/pdns.log");
  m_proc.reset();
  return false;
}

bool PdnsServer::create_zone(const std::string& zone) {
  nlohmann::json body = {
      {"name", zone + "."}, {"kind", "Native"}, {"nameservers", {"ns1." + zone + "."}}};
  auto r = api_call(m_key, "POST", api() + "/servers/localhost/zones", body.dump());
  return r && r->status == 201;
}

std::optional<std::string> PdnsServer::rrset_content(const std::string& zone,
                                                     const std::string& name,
                                                     const std::string& type) {
  auto r = api_call(m_key, "GET", api() + "/servers/localhost/zones/" + zone + ".");
  if (!r || r->status != 200) return std::nullopt;
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  for (const auto& set : j.value("rrsets", nlohmann::json::array())) {
    if (set.value("name", "") == name + "." && set.value("type", "") == type &&
        !set["records"].empty()) {
      return set["records"][0].value("content", "");
    }
  }
  return std::nullopt;
}

bool PdnsServer::set_rrset(const std::string& zone, const std::string& name,
                           const std::string& type, const std::string& content) {
  nlohmann::json body = {{"rrsets",
                          {{{"name", name + "."},
                            {"type", type},
                            {"ttl", 60},
                            {"changetype", "REPLACE"},
                            {"records", {{{"content", content}, {"disabled", false}}}}}}}};
  auto r = api_call(m_key, "PATCH", api() + "/servers/localhost/zones/" + zone + ".", body.dump());
  return r && r->status == 204;
}

}  // namespace ddnsguard::testing
