// The example configurations shipped in data/examples/ stay valid.

#include <gtest/gtest.h>

#include <filesystem>

#include "controller/config/config.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

TEST(Examples, EveryShippedExampleParses) {
  providers::ConfigEnv env;
  env.getenv = [](std::string_view) -> std::optional<std::string> { return "example-value"; };
  env.read_file = [](const std::string&, std::string&) -> std::optional<std::string> {
    return "example-secret\n";
  };
  int seen = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(DDNSGUARD_SOURCE_DIR) + "/data/examples")) {
    SCOPED_TRACE(e.path().string());
    auto outcome = parse_config(testing::read_file(e.path()), env);
    for (const auto& p : outcome.problems)
      ADD_FAILURE() << p.str();
    EXPECT_TRUE(outcome.config.has_value());
    ++seen;
  }
  EXPECT_GE(seen, 2);
}

}  // namespace
}  // namespace ddnsguard::controller
