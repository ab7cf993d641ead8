// The verifier in virtual time: grace, re-push, failover, and the bound on one pass's DNS
// questions (after k_verify_budget the remaining records wait for the next pass).
#include "controller/loop/verifier.hpp"

#include <gtest/gtest.h>

#include <spdlog/sinks/null_sink.h>

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
using providers::Address;
using providers::AuthoritativeAnswer;
using providers::Record;
using providers::SilentServers;

// Name servers that answer `held` for every record, taking `delay` of virtual time each.
class FakeAuthoritative final : public providers::AuthoritativeDns {
 public:
  explicit FakeAuthoritative(providers::ManualClock& clock) : m_clock(clock) {}
  std::vector<AuthoritativeAnswer> query(const Record&, SilentServers* silent) override {
    ++asked;
    last_silent = silent;
    m_clock.advance(delay);
    AuthoritativeAnswer a;
    a.server = "192.0.2.53:53";
    a.addresses = std::vector<Address>{*Address::parse(held)};
    return {a};
  }
  std::string held = "203.0.113.7";
  std::chrono::milliseconds delay{0};
  int asked = 0;
  SilentServers* last_silent = nullptr;

 private:
  providers::ManualClock& m_clock;
};

class VerifierTest : public ::testing::Test {
 protected:
  VerifierTest() {
    VerifyConfig config;
    config.grace = 2min;
    m_verifier = std::make_unique<Verifier>(config, m_dns, *m_store, m_monitor, m_clock, m_log);
  }
  Record record(const std::string& name) const {
    Record r;
    r.name = name;
    return r;
  }
  const Address k_desired = *Address::parse("203.0.113.7");

  providers::ManualClock m_clock{providers::Clock::time_point{} + 1000h};
  std::shared_ptr<spdlog::logger> m_log =
      std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
  std::unique_ptr<HistoryStore> m_store = HistoryStore::in_memory(nullptr);
  AnomalyMonitor m_monitor{*m_store, m_log};
  std::shared_ptr<FakeAuthoritative> m_dns = std::make_shared<FakeAuthoritative>(m_clock);
  std::unique_ptr<Verifier> m_verifier;
};

TEST_F(VerifierTest, AVisibleAddressIsRecordedWithHowLongItTook) {
  m_verifier->updated(record("home.example.com"), "cf", k_desired);
  EXPECT_TRUE(m_verifier->pending(record("home.example.com")));
  m_clock.advance(20s);
  m_verifier->begin_pass();
  EXPECT_EQ(m_verifier->check(record("home.example.com"), "cf", k_desired), VerifyVerdict::visible);
  EXPECT_FALSE(m_verifier->pending(record("home.example.com")));
  auto v = m_store->verifications(providers::Clock::time_point{});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(v[0].ok);
  EXPECT_EQ(v[0].latency_ms, 20000);
}

TEST_F(VerifierTest, NotVisibleWaitsThenRepushesThenFailsOver) {
  m_dns->held = "198.51.100.1";
  const auto rec = record("home.example.com");
  m_verifier->begin_pass();
  m_verifier->updated(rec, "cf", k_desired);
  EXPECT_EQ(m_verifier->check(rec, "cf", k_desired), VerifyVerdict::waiting);
  m_clock.advance(2min);
  m_verifier->begin_pass();
  EXPECT_EQ(m_verifier->check(rec, "cf", k_desired), VerifyVerdict::repush);
  EXPECT_EQ(m_monitor.open_by_kind().count("silent_update_failure"), 1u);
  m_clock.advance(1min);
  m_verifier->begin_pass();
  EXPECT_EQ(m_verifier->check(rec, "cf", k_desired), VerifyVerdict::waiting) << "new grace";
  m_clock.advance(1min);
  m_verifier->begin_pass();
  EXPECT_EQ(m_verifier->check(rec, "cf", k_desired), VerifyVerdict::fail_over);
  EXPECT_FALSE(m_verifier->pending(rec)) << "the next provider starts its own grace";
}

TEST_F(VerifierTest, APassSpendsAtMostItsBudgetAskingAndTheRestWaitForTheNext) {
  m_dns->delay = 2s;  // every record's servers take two seconds to answer
  m_verifier->begin_pass();
  const auto ask_until = m_clock.now() + k_verify_budget;
  std::vector<VerifyVerdict> verdicts;
  for (int i = 0; i < 6; ++i) {
    verdicts.push_back(
        m_verifier->check(record(fmt::format("r{}.example.com", i)), "cf", k_desired, ask_until));
  }
  const int within = static_cast<int>(k_verify_budget / 2s);
  EXPECT_EQ(m_dns->asked, within);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(verdicts[static_cast<std::size_t>(i)],
              i < within ? VerifyVerdict::visible : VerifyVerdict::unknown)
        << i;
  }
  m_verifier->begin_pass();
  EXPECT_EQ(
      m_verifier->check(record("r5.example.com"), "cf", k_desired, m_clock.now() + k_verify_budget),
      VerifyVerdict::visible);
}

TEST_F(VerifierTest, OnePassSharesWhichServersWereSilentAndTheNextForgetsThem) {
  m_verifier->begin_pass();
  m_verifier->check(record("a.example.com"), "cf", k_desired);
  auto* first = m_dns->last_silent;
  ASSERT_NE(first, nullptr);
  first->add("192.0.2.53:53");
  m_verifier->check(record("b.example.com"), "cf", k_desired);
  EXPECT_EQ(m_dns->last_silent, first);
  EXPECT_TRUE(m_dns->last_silent->contains("192.0.2.53:53"));
  m_verifier->begin_pass();
  m_verifier->check(record("c.example.com"), "cf", k_desired);
  ASSERT_NE(m_dns->last_silent, nullptr);
  EXPECT_FALSE(m_dns->last_silent->contains("192.0.2.53:53"));
}

}  // namespace
}  // namespace ddnsguard::controller
