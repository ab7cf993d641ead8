// The man pages the package ships are written by hand (data/man/): they must keep up with
// the program. Every command and every option `--help` lists is in ddnsguard(1), and every
// key the shipped example configurations use is in ddnsguard.json(5).

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

using namespace std::chrono_literals;

std::string man_page(const std::string& name) {
  auto text = read_file(std::string(DDNSGUARD_SOURCE_DIR) + "/data/man/" + name);
  // roff writes a literal hyphen as \- and may put \% or \& inside a word: read it plain.
  text = std::regex_replace(text, std::regex(R"(\\-)"), "-");
  return std::regex_replace(text, std::regex(R"(\\[%&])"), "");
}

// The long options `--help` of `args` lists ("--json", "--since", ...).
std::set<std::string> options_of(std::vector<std::string> args) {
  args.insert(args.begin(), DDNSGUARD_BINARY);
  args.push_back("--help");
  auto help = run_process(args, {}, 30s).out;
  std::set<std::string> out;
  const std::regex option(R"((?:^|[ ,])(--[a-z][a-z-]*))");
  for (std::sregex_iterator it(help.begin(), help.end(), option), end; it != end; ++it)
    out.insert((*it)[1]);
  out.erase("--help");
  return out;
}

TEST(ManPages, EveryCommandAndOptionIsInDdnsguard1) {
  auto page = man_page("ddnsguard.1");
  std::vector<std::vector<std::string>> commands{{},
                                                 {"run"},
                                                 {"once"},
                                                 {"check-config"},
                                                 {"status"},
                                                 {"history"},
                                                 {"decisions"},
                                                 {"anomalies"},
                                                 {"doctor"},
                                                 {"simulate"},
                                                 {"service"},
                                                 {"service", "install"},
                                                 {"service", "uninstall"},
                                                 {"service", "status"}};
  for (const auto& command : commands) {
    if (!command.empty()) {
      EXPECT_NE(page.find(command.back()), std::string::npos) << command.back();
    }
    auto options = options_of(command);
    EXPECT_FALSE(command.size() == 1 && command[0] == "decisions" && options.empty());
    for (const auto& option : options) {
      EXPECT_NE(page.find(option), std::string::npos)
          << ::testing::PrintToString(command) << " " << option;
    }
  }
  for (const char* section : {".SH SYNOPSIS", ".SH FILES", ".SH EXIT STATUS", ".SH ENVIRONMENT"})
    EXPECT_NE(page.find(section), std::string::npos) << section;
}

// Object keys of `j`, except the names people choose (providers' names).
void collect_keys(const nlohmann::json& j, const std::string& parent, std::set<std::string>& out) {
  if (j.is_array()) {
    for (const auto& v : j)
      collect_keys(v, parent, out);
    return;
  }
  if (!j.is_object()) return;
  for (const auto& [key, value] : j.items()) {
    if (parent != "providers") out.insert(key);
    collect_keys(value, key, out);
  }
}

TEST(ManPages, EveryKeyOfTheShippedExamplesIsInDdnsguardJson5) {
  auto page = man_page("ddnsguard.json.5");
  std::set<std::string> keys;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(DDNSGUARD_SOURCE_DIR) + "/data/examples")) {
    auto doc = nlohmann::json::parse(read_file(entry.path().string()), nullptr, true, true);
    collect_keys(doc, "", keys);
  }
  ASSERT_GT(keys.size(), 20u);
  for (auto key : keys) {
    // A secret's <key>_file form is documented once, for every secret.
    if (key.size() > 5 && key.ends_with("_file") && page.find(key) == std::string::npos) {
      key.resize(key.size() - 5);
      EXPECT_NE(page.find("_file"), std::string::npos);
    }
    EXPECT_NE(page.find(key), std::string::npos) << key;
  }
}

}  // namespace
}  // namespace ddnsguard::testing
