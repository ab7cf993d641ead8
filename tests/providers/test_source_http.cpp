#include "providers/sources/source_http.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;

class HttpSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = m_fake.server();
    s.Get("/plain",
          [](const auto&, auto& res) { res.set_content("198.51.100.7\n", "text/plain"); });
    s.Get("/trace", [](const auto&, auto& res) {
      res.set_content("fl=1\nh=1.1.1.1\nip=203.0.113.10\nts=1.2\ncolo=FRA\n", "text/plain");
    });
    s.Get("/json", [](const auto&, auto& res) {
      res.set_content(R"({"ip":"198.51.100.8","country":"DE"})", "application/json");
    });
    s.Get("/nested", [](const auto&, auto& res) {
      res.set_content(R"({"data":{"addr":"198.51.100.9"}})", "application/json");
    });
    s.Get("/garbage", [](const auto&, auto& res) { res.set_content("1.2.3", "text/plain"); });
    s.Get("/two", [](const auto&, auto& res) {
      res.set_content("198.51.100.7 198.51.100.8", "text/plain");
    });
    s.Get("/html", [](const auto&, auto& res) {
      res.set_content("<html><body>Your IP: 198.51.100.7</body></html>", "text/html");
    });
    s.Get("/v6", [](const auto&, auto& res) { res.set_content("2001:db8::1", "text/plain"); });
    s.Get("/bytes", [](const auto&, auto& res) {
      static constexpr char k_bytes[] = "\xff\xfe\x1b[31m\0\xc3(203.0.113.7\r\n";
      res.set_content(std::string(k_bytes, sizeof k_bytes - 1), "text/plain");
    });
    s.Get("/json-bytes", [](const auto&, auto& res) {
      res.set_content("{\"ip\":\"\xff\xfe\u202e203.0.113.7\"}", "application/json");
    });
    s.Get("/500", [](const auto&, auto& res) { res.status = 500; });
    s.Get("/404", [](const auto&, auto& res) { res.status = 404; });
    s.Get("/429", [](const auto&, auto& res) {
      res.status = 429;
      res.set_header("Retry-After", "30");
    });
    s.Get("/slow", [](const auto&, auto& res) {
      std::this_thread::sleep_for(1500ms);
      res.set_content("198.51.100.7", "text/plain");
    });
    m_fake.start();
  }

  Result<Address> fetch(const std::string& path, const std::string& format = "plain",
                        Family family = Family::ipv4, std::chrono::milliseconds timeout = 2s) {
    HttpSource src(m_fake.url(path), *HttpFormat::parse(format), m_http);
    return src.fetch(family, timeout);
  }

  ddnsguard::testing::FakeHttp m_fake;
  std::shared_ptr<HttpClient> m_http = std::make_shared<HttpClient>();
};

TEST_F(HttpSourceTest, ReadsEachFormat) {
  struct Case {
    const char* path;
    const char* format;
    const char* want;
  };
  const Case cases[] = {{"/plain", "plain", "198.51.100.7"},
                        {"/trace", "trace", "203.0.113.10"},
                        {"/json", "json:ip", "198.51.100.8"},
                        {"/nested", "json:data.addr", "198.51.100.9"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    auto r = fetch(c.path, c.format);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->to_string(), c.want);
  }
}

TEST_F(HttpSourceTest, HostileBodiesAreInvalidResponses) {
  struct Case {
    const char* path;
    const char* format;
  };
  const Case cases[] = {{"/garbage", "plain"}, {"/two", "plain"},     {"/html", "plain"},
                        {"/plain", "trace"},   {"/plain", "json:ip"}, {"/json", "json:missing"},
                        {"/404", "plain"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path + std::string(" ") + c.format);
    auto r = fetch(c.path, c.format);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().cls, ErrorClass::invalid_response) << r.error().message;
  }
}

// Whatever bytes a source answers, the message that reaches the store, the log and --json
// is one printable ASCII line.
TEST_F(HttpSourceTest, BytesThatAreNotTextBecomeAPrintableMessage) {
  for (const auto& [path, format] : {std::pair{"/bytes", "plain"}, {"/json-bytes", "json:ip"}}) {
    SCOPED_TRACE(path);
    auto r = fetch(path, format);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().cls, ErrorClass::invalid_response);
    for (const char c : r.error().message) {
      EXPECT_TRUE(c >= 0x20 && c < 0x7f)
          << "byte " << static_cast<int>(c) << " in " << r.error().message;
    }
  }
}

TEST_F(HttpSourceTest, WrongFamilyIsInvalid) {
  auto r = fetch("/v6", "plain", Family::ipv4);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::invalid_response);
  EXPECT_NE(r.error().message.find("ipv6"), std::string::npos) << r.error().message;
}

TEST_F(HttpSourceTest, ServerErrorIsTransient) {
  auto r = fetch("/500");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
}

TEST_F(HttpSourceTest, TooManyRequestsIsRateLimitedWithRetryAfter) {
  auto r = fetch("/429");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::rate_limited);
  EXPECT_EQ(r.error().retry_after, std::chrono::seconds{30});
}

TEST_F(HttpSourceTest, SlowServerTimesOut) {
  auto r = fetch("/slow", "plain", Family::ipv4, 300ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
}

TEST_F(HttpSourceTest, MessagesNeverShowTheQuery) {
  HttpSource src(m_fake.url("/500?token=hunter2"), HttpFormat{}, m_http);
  EXPECT_EQ(src.describe().find("hunter2"), std::string::npos);
  auto r = src.fetch(Family::ipv4, 2s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos) << r.error().message;
}

TEST(HttpFormat, Parse) {
  EXPECT_EQ(HttpFormat::parse("plain")->kind, HttpFormat::Kind::plain);
  EXPECT_EQ(HttpFormat::parse("trace")->kind, HttpFormat::Kind::trace);
  EXPECT_EQ(HttpFormat::parse("json:ip")->json_field, "ip");
  EXPECT_FALSE(HttpFormat::parse("json:"));
  EXPECT_FALSE(HttpFormat::parse("xml"));
}

TEST(ExtractAddressText, TraceNeedsExactlyOneIpLine) {
  HttpFormat trace{HttpFormat::Kind::trace, {}};
  EXPECT_EQ(extract_address_text(trace, "ip=1.2.3.4\r\nloc=DE"), "1.2.3.4");
  EXPECT_FALSE(extract_address_text(trace, "ip=1.2.3.4\nip=5.6.7.8"));
  EXPECT_FALSE(extract_address_text(trace, "h=1.1.1.1\nvip=1.2.3.4"));
}

}  // namespace
}  // namespace ddnsguard::providers
