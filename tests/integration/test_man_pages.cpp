// The man pages the package ships are written by hand (data/man/): they must keep up with
// the program. Every command and every option `--help` lists is in ddnsguard(1), and every
// key the shipped example configurations use is in ddnsguard.json(5).

#include <gtest/gtest.h>

#include <algorithm>
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

// The text of ddnsguard(1) that documents `command`: from its item (".TP" then ".B run" or
// "\fBonce\fR ...") to the next command's, or the end of the section.
std::string block_of(const std::string& page, const std::string& command,
                     const std::vector<std::string>& commands) {
  auto heading = [&](const std::string& c) {
    std::smatch m;
    std::regex re("\n\\.TP\n(\\.B |\\\\fB)" + c + "(\\\\fR|\n| )");
    return std::regex_search(page, m, re) ? static_cast<std::size_t>(m.position(0))
                                          : std::string::npos;
  };
  auto from = heading(command);
  if (from == std::string::npos) return "";
  auto to = std::min(page.size(), page.find("\n.SH", from));  // the COMMANDS section ends
  for (const auto& other : commands) {
    auto at = heading(other);
    if (at != std::string::npos && at > from && at < to) to = at;
  }
  return page.substr(from, to - from);
}

TEST(ManPages, EveryCommandIsInDdnsguard1WithExactlyItsOptions) {
  auto page = man_page("ddnsguard.1");
  const std::vector<std::string> commands{
      "run",    "once",    "check-config", "status", "history", "decisions", "anomalies",
      "doctor", "service", "report",       "notify", "import",  "simulate"};
  auto global = options_of({});
  for (const auto& option : global)
    EXPECT_NE(page.find(option), std::string::npos) << option;
  for (const auto& command : commands) {
    auto block = block_of(page, command, commands);
    ASSERT_FALSE(block.empty()) << "no item for " << command;
    auto options = options_of({command});
    if (command == "service") {
      for (const char* sub : {"install", "uninstall", "status"}) {
        auto more = options_of({"service", sub});
        options.insert(more.begin(), more.end());
      }
    }
    for (const auto& option : options)
      EXPECT_NE(block.find(option), std::string::npos) << command << " " << option;
    // And nothing it does not take (a removed option must leave the page too).
    const std::regex mentioned(R"((?:^|[^a-z-])(--[a-z][a-z-]*))");
    for (std::sregex_iterator it(block.begin(), block.end(), mentioned), end; it != end; ++it) {
      std::string option = (*it)[1];
      EXPECT_TRUE(options.contains(option) || global.contains(option) || option == "--help")
          << command << " does not take " << option;
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
