// `doctor`: one line per check with a fix hint, against a real PowerDNS on loopback.

#include "tests/integration/fault_fixture.hpp"

namespace ddnsguard::testing {
namespace {

using Mode = FaultProxy::Mode;
using namespace std::chrono_literals;

class Doctor : public FaultTest {
 protected:
  void SetUp() override {
    FaultTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    m_config = m_dir.path() + "/c.json";
    write_file(m_config, config_json().dump());
    auto once = ddnsguard({"once"});
    ASSERT_EQ(once.exit_code, 0) << once.err;
  }
  ProcessResult ddnsguard(const std::vector<std::string>& args) {
    std::vector<std::string> argv{DDNSGUARD_BINARY, "-c", m_config};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {}, 60s);
  }
  // status of the check whose name starts with `prefix` ("" when there is none)
  static std::string status_of(const nlohmann::json& checks, const std::string& prefix) {
    for (const auto& c : checks) {
      if (c["name"].get<std::string>().rfind(prefix, 0) == 0) return c["status"];
    }
    return "";
  }
  nlohmann::json doctor_json(int expect_exit) {
    auto r = ddnsguard(
        {"doctor", "--json", "--resolver", "127.0.0.1:" + std::to_string(m_pdns.dns_port())});
    EXPECT_EQ(r.exit_code, expect_exit) << r.out << r.err;
    EXPECT_EQ(r.out.find(m_pdns.api_key()), std::string::npos) << "secret in the output";
    return nlohmann::json::parse(r.out);
  }
  std::string m_config;
};

TEST_F(Doctor, AllGreenWhenEverythingAgrees) {
  set_echo_clock(std::chrono::seconds{0});
  auto checks = doctor_json(0);
  for (const char* name :
       {"egress ipv4", "public ipv4", "clock", "ttl home.example.org/A",
        "provider pdns home.example.org/A", "authoritative 127.0.0.1", "resolver 127.0.0.1"}) {
    EXPECT_EQ(status_of(checks, name), "ok") << name << "\n" << checks.dump(2);
  }
  auto text = ddnsguard({"doctor", "--resolver", "127.0.0.1:" + std::to_string(m_pdns.dns_port())});
  EXPECT_NE(text.out.find("ok    egress ipv4"), std::string::npos) << text.out;
}

TEST_F(Doctor, SaysAWriteOnlyStandbyCannotBeProbed) {
  set_echo_clock(std::chrono::seconds{0});
  auto c = config_json();
  c["providers"]["dyn"] = {{"type", "dyndns2"},
                           {"username", "me"},
                           {"password", "pw"},
                           {"endpoint", "http://127.0.0.1:9/nic/update"}};
  c["records"][0]["providers"] = {"pdns", "dyn"};
  c["records"][0]["mode"] = "failover";
  write_file(m_config, c.dump());
  std::filesystem::permissions(m_config, std::filesystem::perms::owner_read |
                                             std::filesystem::perms::owner_write);
  auto checks = doctor_json(0);
  for (const auto& check : checks) {
    if (check["name"] != "provider dyn home.example.org/A") continue;
    EXPECT_EQ(check["status"], "ok");
    EXPECT_NE(check["detail"].get<std::string>().find("gets no probe"), std::string::npos)
        << check.dump();
    return;
  }
  ADD_FAILURE() << "no check for the standby: " << checks.dump(2);
}

TEST_F(Doctor, NamesEachProblemWithAFix) {
  set_address("100.64.7.9");  // CGNAT
  m_proxy->set(Mode::unauthorized);
  set_echo_clock(std::chrono::minutes{10});
  auto checks = doctor_json(1);
  EXPECT_EQ(status_of(checks, "public ipv4"), "fail") << checks.dump(2);
  EXPECT_EQ(status_of(checks, "egress ipv4"), "fail");
  EXPECT_EQ(status_of(checks, "provider pdns"), "fail");
  EXPECT_EQ(status_of(checks, "clock"), "fail");
  for (const auto& c : checks) {
    if (c["status"] != "ok") {
      EXPECT_FALSE(c["fix"].get<std::string>().empty()) << c.dump();
    }
  }
  auto text = ddnsguard({"doctor", "--resolver", "127.0.0.1:" + std::to_string(m_pdns.dns_port())});
  EXPECT_NE(text.out.find("fix: CGNAT or a private network"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("fix: renew the token"), std::string::npos) << text.out;
}

TEST_F(Doctor, StaleAuthoritativeAnswerAndLongTtlAreReported) {
  ASSERT_TRUE(m_pdns.set_rrset(k_zone, k_name, "A", "192.0.2.99"));
  auto c = config_json();
  c["records"][0]["ttl"] = 3600;
  write_file(m_config, c.dump());
  auto checks = doctor_json(1);
  EXPECT_EQ(status_of(checks, "authoritative 127.0.0.1"), "fail") << checks.dump(2);
  EXPECT_EQ(status_of(checks, "ttl home.example.org/A"), "warn");
  EXPECT_EQ(ddnsguard({"doctor", "--resolver", "nope:99999"}).exit_code, 2);
}

TEST_F(Doctor, ReportsTheServiceState) {
  auto root = m_dir.path() + "/root";
  auto port = "127.0.0.1:" + std::to_string(m_pdns.dns_port());
  auto before = ddnsguard({"doctor", "--json", "--resolver", port, "--root", root});
  auto checks = nlohmann::json::parse(before.out);
  EXPECT_EQ(status_of(checks, "service"), "warn") << checks.dump(2);
  ASSERT_EQ(ddnsguard({"service", "install", "--force", "--root", root}).exit_code, 0);
  auto after = ddnsguard({"doctor", "--json", "--resolver", port, "--root", root});
  checks = nlohmann::json::parse(after.out);
  EXPECT_EQ(status_of(checks, "service"), "ok") << checks.dump(2);
}

}  // namespace
}  // namespace ddnsguard::testing
