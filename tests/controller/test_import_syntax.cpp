// The two file formats `ddnsguard import` reads, as their own clients read them
// (docs/providers/ddclient-inadyn.md §1 and §4), and the conversions the sample files do
// not cover: a custom inadyn section as a webhook, references to the environment kept,
// files with nothing to convert.

#include <gtest/gtest.h>

#include "controller/import/ddclient_import.hpp"
#include "controller/import/ddclient_syntax.hpp"
#include "controller/import/import_common.hpp"
#include "controller/import/inadyn_import.hpp"
#include "controller/import/inadyn_syntax.hpp"

namespace ddnsguard::controller::import {
namespace {

void expect_contains(const std::string& text, const std::string& what) {
  EXPECT_NE(text.find(what), std::string::npos) << "no \"" << what << "\" in:\n" << text;
}

std::string opt(const DdclientHost& h, const std::string& key) {
  auto it = h.options.find(key);
  return it == h.options.end() ? "(none)" : it->second.text;
}

TEST(DdclientSyntax, LinesOptionsHostsAndScope) {
  auto f = parse_ddclient("# comment\n"
                          "protocol=dyndns2, server=a.example\n"
                          "login=u1 password='p#1 x'   # a hash inside a password is kept\n"
                          "zone=z, \\\n"
                          "ttl=60 \\   # still continues\n"
                          "one.example.com , two.example.com\n"
                          "three.example.com other-login other-pass\n"
                          "protocol=cloudflare four.example.com\n"
                          "password_env=MY_PW five.example.com\n"
                          "mx=late\n"
                          "one.example.com\n");
  ASSERT_EQ(f.hosts.size(), 5u);
  const auto& one = f.hosts[0];
  EXPECT_EQ(one.name, "one.example.com");
  EXPECT_EQ(one.line, 4);
  EXPECT_EQ(opt(one, "password"), "p#1 x");
  EXPECT_EQ(opt(one, "zone"), "z");
  EXPECT_EQ(opt(one, "ttl"), "60");
  EXPECT_EQ(opt(one, "server"), "a.example");
  EXPECT_EQ(opt(one, "mx"), "late");  // a global set later still applies
  EXPECT_EQ(f.hosts[1].name, "two.example.com");
  EXPECT_EQ(opt(f.hosts[2], "login"), "other-login");
  EXPECT_EQ(opt(f.hosts[2], "password"), "other-pass");
  EXPECT_EQ(opt(f.hosts[2], "zone"), "(none)");  // options of a host line are its own
  EXPECT_EQ(opt(f.hosts[3], "protocol"), "cloudflare");
  EXPECT_EQ(opt(f.hosts[4], "password"), "${MY_PW}");
  EXPECT_EQ(f.globals.at("mx").text, "late");
}

TEST(DdclientSyntax, QuotesEscapesAndJoinedLines) {
  auto f = parse_ddclient("cmd=\"/bin/ip -4 addr\",web='x y' a\\,b=1 h.example\n"
                          "protocol=dyndns2\\\n"
                          "login=x h2.example\n");
  ASSERT_EQ(f.hosts.size(), 3u) << f.hosts.size();
  EXPECT_EQ(opt(f.hosts[0], "cmd"), "/bin/ip -4 addr");
  EXPECT_EQ(opt(f.hosts[0], "web"), "x y");
  // `a\,b=1` is no option: the host part starts there, `h.example` is its login.
  EXPECT_EQ(f.hosts[0].name, "a\\");
  // ddclient joins continued lines without a space.
  EXPECT_EQ(opt(f.hosts[2], "protocol"), "dyndns2login=x");
}

TEST(DdclientDelay, Units) {
  EXPECT_EQ(parse_ddclient_delay("300"), 300);
  EXPECT_EQ(parse_ddclient_delay("5m"), 300);
  EXPECT_EQ(parse_ddclient_delay("2h"), 7200);
  EXPECT_EQ(parse_ddclient_delay("25d"), 25 * 86400);
  EXPECT_EQ(parse_ddclient_delay("3days"), 3 * 86400);
  EXPECT_FALSE(parse_ddclient_delay("never"));
  EXPECT_FALSE(parse_ddclient_delay("5w"));
  EXPECT_EQ(refresh_text(25 * 86400), "25d");
  EXPECT_EQ(refresh_text(300), "1h");
  EXPECT_EQ(refresh_text(90 * 60), "90m");
}

TEST(InadynSyntax, SectionsListsCommentsAndStrings) {
  auto f = parse_inadyn("period = 300 # seconds\n"
                        "/* a\n   block */ allow-ipv6 = true // IPv6 too\n"
                        "provider default@no-ip.com {\n"
                        "  hostname = { \"a.example.com\", 'b.example.com' }\n"
                        "  hostname += c.example.com\n"
                        "  password = \"p\\\"w\\x41${TOKEN}\"\n"
                        "  include(\"/etc/inadyn/secret\")\n"
                        "}\n"
                        "provider default@no-ip.com { username = u }\n"
                        "custom x:1 { ddns-path = '/u?h=%h\\'' }\n");
  ASSERT_TRUE(f.error.empty()) << f.error;
  EXPECT_EQ(f.globals.at("period").items.front(), "300");
  EXPECT_EQ(f.globals.at("allow-ipv6").line, 3);
  ASSERT_EQ(f.sections.size(), 2u);  // the same title twice is one section
  const auto& noip = f.sections[0];
  EXPECT_EQ(noip.options.at("hostname").items,
            (std::vector<std::string>{"a.example.com", "b.example.com", "c.example.com"}));
  EXPECT_EQ(noip.options.at("password").items.front(), "p\"wA${TOKEN}");
  EXPECT_EQ(noip.options.at("username").items.front(), "u");
  ASSERT_EQ(noip.includes.size(), 1u);
  EXPECT_EQ(f.sections[1].kind, "custom");
  EXPECT_EQ(f.sections[1].options.at("ddns-path").items.front(), "/u?h=%h'");
}

TEST(InadynSyntax, ErrorsNameTheLineAndNoValue) {
  struct Case {
    const char* text;
    const char* want;
  };
  const Case cases[] = {
      {"period 300\n", "line 1: expected '=' after an option name"},
      {"provider x {\n  password = \"s3cret\n}\n", "line 2: unterminated string"},
      {"provider x {\n  username = u\n", "provider \"x\" is not closed"},
      {"a = { b c }\n", "line 1: expected ',' or '}' in a list"},
      {"include(\"f\")\n", "line 1: expected '=' after an option name"},
      {"/* open\n", "unterminated /* comment"},
  };
  for (const auto& c : cases) {
    auto f = parse_inadyn(c.text);
    EXPECT_NE(f.error.find(c.want), std::string::npos) << c.text << " -> " << f.error;
    EXPECT_EQ(f.error.find("s3cret"), std::string::npos) << f.error;
  }
}

TEST(InadynImport, ACustomSectionBecomesAWebhookWithItsSecretInTheEnvironment) {
  auto r = import_inadyn("custom home:1 {\n"
                         "  username = me\n"
                         "  password = \"hunter2\"\n"
                         "  ddns-server = \"dns.example.net:8443\"\n"
                         "  ddns-path = \"/update?user=%u&pass=%p&host=%h&ip=%i&pct=100%%\"\n"
                         "  hostname = h.example.net\n"
                         "  ddns-response = \"updated\"\n"
                         "}\n"
                         "custom basic {\n"
                         "  username = me\n"
                         "  password = \"hunter3\"\n"
                         "  ddns-server = dns.example.org\n"
                         "  ddns-path = \"/dyn/\"\n"
                         "  hostname = b.example.org\n"
                         "}\n",
                         "inadyn.conf");
  ASSERT_TRUE(r.converted) << r.text;
  EXPECT_EQ(r.text.find("hunter"), std::string::npos) << r.text;
  // %u may be a token too: both credentials go to the environment.
  expect_contains(r.text, "\"url\": \"https://dns.example.net:8443/update?user="
                          "${DDNSGUARD_WEBHOOK_USERNAME}&pass=${DDNSGUARD_WEBHOOK_PASSWORD}"
                          "&host={name}&ip={address}&pct=100%\"");
  expect_contains(r.text, "\"success_body\": \"updated\"");
  // Without %p inadyn authenticates with HTTP Basic; the URL gets the name appended.
  expect_contains(r.text, "\"url\": \"https://dns.example.org/dyn/{name}\"");
  expect_contains(r.text, "\"Authorization: Basic ${DDNSGUARD_WEBHOOK_2_BASIC_AUTH}\"");
  expect_contains(r.text, "DDNSGUARD_WEBHOOK_2_BASIC_AUTH  basic_auth of provider \"webhook_2\" "
                          "(line 11): base64 of username:password");
}

TEST(InadynImport, EnvironmentReferencesAreKeptAndUnknownProvidersListed) {
  auto r = import_inadyn("provider default@cloudflare.com {\n"
                         "  username = example.com\n"
                         "  password = \"${CF_TOKEN}\"\n"
                         "  hostname = home.example.com\n"
                         "  wildcard = true\n"
                         "}\n"
                         "provider default@twodns.de { username = a password = b hostname = c }\n",
                         "inadyn.conf");
  ASSERT_TRUE(r.converted) << r.text;
  expect_contains(r.text, "\"api_token\": \"${CF_TOKEN}\"");
  EXPECT_EQ(r.text.find("DDNSGUARD_CLOUDFLARE_API_TOKEN"), std::string::npos) << r.text;
  expect_contains(r.text, "line 5: wildcard is not converted");
  expect_contains(r.text, "line 7: provider default@twodns.de: no ddnsguard provider speaks it");
}

TEST(Import, NothingToConvertIsSaid) {
  auto none = import_ddclient("protocol=changeip, login=a, password=b h.example.com\n", "d.conf",
                              [](const std::string&) { return std::optional<std::string>(); });
  EXPECT_FALSE(none.converted);
  expect_contains(none.text, "no host could be converted");
  EXPECT_EQ(none.text.find("password=b"), std::string::npos) << none.text;
  auto bad = import_inadyn("period 300\n", "i.conf");
  EXPECT_FALSE(bad.converted);
  EXPECT_EQ(bad.error, "i.conf: line 1: expected '=' after an option name");
}

TEST(Import, NoSecretReachesTheOutputWhateverTheKey) {
  auto none = [](const std::string&) { return std::optional<std::string>(); };
  auto inadyn = import_inadyn("password = \"top-secret-1\"\n"  // a global no inadyn knows
                              "provider default@cloudflare.com {\n"
                              "  username = example.com\n"
                              "  password = \"${CF_TOKEN:-top-secret-2}\"\n"
                              "  api-key = top-secret-3\n"
                              "  hostname = home.example.com\n"
                              "}\n"
                              "custom c {\n"
                              "  ddns-server = dyn.example.net\n"
                              "  ddns-path = \"/u?h=%h&token=top-secret-4&Key=top-secret-5\"\n"
                              "  hostname = c.example.net\n"
                              "}\n",
                              "inadyn.conf");
  ASSERT_TRUE(inadyn.converted) << inadyn.text;
  auto ddclient =
      import_ddclient("protocol=nsupdate, zone=example.com, server=ns:99999, "
                      "password=top-secret-6 h.example.com\n"
                      "fw-password=top-secret-7\n"
                      "secretapikey=top-secret-8\n"
                      "protocol=dyndns2 login=u password='top-secret-9' d.example.com\n",
                      "ddclient.conf", none);
  ASSERT_TRUE(ddclient.converted) << ddclient.text;
  for (const auto* r : {&inadyn, &ddclient}) {
    EXPECT_EQ(r->text.find("top-secret"), std::string::npos) << r->text;
  }
  expect_contains(inadyn.text, "h={name}&token=${DDNSGUARD_WEBHOOK_QUERY_TOKEN}&Key="
                               "${DDNSGUARD_WEBHOOK_QUERY_KEY}");
  EXPECT_NE(inadyn.text.find("line 1: password is not converted"), std::string::npos);
  expect_contains(ddclient.text, "the server's port is not a number from 1 to 65535");
}

TEST(Import, HostileFilesGetAnErrorNotAHang) {
  auto none = [](const std::string&) { return std::optional<std::string>(); };
  auto long_line = import_ddclient(std::string(100000, 'a') + "\n", "d.conf", none);
  EXPECT_EQ(long_line.error, "d.conf: line 1: longer than 8192 characters");
  std::string hosts = "protocol=dyndns2\n";
  for (int i = 0; i < 1001; ++i)
    hosts += "h" + std::to_string(i) + ".example.com\n";
  EXPECT_EQ(import_ddclient(hosts, "d.conf", none).error,
            "d.conf: line 1002: more than 1000 hosts");
  std::string list = "provider default@no-ip.com { hostname = { ";
  for (int i = 0; i < 1001; ++i)
    list += "\"h" + std::to_string(i) + ".example.com\", ";
  EXPECT_NE(import_inadyn(list + "} }", "i.conf").error->find("more than 1000 values"),
            std::string::npos);
  auto nul = import_inadyn(std::string("provider a {\0 }", 15), "i.conf");
  EXPECT_TRUE(nul.error) << nul.text;
  auto escapes = import_inadyn("provider default@no-ip.com { username = \"\\777\\xZ\\\" "
                               "hostname = h.example.com }",
                               "i.conf");
  EXPECT_TRUE(escapes.error || escapes.converted);
}

TEST(Import, MappingsFollowTheClients) {
  auto none = [](const std::string&) { return std::optional<std::string>(); };
  auto d = import_ddclient("usev4=web\n"
                           "protocol=Porkbun, apikey=k, secretapikey=s home.example.co.uk\n"
                           "protocol=dyndns2, login=u, password=p, host=named.example.com\n",
                           "d.conf", none);
  expect_contains(d.text, "\"domain\": \"example.co.uk\"");
  expect_contains(d.text, "usev4=web is not a ddclient value");
  expect_contains(d.text, "\"name\": \"named.example.com\"");
  auto i = import_inadyn(
      "provider ipv6tb@he.net { username = u password = p hostname = t.example.net }\n"
      "provider Default@No-IP.com { username = u password = p alias = a.example.net }\n"
      "custom namecheap { ddns-server = dynamicdns.park-your-domain.com\n"
      "  ddns-path = \"/update?domain=%u&password=%p&host=%h\" hostname = { \"@\", \"www\" } }\n",
      "i.conf");
  expect_contains(i.text, "provider ipv6tb@he.net: no ddnsguard provider speaks it");
  expect_contains(i.text, "\"name\": \"a.example.net\"");
  expect_contains(i.text, "\"@\" is not a DNS name");
  expect_contains(i.text, "\"www\" is not a DNS name (is not a fully qualified name)");
}

TEST(ImportCommon, TsigKeyFilesGiveNameAndAlgorithmOnly) {
  auto k = read_tsig_key_file("key \"ddns-key.example\" {\n algorithm hmac-sha256;\n secret "
                              "\"abc=\";\n};\n");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->name, "ddns-key.example");
  EXPECT_EQ(k->algorithm, "hmac-sha256");
  EXPECT_FALSE(read_tsig_key_file("secret \"abc=\";"));
  EXPECT_EQ(service_name("https://dynupdate.no-ip.com/nic/update"), "no-ip");
  EXPECT_EQ(service_name("http://localhost:8080/nic/update"), "dyndns2");
}

}  // namespace
}  // namespace ddnsguard::controller::import
