#include "tests/support/fake_dns.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include <ldns/ldns.h>

namespace ddnsguard::testing {

namespace {

template <auto Free> struct CFree {
  template <class T> void operator()(T* p) const noexcept { Free(p); }
};
using LdnsPkt = std::unique_ptr<ldns_pkt, CFree<ldns_pkt_free>>;
using Wire = std::unique_ptr<std::uint8_t, CFree<std::free>>;

void add(ldns_pkt* p, const std::string& rr_text) {
  ldns_rr* rr = nullptr;
  if (ldns_rr_new_frm_str(&rr, rr_text.c_str(), 0, nullptr, nullptr) == LDNS_STATUS_OK) {
    ldns_pkt_push_rr(p, LDNS_SECTION_ANSWER, rr);
  }
}

std::string question_name(const ldns_pkt* query) {
  const ldns_rr* q = ldns_rr_list_rr(ldns_pkt_question(query), 0);
  if (q == nullptr) return {};
  char* owner = ldns_rdf2str(ldns_rr_owner(q));
  std::string name = owner != nullptr ? owner : "";
  std::free(owner);
  return name;
}

LdnsPkt answer(const ldns_pkt* query, const std::string& name, const std::string& a) {
  const ldns_rr* q = ldns_rr_list_rr(ldns_pkt_question(query), 0);
  if (q == nullptr || name == "silent.test.") return nullptr;
  LdnsPkt p{ldns_pkt_new()};
  ldns_pkt_set_id(p.get(), ldns_pkt_id(query));
  ldns_pkt_set_qr(p.get(), true);
  ldns_pkt_set_aa(p.get(), true);
  ldns_pkt_push_rr(p.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(q));
  const auto type = ldns_rr_get_type(q);
  if (!a.empty() && type == LDNS_RR_TYPE_A) add(p.get(), name + " 60 IN A " + a);
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

}  // namespace

FakeDns::FakeDns(Gate gate) : m_gate(std::move(gate)) {
  m_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(m_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(m_fd);
    throw std::runtime_error("fake dns: cannot bind");
  }
  m_port = ntohs(addr.sin_port);
  m_thread = std::thread([this] { serve(); });
}

FakeDns::~FakeDns() {
  m_stop = true;
  m_thread.join();
  close(m_fd);
}

void FakeDns::set_a(const std::string& name, const std::string& address) {
  std::lock_guard lock(m_mutex);
  m_a[name] = address;
}

std::string FakeDns::a_for(const std::string& name) {
  std::lock_guard lock(m_mutex);
  auto it = m_a.find(name);
  return it == m_a.end() ? std::string() : it->second;
}

void FakeDns::serve() {
  while (!m_stop) {
    pollfd p{m_fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    std::array<std::uint8_t, 4096> buf{};
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    auto n =
        recvfrom(m_fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n <= 0) continue;
    ++m_queries;
    ldns_pkt* raw = nullptr;
    if (ldns_wire2pkt(&raw, buf.data(), static_cast<std::size_t>(n)) != LDNS_STATUS_OK) continue;
    LdnsPkt query{raw};
    const auto name = question_name(query.get());
    if (m_gate && !m_gate(name)) continue;
    LdnsPkt reply = answer(query.get(), name, a_for(name));
    if (!reply) continue;
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    if (ldns_pkt2wire(&wire, reply.get(), &size) != LDNS_STATUS_OK) continue;
    Wire owned{wire};
    sendto(m_fd, wire, size, 0, reinterpret_cast<sockaddr*>(&from), from_len);
  }
}

}  // namespace ddnsguard::testing
