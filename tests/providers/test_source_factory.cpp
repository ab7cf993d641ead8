#include "providers/base/socket_api.hpp"
#include "providers/sources/source_factory.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

struct Parsed {
  SourcePtr source;                   // built from the spec
  std::string description;            // the spec's
  std::vector<std::string> problems;  // "path: message"
};

Parsed parse(const char* json_text, Family family = Family::ipv4) {
  auto doc = nlohmann::json::parse(json_text);
  ConfigEnv env{[](std::string_view name) -> std::optional<std::string> {
                  if (name == "IP_URL") return "https://ip.example.net/";
                  return std::nullopt;
                },
                [](const std::string&, std::string& error) -> std::optional<std::string> {
                  error = "not in tests";
                  return std::nullopt;
                }};
  std::vector<ConfigProblem> problems;
  ConfigContext ctx{env, problems, false, {}};
  ObjectReader r(
      doc, JsonPath{} / "sources" / (family == Family::ipv4 ? "ipv4" : "ipv6") / std::size_t{0},
      ctx);
  auto spec = parse_source(r, family);
  Parsed out;
  if (spec) {
    out.source = spec->build({std::make_shared<HttpClient>()});
    out.description = spec->description;
  }
  r.finish();
  for (const auto& p : problems)
    out.problems.push_back(p.str());
  return out;
}

TEST(ParseSource, EachTypeParses) {
  struct Case {
    const char* json;
    Family family;
    const char* describe;
  };
  const Case cases[] = {
      {R"({"type":"http","url":"https://api.ipify.org"})", Family::ipv4,
       "http https://api.ipify.org"},
      {R"({"type":"http","url":"${IP_URL}","format":"json:ip"})", Family::ipv4,
       "http https://ip.example.net/ (json:ip)"},
      {R"({"type":"http","url":"https://1.1.1.1/cdn-cgi/trace","format":"trace"})", Family::ipv4,
       "http https://1.1.1.1/cdn-cgi/trace (trace)"},
      {R"({"type":"dns","server":"208.67.222.222","name":"myip.opendns.com"})", Family::ipv4,
       "dns 208.67.222.222:53 myip.opendns.com IN A"},
      {R"({"type":"dns","server":"[2620:119:35::35]:53","name":"myip.opendns.com"})", Family::ipv6,
       "dns [2620:119:35::35]:53 myip.opendns.com IN AAAA"},
      {R"({"type":"dns","server":"1.1.1.1","name":"whoami.cloudflare","qtype":"TXT",
           "class":"CH"})",
       Family::ipv4, "dns 1.1.1.1:53 whoami.cloudflare CH TXT"},
      {R"({"type":"interface","name":"eth0"})", Family::ipv6, "interface eth0"},
      {R"({"type":"command","argv":["/usr/local/bin/wan-ip","--v4"]})", Family::ipv4,
       "command /usr/local/bin/wan-ip"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    auto p = parse(c.json, c.family);
    EXPECT_TRUE(p.problems.empty()) << p.problems.front();
    ASSERT_TRUE(p.source);
    EXPECT_EQ(p.source->describe(), c.describe);
    EXPECT_EQ(p.description, c.describe);  // known before anything is built
  }
}

TEST(ParseSource, ProblemsNameTheJsonPath) {
  struct Case {
    const char* json;
    Family family;
    const char* problem;
  };
  const Case cases[] = {
      {R"({})", Family::ipv4, "sources.ipv4[0].type: is required"},
      {R"({"type":"ftp","url":"x"})", Family::ipv4,
       "sources.ipv4[0].type: must be one of http, dns, interface, command, got \"ftp\""},
      {R"({"type":"http"})", Family::ipv4, "sources.ipv4[0].url: is required"},
      {R"({"type":"http","url":"ftp://x"})", Family::ipv4,
       "sources.ipv4[0].url: must start with http:// or https://"},
      {R"({"type":"http","url":"https://x","format":"xml"})", Family::ipv4,
       "sources.ipv4[0].format: must be plain, trace or json:<field>, got \"xml\""},
      {R"({"type":"dns","name":"x"})", Family::ipv4, "sources.ipv4[0].server: is required"},
      {R"({"type":"dns","server":"1.1.1.1"})", Family::ipv4, "sources.ipv4[0].name: is required"},
      {R"({"type":"dns","server":"1.1.1.1:0","name":"x"})", Family::ipv4,
       "sources.ipv4[0].server: expected \"host\", \"host:port\" or \"[v6]:port\", got "
       "\"1.1.1.1:0\""},
      {R"({"type":"dns","server":"1.1.1.1","name":"x","qtype":"MX"})", Family::ipv4,
       "sources.ipv4[0].qtype: must be one of A, AAAA, TXT, got \"MX\""},
      {R"({"type":"dns","server":"1.1.1.1","name":"x","qtype":"AAAA"})", Family::ipv4,
       "sources.ipv4[0].qtype: AAAA cannot answer for ipv4 sources"},
      {R"({"type":"dns","server":"1.1.1.1","name":"x","class":"HS"})", Family::ipv4,
       "sources.ipv4[0].class: must be one of IN, CH, got \"HS\""},
      {R"({"type":"interface"})", Family::ipv6, "sources.ipv6[0].name: is required"},
      {R"({"type":"command"})", Family::ipv4, "sources.ipv4[0].argv: is required"},
      {R"({"type":"command","argv":[]})", Family::ipv4,
       "sources.ipv4[0].argv: must name a program: a non-empty array of strings"},
      {R"({"type":"command","argv":"/bin/get-ip"})", Family::ipv4,
       "sources.ipv4[0].argv: expected an array, got string"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    auto p = parse(c.json, c.family);
    EXPECT_FALSE(p.source);
    ASSERT_FALSE(p.problems.empty());
    EXPECT_EQ(p.problems.front(), c.problem);
  }
}

TEST(SourceFactory, InterfaceNameLongerThanTheSystemAllowsIsRefused) {
  std::string name(k_interface_name_max, 'n');  // one more than the longest allowed
  auto json = R"({"type":"interface","name":")" + name + R"("})";
  auto p = parse(json.c_str(), Family::ipv6);
  EXPECT_FALSE(p.source);
  ASSERT_FALSE(p.problems.empty());
  EXPECT_EQ(p.problems.front(),
            "sources.ipv6[0].name: not a valid interface name: \"" + name + "\"");
}

TEST(ParseSource, ServerLiteralOfTheOtherFamilyIsAProblem) {
  auto p =
      parse(R"({"type":"dns","server":"208.67.222.222","name":"myip.opendns.com"})", Family::ipv6);
  EXPECT_FALSE(p.source);
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_TRUE(p.problems[0].starts_with("sources.ipv6[0].server: 208.67.222.222 is not an ipv6"))
      << p.problems[0];
}

TEST(ParseSource, KeysOfAnotherTypeAreUnknownToFinish) {
  auto p = parse(R"({"type":"http","url":"https://x","server":"1.1.1.1"})");
  EXPECT_TRUE(p.source);  // finish(), run by the caller, reports them
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems[0], "sources.ipv4[0].server: unknown key");
}

TEST(ParseSource, UnknownTypeDoesNotAlsoFlagItsKeys) {
  auto p = parse(R"({"type":"ftp","url":"x","argv":["y"]})");
  EXPECT_EQ(p.problems.size(), 1u);
}

TEST(ParseSource, NonObjectIsAProblem) {
  auto p = parse(R"("http")");
  EXPECT_FALSE(p.source);
  EXPECT_EQ(p.problems.size(), 1u);
}

}  // namespace
}  // namespace ddnsguard::providers
