// kill -9 at any point, an update in flight included, and a restart converges without a
// wrong publish; the history store survives (SQLite WAL).

#include <csignal>
#include <random>

#include "tests/integration/fault_fixture.hpp"

namespace ddnsguard::testing {
namespace {

using Mode = FaultProxy::Mode;
using namespace std::chrono_literals;

class CrashSafety : public FaultTest {
 protected:
  void SetUp() override {
    FaultTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto c = config_json();
    c["polling"] = {{"mode", "fixed"}, {"min_interval", "1s"}};
    m_config = m_dir.path() + "/c.json";
    write_file(m_config, c.dump());
    auto first = ddnsguard({"once"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
  }
  ProcessResult ddnsguard(const std::vector<std::string>& args) {
    std::vector<std::string> argv{DDNSGUARD_BINARY, "-c", m_config};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {}, 30s);
  }
  std::string m_config;
};

TEST_F(CrashSafety, KilledMidUpdateThenRestartedConverges) {
  set_address("11.22.33.55");
  m_proxy->set(Mode::hang_writes);
  Background run({DDNSGUARD_BINARY, "-c", m_config, "run"}, m_dir.path() + "/run.log");
  ASSERT_TRUE(m_proxy->wait_for_hung_write(20s)) << read_file(m_dir.path() + "/run.log");
  run.stop(SIGKILL);
  m_proxy->set(Mode::pass);
  auto again = ddnsguard({"once"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(held(), "11.22.33.55");
  auto status = ddnsguard({"status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto j = nlohmann::json::parse(status.out);
  EXPECT_TRUE(j["records"][0]["in_sync"].get<bool>()) << status.out;
  expect_no_wrong_publish();
}

TEST_F(CrashSafety, KilledAtRandomMomentsNeverPublishesAWrongAddress) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> ms(20, 400);
  for (int round = 0; round < 5; ++round) {
    set_address(round % 2 == 0 ? "11.22.33.55" : "11.22.33.44");
    Background run({DDNSGUARD_BINARY, "-c", m_config, "run"}, m_dir.path() + "/run.log");
    std::this_thread::sleep_for(std::chrono::milliseconds{ms(rng)});
    run.stop(SIGKILL);
  }
  auto again = ddnsguard({"once"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(held(), "11.22.33.55") << "the address of the last round";
  EXPECT_EQ(ddnsguard({"history", "--json"}).exit_code, 0) << "the store survived";
  expect_no_wrong_publish();
}

}  // namespace
}  // namespace ddnsguard::testing
