#include "providers/sources/source_dns.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <ldns/ldns.h>

#include "providers/net/dns_query.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;

template <auto Free> struct CFree {
  template <class T> void operator()(T* p) const noexcept { Free(p); }
};
using LdnsPkt = std::unique_ptr<ldns_pkt, CFree<ldns_pkt_free>>;
using Wire = std::unique_ptr<std::uint8_t, CFree<std::free>>;

// A UDP DNS responder on 127.0.0.1 (OS-chosen port) that answers by question name:
//   a.test A -> 198.51.100.7; two.test A -> two addresses; whoami.cloudflare CH TXT ->
//   "203.0.113.5"; refused.test -> REFUSED; servfail.test -> SERVFAIL; nx.test -> NXDOMAIN;
//   v6.test AAAA -> 2001:db8::5; silent.test -> no reply at all.
class FakeDns {
 public:
  FakeDns() {
    m_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(m_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("fake dns: cannot bind");
    }
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~FakeDns() {
    m_stop = true;
    m_thread.join();
    close(m_fd);
  }
  FakeDns(const FakeDns&) = delete;
  FakeDns& operator=(const FakeDns&) = delete;
  std::uint16_t port() const { return m_port; }

 private:
  void serve() {
    while (!m_stop) {
      pollfd p{m_fd, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      std::array<std::uint8_t, 4096> buf{};
      sockaddr_in from{};
      socklen_t from_len = sizeof from;
      auto n =
          recvfrom(m_fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
      if (n <= 0) continue;
      ldns_pkt* raw = nullptr;
      if (ldns_wire2pkt(&raw, buf.data(), static_cast<std::size_t>(n)) != LDNS_STATUS_OK) continue;
      LdnsPkt query{raw};
      LdnsPkt reply = answer(query.get());
      if (!reply) continue;
      std::uint8_t* wire = nullptr;
      std::size_t size = 0;
      if (ldns_pkt2wire(&wire, reply.get(), &size) != LDNS_STATUS_OK) continue;
      Wire owned{wire};
      sendto(m_fd, wire, size, 0, reinterpret_cast<sockaddr*>(&from), from_len);
    }
  }

  static void add(ldns_pkt* p, const char* rr_text) {
    ldns_rr* rr = nullptr;
    if (ldns_rr_new_frm_str(&rr, rr_text, 0, nullptr, nullptr) == LDNS_STATUS_OK) {
      ldns_pkt_push_rr(p, LDNS_SECTION_ANSWER, rr);
    }
  }

  static LdnsPkt answer(const ldns_pkt* query) {
    const ldns_rr* q = ldns_rr_list_rr(ldns_pkt_question(query), 0);
    if (q == nullptr) return nullptr;
    char* owner = ldns_rdf2str(ldns_rr_owner(q));
    std::string name = owner != nullptr ? owner : "";
    std::free(owner);
    if (name == "silent.test.") return nullptr;
    LdnsPkt p{ldns_pkt_new()};
    ldns_pkt_set_id(p.get(), ldns_pkt_id(query));
    ldns_pkt_set_qr(p.get(), true);
    ldns_pkt_set_aa(p.get(), true);
    ldns_pkt_push_rr(p.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(q));
    if (name == "a.test.") add(p.get(), "a.test. 60 IN A 198.51.100.7");
    if (name == "two.test.") {
      add(p.get(), "two.test. 60 IN A 198.51.100.7");
      add(p.get(), "two.test. 60 IN A 198.51.100.8");
    }
    if (name == "v6.test.") add(p.get(), "v6.test. 60 IN AAAA 2001:db8::5");
    if (name == "whoami.cloudflare." && ldns_rr_get_class(q) == LDNS_RR_CLASS_CH) {
      add(p.get(), "whoami.cloudflare. 0 CH TXT \"203.0.113.5\"");
    }
    if (name == "refused.test.") ldns_pkt_set_rcode(p.get(), LDNS_RCODE_REFUSED);
    if (name == "servfail.test.") ldns_pkt_set_rcode(p.get(), LDNS_RCODE_SERVFAIL);
    if (name == "nx.test.") ldns_pkt_set_rcode(p.get(), LDNS_RCODE_NXDOMAIN);
    return p;
  }

  int m_fd = -1;
  std::uint16_t m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

class DnsSourceTest : public ::testing::Test {
 protected:
  Result<Address> fetch(const char* name, const char* qtype, const char* qclass = "IN",
                        Family family = Family::ipv4, std::chrono::milliseconds timeout = 2s) {
    DnsSource src({"127.0.0.1", m_dns.port()}, name, qtype, qclass);
    return src.fetch(family, timeout);
  }
  FakeDns m_dns;
};

TEST_F(DnsSourceTest, ReadsAnARecord) {
  auto r = fetch("a.test", "A");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "198.51.100.7");
}

TEST_F(DnsSourceTest, ReadsAChaosTxtRecord) {
  auto r = fetch("whoami.cloudflare", "TXT", "CH");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "203.0.113.5");
}

TEST_F(DnsSourceTest, RefusedAndServfailAreTransient) {
  for (const char* name : {"refused.test", "servfail.test"}) {
    SCOPED_TRACE(name);
    auto r = fetch(name, "A");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().cls, ErrorClass::transient);
  }
}

TEST_F(DnsSourceTest, NoOrAmbiguousAnswerIsInvalid) {
  for (const char* name : {"nx.test", "two.test", "empty.test"}) {
    SCOPED_TRACE(name);
    auto r = fetch(name, "A");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().cls, ErrorClass::invalid_response) << r.error().message;
  }
}

