"""The fixed scenarios of data/traces/ (DESIGN §7), written by `tools/gen_traces.py
[OUT_DIR]`: a DSL line reconnected in a night window, a PPPoE line re-dialled 24 h after each
session start, sticky cable DHCP, Poisson outages (mean 5 days and 1 day), multi-WAN
flapping, a daily IPv6 prefix, and a PPPoE line with mixed faults; each with fixed seeds,
plus write() for their files and fixed_traces() that writes them all."""
import json
import os
import random

from trace_common import DAY, START, Addresses, local_offset, poisson_times


def write(out, name, tz, lines, providers=("primary", "backup")):
    path = os.path.join(out, name + ".jsonl")
    with open(path, "w") as f:
        f.write(json.dumps({"start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "tz": tz,
                            "providers": list(providers)}) + "\n")
        for line in sorted(lines, key=lambda x: x["t"]):
            f.write(json.dumps(line) + "\n")
    print(f"{path}: {len(lines)} events")


def de_dsl_night_window(out):
    """Reconnect each night: 24 h minus 60-90 s after the last connect, pulled into the
    02:00-05:00 local window; rare unscheduled resyncs restart the clock."""
    rng, ad, tz, days = random.Random(1), Addresses(random.Random(11)), "Europe/Berlin", 120
    lines = [{"t": 0, "ip4": ad.next4(), "ip6": ad.next6()}]
    window = 3 * 3600  # 03:00 local
    t = DAY - 4 * 3600  # first reconnect the first night
    outages = poisson_times(rng, 20, days)
    while t < days * DAY:
        while outages and outages[0] < t:
            o = outages.pop(0)
            lines.append({"t": o + rng.randint(60, 300), "ip4": ad.next4(), "ip6": ad.next6()})
        lines.append({"t": t, "ip4": ad.next4(), "ip6": ad.next6()})
        nxt = t + DAY - rng.randint(60, 90)
        local = (nxt + local_offset(tz, nxt)) % DAY
        if local < window - 3600:  # crept out of the window: back to its start
            nxt += window - local + rng.randint(0, 300)
        t = nxt
    write(out, "de-dsl-night-window", tz, lines)


def de_dsl_24h_from_session(out):
    """Re-dial 24 h (+0-60 s) after each session start; power cuts start a new session."""
    rng, ad, days = random.Random(2), Addresses(random.Random(12)), 120
    lines = [{"t": 0, "ip4": ad.next4(), "ip6": ad.next6()}]
    session = 5 * 3600
    lines.append({"t": session, "ip4": ad.next4(), "ip6": ad.next6()})
    outages = poisson_times(rng, 14, days)
    while session < days * DAY:
        nxt = session + DAY + rng.randint(0, 60)
        if outages and outages[0] < nxt:
            o = outages.pop(0)
            nxt = max(o + rng.randint(60, 7200), session + 600)
        lines.append({"t": nxt, "ip4": ad.next4(), "ip6": ad.next6()})
        session = nxt
    write(out, "de-dsl-24h-from-session", "Europe/Berlin", lines)


def sticky_dhcp_cable(out):
    """The address lasts months: one change at a random time in a year."""
    rng, ad = random.Random(3), Addresses(random.Random(13))
    lines = [{"t": 0, "ip4": ad.next4()},
             {"t": rng.randint(60, 300) * DAY + rng.randint(0, DAY), "ip4": ad.next4()}]
    lines.append({"t": 365 * DAY - DAY, "ip4": ad.v4})  # runs the whole year
    write(out, "sticky-dhcp-cable", "America/New_York", lines)


def poisson_outages(out):
    """Memoryless: changes after outages arriving as a Poisson process, mean 5 days."""
    rng, ad = random.Random(4), Addresses(random.Random(14))
    lines = [{"t": 0, "ip4": ad.next4()}]
    lines += [{"t": t, "ip4": ad.next4()} for t in poisson_times(rng, 5, 365)]
    write(out, "poisson-outages", "UTC", lines)


def poisson_daily(out):
    """Memoryless with a mean of one day: enough changes for a tight no-harm comparison."""
    rng, ad = random.Random(7), Addresses(random.Random(17))
    lines = [{"t": 0, "ip4": ad.next4()}]
    lines += [{"t": t, "ip4": ad.next4()} for t in poisson_times(rng, 1, 365)]
    write(out, "poisson-daily", "UTC", lines)


