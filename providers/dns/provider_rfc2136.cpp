#include "providers/dns/provider_rfc2136.hpp"

#include <fmt/format.h>

#include "providers/net/dns_name.hpp"
#include "providers/net/ldns_resolver.hpp"

namespace ddnsguard::providers {

namespace {

const std::vector<std::string> k_algorithms = {"hmac-sha256", "hmac-sha512", "hmac-sha384",
                                               "hmac-sha224", "hmac-sha1",   "hmac-md5"};

// "delete the RRset": owner, type, class ANY, TTL 0, no rdata (§7.1).
LdnsRr delete_rrset(const Record& rec) {
  LdnsRr rr{ldns_rr_new()};
  if (!rr) return rr;
  ldns_rr_set_owner(rr.get(), ldns_dname_new_frm_str(dns_absolute(rec.name).c_str()));
  ldns_rr_set_type(rr.get(), rec.family == Family::ipv4 ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA);
  ldns_rr_set_class(rr.get(), LDNS_RR_CLASS_ANY);
  ldns_rr_set_ttl(rr.get(), 0);
  return rr;
}

LdnsRr add_record(const Record& rec, const Address& addr) {
  ldns_rr* raw = nullptr;
  auto text =
      fmt::format("{} {} IN {} {}", dns_absolute(rec.name), rec.ttl, rec.type(), addr.to_string());
  if (ldns_rr_new_frm_str(&raw, text.c_str(), 0, nullptr, nullptr) != LDNS_STATUS_OK) raw = nullptr;
  return LdnsRr{raw};
}

}  // namespace

std::optional<ErrorClass> rfc2136_rcode_class(int rcode) {
  switch (rcode) {
  case LDNS_RCODE_NOERROR:
    return std::nullopt;
  case LDNS_RCODE_SERVFAIL:
    return ErrorClass::transient;
  case LDNS_RCODE_REFUSED:  // not allowed by policy, or unsigned where a key is required
  case LDNS_RCODE_NOTAUTH:  // not authoritative, or a TSIG failure
    return ErrorClass::auth;
  case LDNS_RCODE_NOTIMPL:
  case LDNS_RCODE_NOTZONE:
  case LDNS_RCODE_NXDOMAIN:
  case LDNS_RCODE_YXDOMAIN:
  case LDNS_RCODE_YXRRSET:
  case LDNS_RCODE_NXRRSET:
    return ErrorClass::config;
  default:
    return ErrorClass::invalid_response;
  }
}

Rfc2136Provider::Rfc2136Provider(std::string name, std::shared_ptr<const Rfc2136Options> options,
                                 ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string Rfc2136Provider::describe() const {
  return fmt::format("rfc2136 server={}:{} zone={} key_name={} key_algorithm={} key_secret={}",
                     m_opt->server.host, m_opt->server.port, m_opt->zone, m_opt->key_name,
                     m_opt->key_algorithm, m_opt->key_secret);
}

std::optional<ProviderSpec> Rfc2136Provider::parse(const std::string& name, ObjectReader& r) {
  Rfc2136Options o;
  auto server = r.string("server", Required::yes);
  auto port = r.integer("port", 1, 65535);
  auto zone = r.string("zone", Required::yes);
  auto key_name = r.string("key_name", Required::yes);
  o.key_algorithm = r.choice("key_algorithm", k_algorithms).value_or(o.key_algorithm);
  auto secret = r.secret("key_secret");
  bool good = server && zone && key_name && secret;
  if (server) {
    auto spec = parse_server_spec(*server, static_cast<std::uint16_t>(port.value_or(53)));
    if (!spec) {
      r.context().problem(r.path() / "server", "must be a host name or address, without port");
      good = false;
    } else {
      o.server = *spec;
      if (port) o.server.port = static_cast<std::uint16_t>(*port);
    }
  }
  if (!good) return std::nullopt;
  o.zone = dns_lower(*zone);
  o.key_name = dns_lower(*key_name);
  o.key_secret = std::move(*secret);
  return spec_of<Rfc2136Provider>(name, std::move(o));
}

Result<std::optional<Address>> Rfc2136Provider::do_read(const Record& rec) {
  DnsQuery q;
  q.server = m_opt->server;
  q.name = dns_absolute(rec.name);
  q.type = std::string(rec.type());
  q.recursion_desired = false;
  q.timeout = timeout();
  auto answers = dns_query(q);
  if (!answers) return tl::unexpected(answers.error());
  // Several addresses are not the single one we manage: absent, so the update replaces them.
  if (answers->size() != 1) return std::optional<Address>{};
  auto a = Address::parse(answers->front(), rec.family);
  if (!a) return fail(ErrorClass::invalid_response, "read: the answer is no address");
  return std::optional<Address>{*a};
}

Result<void> Rfc2136Provider::do_update(const Record& rec, const Address& addr) {
  if (auto in = split_zone(rec.name, m_opt->zone); !in) return tl::unexpected(in.error());
  auto res = open_resolver(m_opt->server, std::nullopt, timeout());
  if (!res) return tl::unexpected(res.error());
  ldns_resolver_set_tsig_keyname(res->get(), (m_opt->key_name + ".").c_str());
  ldns_resolver_set_tsig_algorithm(res->get(), (m_opt->key_algorithm + ".").c_str());
  ldns_resolver_set_tsig_keydata(res->get(), std::string(m_opt->key_secret.reveal()).c_str());
  LdnsRrList updates{ldns_rr_list_new()};
  auto del = delete_rrset(rec);
  auto add = add_record(rec, addr);
  if (!updates || !del || !add) return fail(ErrorClass::config, "cannot build the update");
  ldns_rr_list_push_rr(updates.get(), del.release());
  ldns_rr_list_push_rr(updates.get(), add.release());
  LdnsRrList none{ldns_rr_list_new()};
  LdnsPkt pkt{ldns_update_pkt_new(ldns_dname_new_frm_str(dns_absolute(m_opt->zone).c_str()),
                                  LDNS_RR_CLASS_IN, none.get(), updates.get(), nullptr)};
  if (!pkt) return fail(ErrorClass::config, "cannot build the update message");
  ldns_pkt_set_random_id(pkt.get());
  if (ldns_update_pkt_tsig_add(pkt.get(), res->get()) != LDNS_STATUS_OK) {
    return fail(ErrorClass::config, "cannot sign the update (is key_secret base64?)");
  }
  ldns_pkt* raw = nullptr;
  auto st = ldns_resolver_send_pkt(&raw, res->get(), pkt.get());
  LdnsPkt reply{raw};
  auto where =
      fmt::format("update {} at {}:{}", rec.subject(), m_opt->server.host, m_opt->server.port);
  if (st == LDNS_STATUS_CRYPTO_TSIG_BOGUS || st == LDNS_STATUS_CRYPTO_TSIG_ERR) {
    return fail(ErrorClass::auth, fmt::format("{}: {} (wrong key_secret or key_algorithm?)", where,
                                              ldns_get_errorstr_by_id(st)));
  }
  if (st != LDNS_STATUS_OK || !reply) {
    return fail(ErrorClass::transient,
                fmt::format("{}: no answer ({})", where, ldns_get_errorstr_by_id(st)));
  }
  auto rcode = static_cast<int>(ldns_pkt_get_rcode(reply.get()));
  if (auto cls = rfc2136_rcode_class(rcode)) {
    const ldns_lookup_table* name = ldns_lookup_by_id(ldns_rcodes, rcode);
    return fail(*cls, fmt::format("{}: {}", where, name ? name->name : std::to_string(rcode)));
  }
  return {};
}

}  // namespace ddnsguard::providers