TEST_F(DnsSourceTest, SilentServerTimesOut) {
  auto start = std::chrono::steady_clock::now();
  auto r = fetch("silent.test", "A", "IN", Family::ipv4, 300ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_F(DnsSourceTest, ServerOfTheOtherFamilyIsAConfigError) {
  auto r = fetch("v6.test", "AAAA", "IN", Family::ipv6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::config);
}

TEST_F(DnsSourceTest, DnsQueryReturnsRdataText) {
  DnsQuery q;
  q.server = {"127.0.0.1", m_dns.port()};
  q.name = "v6.test.";
  q.type = "AAAA";
  auto r = dns_query(q);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, std::vector<std::string>{"2001:db8::5"});
  q.name = "nx.test";
  r = dns_query(q);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->empty());
}

TEST(ParseServerSpec, Forms) {
  struct Case {
    const char* text;
    const char* host;  // nullptr: invalid
    std::uint16_t port;
  };
  const Case cases[] = {{"208.67.222.222", "208.67.222.222", 53},
                        {"127.0.0.1:5353", "127.0.0.1", 5353},
                        {"ns1.google.com", "ns1.google.com", 53},
                        {"[2620:119:35::35]:5300", "2620:119:35::35", 5300},
                        {"[::1]", "::1", 53},
                        {"2620:119:35::35", "2620:119:35::35", 53},
                        {"host:0", nullptr, 0},
                        {"host:99999", nullptr, 0},
                        {"[::1", nullptr, 0},
                        {"", nullptr, 0},
                        {":53", nullptr, 0},
                        {"208.67.222.300", nullptr, 0},  // neither an address nor a name
                        {"[ns1.example.net]", nullptr, 0},
                        {"-bad.example.net", nullptr, 0},
                        {"a..b", nullptr, 0},
                        {"localhost:5300", "localhost", 5300}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto s = parse_server_spec(c.text);
    if (c.host == nullptr) {
      EXPECT_FALSE(s);
      continue;
    }
    ASSERT_TRUE(s);
    EXPECT_EQ(s->host, c.host);
    EXPECT_EQ(s->port, c.port);
  }
}

}  // namespace
}  // namespace ddnsguard::providers
