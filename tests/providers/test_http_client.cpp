// The shared HTTP client: connections are reused across requests, and reset_pool() drops
// them (and the DNS cache) so the next request opens a fresh connection (healing after a
// network change).

#include "providers/net/http_client.hpp"

#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_fake.server().Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(m_mutex);
      m_client_ports.push_back(req.remote_port);
      res.set_content("ok", "text/plain");
    });
    m_fake.start();
  }
  HttpResponse get(HttpClient& http) {
    HttpRequest req;
    req.url = m_fake.url("/");
    req.timeout = std::chrono::seconds{2};
    auto r = http.send(req);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : HttpResponse{};
  }
  std::mutex m_mutex;
  std::vector<int> m_client_ports;  // the client's side of each request's connection
  ddnsguard::testing::FakeHttp m_fake;
};

TEST_F(HttpClientTest, ReusesConnectionsUntilThePoolIsReset) {
  HttpClient http;
  get(http);
  get(http);
  http.reset_pool();
  get(http);
  std::lock_guard lock(m_mutex);
  ASSERT_EQ(m_client_ports.size(), 3u);
  EXPECT_EQ(m_client_ports[0], m_client_ports[1]) << "the second request opened a connection";
  EXPECT_NE(m_client_ports[1], m_client_ports[2]) << "reset_pool kept the old connection";
}

// A handle reused from the pool starts from default options: nothing of an earlier
// request's method, body, credentials or headers reaches the next one.
TEST(HttpClientReuse, AReusedHandleCarriesNothingFromTheLastRequest) {
  struct Seen {
    std::string method, authorization, header, body;
  };
  std::mutex mutex;
  std::vector<Seen> seen;
  auto note = [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    seen.push_back({req.method, req.get_header_value("Authorization"),
                    req.get_header_value("X-Extra"), req.body});
    res.set_content("ok", "text/plain");
  };
  ddnsguard::testing::FakeHttp fake;
  fake.server().Post("/seen", note);
  fake.server().Get("/seen", note);
  fake.start();
  HttpClient http;
  HttpRequest post;
  post.url = fake.url("/seen");
  post.method = "POST";
  post.body = "first=1";
  post.basic_user = "user";
  post.basic_password = "secret";
  post.headers = {"X-Extra: yes"};
  post.timeout = std::chrono::seconds{2};
  ASSERT_TRUE(http.send(post));
  HttpRequest plain;
  plain.url = fake.url("/seen");
  plain.timeout = std::chrono::seconds{2};
  ASSERT_TRUE(http.send(plain));
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_FALSE(seen[0].authorization.empty());
  EXPECT_EQ(seen[1].method, "GET");
  EXPECT_EQ(seen[1].authorization, "");
  EXPECT_EQ(seen[1].header, "");
  EXPECT_EQ(seen[1].body, "");
}

TEST_F(HttpClientTest, ConnectTimeoutIsBounded) {
  HttpClient http;
  HttpRequest req;
  req.url = "http://127.0.0.1:9/";  // nothing listens: refused at once, never a hang
  req.timeout = std::chrono::milliseconds{500};
  auto t0 = std::chrono::steady_clock::now();
  auto r = http.send(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds{5});
}

}  // namespace
}  // namespace ddnsguard::providers

TEST(ParseHttpDate, ImfFixdateOnly) {
  using namespace std::chrono;
  auto t = ddnsguard::providers::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->time_since_epoch(), seconds{784111777});
  EXPECT_FALSE(ddnsguard::providers::parse_http_date("yesterday"));
  EXPECT_FALSE(ddnsguard::providers::parse_http_date(""));
}
