// `ddnsguard notify --test` from the real binary: a line per target, tokens never shown,
// the exit code says whether every target took its message.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/controller/notify_fakes.hpp"
#include "tests/support/offline_config.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

class NotifyCli : public ::testing::Test {
 protected:
  ProcessResult run_with(const nlohmann::json& notify, std::vector<std::string> extra = {}) {
    auto c = offline_config("${PW}");
    c["state_dir"] = m_dir.path() + "/state";
    c["notify"] = notify;
    auto path = m_dir.path() + "/c.json";
    write_file(path, c.dump());
    std::vector<std::string> argv{DDNSGUARD_BINARY, "-c", path, "notify"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_process(argv, {{"PW", "pw-value-1234"}, {"BOT", "123:bot-secret"}});
  }
  TempDir m_dir;
  NotifyServices m_fake;
};

TEST_F(NotifyCli, EveryTargetGetsATestMessageAndIsReported) {
  m_fake.set_down(true);
  auto r = run_with(nlohmann::json::array({{{"type", "telegram"},
                                            {"bot_token", "${BOT}"},
                                            {"chat_id", 42},
                                            {"endpoint", m_fake.url("")}},
                                           {{"type", "webhook"}, {"url", m_fake.url("/down")}}}),
                    {"--test"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("notify[0] telegram http://127.0.0.1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": sent (HTTP 200)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("notify[1] webhook http://127.0.0.1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": FAILED (HTTP 503)"), std::string::npos) << r.out;
  EXPECT_EQ((r.out + r.err).find("bot-secret"), std::string::npos) << "the token is a secret";
  auto heard = m_fake.heard_at("/bot123:bot-secret/sendMessage");
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(heard[0].body)["chat_id"], "42");
  m_fake.set_down(false);
  EXPECT_EQ(run_with(nlohmann::json::array({{{"type", "webhook"}, {"url", m_fake.url("/down")}}}),
                     {"--test"})
                .exit_code,
            0);
}

TEST_F(NotifyCli, WithoutTargetsOrWithoutTestItIsAUsageError) {
  auto none = run_with(nlohmann::json::array(), {"--test"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no notify entries"), std::string::npos) << none.err;
  auto bare =
      run_with(nlohmann::json::array({{{"type", "webhook"}, {"url", m_fake.url("/hook")}}}));
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.err.find("--test"), std::string::npos) << bare.err;
  EXPECT_TRUE(m_fake.heard().empty());
}

}  // namespace
}  // namespace ddnsguard::testing
