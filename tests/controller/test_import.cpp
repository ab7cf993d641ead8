// `ddnsguard import ddclient|inadyn`: real-world-style files (tests/controller/import/*.conf,
// written from the clients' manuals) against golden conversions (UPDATE_GOLDEN=1 rewrites
// them); every conversion is a valid ddnsguard configuration and holds no secret.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "controller/config/config.hpp"
#include "controller/import/ddclient_import.hpp"
#include "controller/import/inadyn_import.hpp"

namespace ddnsguard::controller::import {
namespace {

const std::string k_dir = std::string(DDNSGUARD_SOURCE_DIR) + "/tests/controller/import/";

// Every credential the sample files hold: none may appear in a conversion.
const char* const k_sample_secrets[] = {"s3cr3t-dyn",
                                        "cf-t0ken-FAKE-0123456789",
                                        "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                                        "nc-ddns-FAKE",
                                        "ch4ngeip-FAKE",
                                        "pk1_FAKE0123456789abcdef",
                                        "sk1_FAKEfedcba9876543210",
                                        "s3cr3t-n0ip",
                                        "s3cr3t-dynu",
                                        "desec-t0ken-FAKE",
                                        "0ff1ce-FAKE",
                                        "r0uter-FAKE",
                                        "c2VjcmV0LWtleS1GQUtF"};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The nsupdate key file the ddclient sample names, as `ddns-confgen -q` writes it.
std::optional<std::string> key_files(const std::string& path) {
  if (path != "/etc/ddclient/dyn.example.net.key") return std::nullopt;
  return "key \"gw-key\" {\n\talgorithm hmac-sha512;\n\tsecret \"c2VjcmV0LWtleS1GQUtF\";\n};\n";
}

ImportResult convert(const std::string& file) {
  auto text = read(k_dir + file);
  return file.starts_with("ddclient") ? import_ddclient(text, file, key_files)
                                      : import_inadyn(text, file);
}

class ImportSamples : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportSamples, MatchTheirGoldenConversion) {
  auto result = convert(GetParam() + ".conf");
  ASSERT_TRUE(result.converted) << result.text;
  const auto path = k_dir + GetParam() + ".json";
  if (std::getenv("UPDATE_GOLDEN") != nullptr) std::ofstream(path, std::ios::binary) << result.text;
  EXPECT_EQ(result.text, read(path)) << path << " differs (UPDATE_GOLDEN=1 rewrites it)";
}

TEST_P(ImportSamples, AreValidConfigurationsWithoutASecret) {
  auto result = convert(GetParam() + ".conf");
  for (const char* secret : k_sample_secrets)
    EXPECT_EQ(result.text.find(secret), std::string::npos) << secret << "\n" << result.text;
  providers::ConfigEnv env{[](std::string_view) { return std::optional<std::string>(); },
                           [](const std::string&, std::string& error) {
                             error = "not read";
                             return std::optional<std::string>();
                           },
                           true};
  auto parsed = parse_config(result.text, env);
  std::string problems;
  for (const auto& p : parsed.problems)
    problems += p.path + ": " + p.message + "\n";
  EXPECT_TRUE(parsed.config) << problems << result.text;
}

INSTANTIATE_TEST_SUITE_P(Files, ImportSamples,
                         ::testing::Values("ddclient-dyndns2", "ddclient-mixed", "inadyn-basic",
                                           "inadyn-mixed"),
                         [](const auto& param_info) {
                           auto name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ddnsguard::controller::import
