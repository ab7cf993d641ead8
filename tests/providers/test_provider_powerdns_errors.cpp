// The PowerDNS provider when the API fails or answers badly: a wrong key, injected faults
// on reads, updates and the zone list, and a server that is gone; none shows the key.

#include <chrono>
#include <optional>

#include <gtest/gtest.h>

#include "tests/providers/powerdns_test_support.hpp"

namespace ddnsguard::providers {
namespace {

using namespace powerdns_testing;
using namespace std::chrono_literals;

TEST_F(PowerDnsProviderTest, WrongKeyIsAuth) {
  auto p = make({{"api_key", "wrong-MARKER-key"}});
  ASSERT_NE(p, nullptr);
  Record rec{"home.example.org", Family::ipv4, 60};
  auto r = p->read(rec);
  ASSERT_FALSE(r.value);
  remember(r.value.error());
  EXPECT_EQ(r.value.error().cls, ErrorClass::auth) << r.value.error().message;
  auto u = p->update(rec, addr("203.0.113.10"));
  ASSERT_FALSE(u.value);
  remember(u.value.error());
  EXPECT_EQ(u.value.error().cls, ErrorClass::auth) << u.value.error().message;
}

TEST_F(PowerDnsProviderTest, FaultsAreClassified) {
  enum class Op { read, update };
  struct Case {
    const char* what;
    Op op;
    Fault fault;
    ErrorClass want;
    std::optional<std::chrono::seconds> retry_after;
  };
  const Case cases[] = {
      {"401 on read", Op::read, {"GET", 401, "Unauthorized"}, ErrorClass::auth, std::nullopt},
      {"403 on update", Op::update, {"PATCH", 403, "Forbidden"}, ErrorClass::auth, std::nullopt},
      {"404 on read", Op::read, {"GET", 404, "Not Found"}, ErrorClass::config, std::nullopt},
      {"404 on update", Op::update, {"PATCH", 404, "Not Found"}, ErrorClass::config, std::nullopt},
      {"422 on update",
       Op::update,
       {"PATCH", 422, R"({"error": "DNS Name 'home.example.org' is not canonical"})",
        "application/json"},
       ErrorClass::config,
       std::nullopt},
      {"400 on update",
       Op::update,
       {"PATCH", 400, "Bad Request"},
       ErrorClass::config,
       std::nullopt},
      {"500 on read",
       Op::read,
       {"GET", 500, "Internal Server Error"},
       ErrorClass::transient,
       std::nullopt},
      {"503 on update", Op::update, {"PATCH", 503, ""}, ErrorClass::transient, std::nullopt},
      {"429 on read", Op::read, {"GET", 429, "", "text/plain", "7"}, ErrorClass::rate_limited, 7s},
      {"429 on update",
       Op::update,
       {"PATCH", 429, "", "text/plain", "7"},
       ErrorClass::rate_limited,
       7s},
      {"429 with a date",
       Op::read,
       {"GET", 429, "", "text/plain", "Wed, 21 Oct 2015 07:28:00 GMT"},
       ErrorClass::rate_limited,
       std::nullopt},
      {"garbage JSON on read",
       Op::read,
       {"GET", 200, "{not json", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"JSON without rrsets",
       Op::read,
       {"GET", 200, R"({"name": "example.org."})", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"rrsets not an array",
       Op::read,
       {"GET", 200, R"({"rrsets": {}})", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"array instead of zone",
       Op::read,
       {"GET", 200, "[]", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"HTML on read",
       Op::read,
       {"GET", 200, "<html></html>", "text/html"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"rrset without records",
       Op::read,
       {"GET", 200, R"({"rrsets": [{"name": "home.example.org.", "type": "A"}]})",
        "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"302 on update", Op::update, {"PATCH", 302, ""}, ErrorClass::invalid_response, std::nullopt},
      {"201 on update",
       Op::update,
       {"PATCH", 201, "{}", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto p = make({{"zone", "example.org."}});  // no discovery: the fault hits the call itself
    ASSERT_NE(p, nullptr);
    m_pdns.inject(c.fault);
    Record rec{"home.example.org", Family::ipv4, 60};
    Error err{ErrorClass::transient, "", std::nullopt};
    if (c.op == Op::read) {
      auto r = p->read(rec);
      ASSERT_FALSE(r.value);
      err = r.value.error();
    } else {
      auto u = p->update(rec, addr("203.0.113.10"));
      ASSERT_FALSE(u.value);
      err = u.value.error();
    }
    m_pdns.inject(std::nullopt);
    remember(err);
    EXPECT_EQ(to_string(err.cls), to_string(c.want)) << err.message;
    EXPECT_EQ(err.retry_after, c.retry_after);
    EXPECT_FALSE(err.message.empty());
    EXPECT_EQ(err.message.find('\n'), std::string::npos) << err.message;
  }
}

TEST_F(PowerDnsProviderTest, ErrorTextOf422IsKept) {
  auto p = make({{"zone", "example.org."}});
  ASSERT_NE(p, nullptr);
  m_pdns.inject(Fault{"PATCH", 422, R"({"error": "RRset x: Name is out of zone"})",
                      "application/json", std::nullopt});
  auto u = p->update(Record{"home.example.org", Family::ipv4, 60}, addr("203.0.113.10"));
  ASSERT_FALSE(u.value);
  remember(u.value.error());
  EXPECT_EQ(u.value.error().cls, ErrorClass::config);
  EXPECT_NE(u.value.error().message.find("Name is out of zone"), std::string::npos)
      << u.value.error().message;
}

TEST_F(PowerDnsProviderTest, ZoneListFaultsAreClassified) {
  struct Case {
    const char* what;
    Fault fault;
    ErrorClass want;
  };
  const Case cases[] = {
      {"500", {"GET", 500, ""}, ErrorClass::transient},
      {"401", {"GET", 401, "Unauthorized"}, ErrorClass::auth},
      {"garbage", {"GET", 200, "zones!", "text/plain"}, ErrorClass::invalid_response},
      {"object", {"GET", 200, "{}", "application/json"}, ErrorClass::invalid_response},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto p = make();
    ASSERT_NE(p, nullptr);
    m_pdns.inject(c.fault);
    auto r = p->read(Record{"home.example.org", Family::ipv4, 60});
    m_pdns.inject(std::nullopt);
    ASSERT_FALSE(r.value);
    remember(r.value.error());
    EXPECT_EQ(to_string(r.value.error().cls), to_string(c.want)) << r.value.error().message;
  }
}

TEST_F(PowerDnsProviderTest, ConnectionRefusedIsTransient) {
  auto p = make();
  ASSERT_NE(p, nullptr);
  m_pdns.stop();
  Record rec{"home.example.org", Family::ipv4, 60};
  auto r = p->read(rec);
  ASSERT_FALSE(r.value);
  remember(r.value.error());
  EXPECT_EQ(r.value.error().cls, ErrorClass::transient) << r.value.error().message;
  auto u = p->update(rec, addr("203.0.113.10"));
  ASSERT_FALSE(u.value);
  remember(u.value.error());
  EXPECT_EQ(u.value.error().cls, ErrorClass::transient) << u.value.error().message;
}

}  // namespace
}  // namespace ddnsguard::providers
