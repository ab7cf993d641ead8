#include "controller/telemetry/logging.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

namespace ddnsguard::controller {
namespace {

struct Captured {
  std::ostringstream out;
  std::shared_ptr<Logging> logging;
  explicit Captured(const std::string& format) {
    LogConfig cfg;
    cfg.level = "debug";
    cfg.format = format;
    std::string error;
    logging = Logging::create(cfg, error, std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
    EXPECT_EQ(error, "");
  }
};

TEST(Logging, JsonLinesParseAndNameTheComponent) {
  Captured c("json");
  c.logging->get("reconcile")->info("update ok record={} quote=\"{}\"", "home.example.org/A", "x");
  auto j = nlohmann::json::parse(c.out.str());
  EXPECT_EQ(j["component"], "reconcile");
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["msg"], "update ok record=home.example.org/A quote=\"x\"");
  auto time = j["time"].get<std::string>();  // 2026-11-25T22:21:48.123Z
  ASSERT_EQ(time.size(), 24u) << time;
  EXPECT_EQ(time[19], '.');
  EXPECT_EQ(time.back(), 'Z');
}

TEST(Logging, RegisteredSecretsAreMaskedInEveryFormat) {
  for (const auto* format : {"text", "json"}) {
    SCOPED_TRACE(format);
    Captured c(format);
    c.logging->add_secret("tok-5ecret-value");
    c.logging->get("provider")
        ->warn("url=https://x/?token=tok-5ecret-value&again=tok-5ecret-value");
    auto text = c.out.str();
    EXPECT_EQ(text.find("tok-5ecret-value"), std::string::npos) << text;
    EXPECT_NE(text.find("token=***&again=***"), std::string::npos) << text;
  }
}

TEST(Logging, SecretsWithQuotesAndBackslashesAreMaskedInJson) {
  Captured c("json");
  const std::string secret = "pa\"ss\\word\x01end";
  c.logging->add_secret(secret);
  c.logging->get("provider")->warn("password={}", secret);
  auto text = c.out.str();
  EXPECT_EQ(text.find("ss\\\\word"), std::string::npos) << text;  // the JSON-escaped form
  EXPECT_EQ(text.find("\\u0001end"), std::string::npos) << text;
  EXPECT_EQ(nlohmann::json::parse(text)["msg"], "password=***");
}

TEST(Logging, LevelFiltersLines) {
  LogConfig cfg;
  cfg.level = "warn";
  std::ostringstream out;
  std::string error;
  auto l = Logging::create(cfg, error, std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  l->get("x")->info("hidden");
  l->get("x")->warn("shown");
  EXPECT_EQ(out.str().find("hidden"), std::string::npos);
  EXPECT_NE(out.str().find("shown"), std::string::npos);
}

TEST(Logging, UnopenableFileIsReportedAndStderrGoesOn) {
  LogConfig cfg;
  cfg.file = "/dev/null/not-a-dir/ddnsguard.log";
  std::string error;
  std::ostringstream out;
  auto l = Logging::create(cfg, error, std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  EXPECT_NE(error.find("cannot open log file"), std::string::npos);
  l->get("x")->info("still works");
  EXPECT_NE(out.str().find("still works"), std::string::npos);
}

}  // namespace
}  // namespace ddnsguard::controller