def multi_wan_flapping(out):
    """Two WAN links: a weekly hour in which the egress alternates every 1-10 minutes."""
    rng, ad = random.Random(5), Addresses(random.Random(15))
    a, b = ad.next4(), ad.next4()
    lines = [{"t": 0, "ip4": a}]
    for week in range(9):
        t = week * 7 * DAY + rng.randint(DAY, 6 * DAY)
        end, cur = t + 3600, b
        while t < end:
            lines.append({"t": t, "ip4": cur})
            cur = a if cur == b else b
            t += rng.randint(60, 600)
        lines.append({"t": end, "ip4": a})
    lines.append({"t": 60 * DAY, "ip4": a})
    write(out, "multi-wan-flapping", "UTC", lines)


def ipv6_daily_prefix(out):
    """The delegated IPv6 prefix rotates every 22-24 h while the IPv4 address stays."""
    rng, ad = random.Random(6), Addresses(random.Random(16))
    lines = [{"t": 0, "ip4": ad.next4(), "ip6": ad.next6()}]
    t = rng.randint(3600, DAY)
    while t < 90 * DAY:
        lines.append({"t": t, "ip6": ad.next6()})
        t += rng.randint(22 * 3600, 24 * 3600)
    write(out, "ipv6-daily-prefix", "Europe/Berlin", lines)


def faults_mixed(out):
    """A PPPoE line re-dialled daily (IPv4 and IPv6) with one fault or incident every
    1-3 days, never two at once: provider 5xx bursts, timeouts and 10x latency, sources
    failing or lying, silent updates (API OK, DNS unchanged) around a re-dial, records
    changed by someone else, network outages, and revoked credentials at the very end (a
    provider stopped for auth stays stopped until the configuration changes)."""
    rng, ad, days = random.Random(8), Addresses(random.Random(18)), 90
    lines = [{"t": 0, "ip4": ad.next4(), "ip6": ad.next6()}]
    redials = []
    t = 5 * 3600
    while t < days * DAY:
        redials.append(t)
        lines.append({"t": t, "ip4": ad.next4(), "ip6": ad.next6()})
        t += DAY + rng.randint(0, 60)
    kinds = ["provider_error", "provider_timeout", "provider_latency", "source_wrong_ip",
             "source_timeout", "source_error", "silent", "drift", "network"]
    t = 3 * DAY  # a few days of calm first: the baselines need history
    n = 0
    while t < (days - 6) * DAY:
        kind = kinds[n % len(kinds)]
        n += 1
        if kind.startswith("provider_"):
            dur = rng.randint(1800, 5400)
            f = {"target": "provider:primary", "kind": kind[len("provider_"):], "for": dur}
            if f["kind"] == "latency":
                f["value"] = rng.randint(3000, 8000)
                f["for"] = rng.randint(3600, 3 * 3600)
            lines.append({"t": t, "fault": f})
            end = t + f["for"]
        elif kind.startswith("source_"):
            dur = rng.randint(3600, 3 * 3600)
            f = {"target": f"source:{rng.randint(0, 2)}", "kind": kind[len("source_"):], "for": dur}
            if f["kind"] == "wrong_ip":
                f["value"] = "198.51.100.250"
            lines.append({"t": t, "fault": f})
            end = t + dur
        elif kind == "silent":
            redial = next(r for r in redials if r > t)
            start = redial - rng.randint(300, 900)
            lines.append({"t": start, "fault": {"target": "provider:primary", "kind": "silent",
                                                "for": 2 * 3600}})
            end = start + 2 * 3600
        elif kind == "drift":
            lines.append({"t": t, "drift": {"record": "home.example.com", "value": "192.0.2.250"}})
            end = t
        else:
            dur = rng.randint(600, 3600)
            lines.append({"t": t, "network": "down"})
            lines.append({"t": t + dur, "network": "up"})
            end = t + dur
        t = end + rng.randint(DAY, 3 * DAY)
    lines.append({"t": (days - 2) * DAY, "fault": {"target": "provider:primary", "kind": "auth",
                                                   "for": 2 * DAY}})
    lines.append({"t": days * DAY, "ip4": ad.v4})
    write(out, "faults-mixed", "Europe/Berlin", lines)


def fixed_traces(out):
    """The fixed scenarios of data/traces/ (the original behaviour)."""
    os.makedirs(out, exist_ok=True)
    for gen in (de_dsl_night_window, de_dsl_24h_from_session, sticky_dhcp_cable,
                poisson_outages, poisson_daily, multi_wan_flapping, ipv6_daily_prefix,
                faults_mixed):
        gen(out)
