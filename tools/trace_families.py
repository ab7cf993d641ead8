"""The trace families of `tools/gen_traces.py --family NAME --seed N`: the FAMILIES
registry filled by the @family decorator, one generator per family (night window, fixed
clock, 24 h and multi-day timers, IPv6 rotation, drifting timer, flapping, storms, sticky,
Poisson, mixed faults), the fault schedules of faults_mixed (primary_faults,
backup_faults), and generate_family(), which draws one trace from a seed."""
import random

from trace_common import (DAY, Changes, FamilyAddresses, local_sod, next_local, outage_gap,
                          poisson_times)


# ---------------------------------------------------------------------------------------
# Families: one trace per (family, seed), parameters drawn from the seed. References are to
# /work/shared/reference/ip-change-patterns.md ("the reference").

TIMEZONES = ("Europe/Berlin", "Asia/Shanghai", "America/New_York", "UTC")
FAMILIES = {}  # name -> (generator, default days)


def family(name, days):
    """Registers a family generator `gen(rng, ad, days) -> (tz, lines)` under `name`."""

    def register(gen):
        FAMILIES[name] = (gen, days)
        return gen

    return register


@family("night_window", 120)
def fam_night_window(rng, ad, days):
    """CPE-scheduled reconnect in a local night window (reference §1 FRITZ!Box/EasyBox,
    §6 night window and creep, §7.1): the box re-dials 24 h minus 40-120 s after the last
    connect, so the time creeps earlier each day; when it would leave the window it is
    pulled back to the window start (+0-5 min). Window start 00:00-06:00 local, width 1-3 h,
    tz drawn from TIMEZONES. Unscheduled resyncs (Poisson, mean 10-40 d) renumber the line
    and the box reconnects at a random point of the next window (inference, §7.1)."""
    tz = rng.choice(TIMEZONES)
    win, width = rng.randint(0, 12) * 1800, rng.randint(2, 6) * 1800
    creep_lo = rng.randint(40, 100)
    creep_hi = rng.randint(creep_lo, 120)
    ch = Changes(ad)
    sched = next_local(tz, rng.randint(3600, DAY), win + rng.randint(0, width))
    outages = poisson_times(rng, rng.uniform(10, 40), days)
    while sched < days * DAY:
        if outages and outages[0] < sched:
            tc = ch.renumber(outages.pop(0) + outage_gap(rng))
            sched = next_local(tz, tc + 3600, win + rng.randint(0, width))
            continue
        ch.renumber(sched)
        nxt = sched + DAY - rng.randint(creep_lo, creep_hi)
        rel = (local_sod(tz, nxt) - win) % DAY
        if rel > width:  # crept before the window (or DST pushed it past the end)
            nxt += (DAY - rel) if rel > DAY // 2 else -rel
            nxt += rng.randint(0, 300)
        sched = nxt
    return tz, ch.finish(days)


@family("fixed_clock", 90)
def fam_fixed_clock(rng, ad, days):
    """ISP re-dial at a fixed local clock time every night (reference §2 table, "fixed
    clock time": 02:02 every night, 01:xx every night; §6 phase "fixed local time"): a clock
    minute between 00:05 and 05:59 local, each night jittered by +-J, J = 0-3 min.
    Occasional outages (Poisson, mean 15-60 d) renumber the line in between (§0 mechanism 3)."""
    tz = rng.choice(TIMEZONES + ("Asia/Shanghai",))
    clock = rng.randint(5, 359) * 60
    jitter = rng.randint(0, 180)
    ch = Changes(ad)
    outages = poisson_times(rng, rng.uniform(15, 60), days)
    sched = next_local(tz, 3600, clock + rng.randint(-jitter, jitter))
    while sched < days * DAY:
        while outages and outages[0] < sched:
            o = outages.pop(0)
            if o < sched - 900:  # an outage just before the re-dial is absorbed by it
                ch.renumber(o + outage_gap(rng))
        ch.renumber(sched)
        sched = next_local(tz, sched + 6 * 3600, clock + rng.randint(-jitter, jitter))
    return tz, ch.finish(days)


@family("timer_24h", 120)
def fam_timer_24h(rng, ad, days):
    """Provider timer counted from session start (reference §1 "24 h rule", §2 22:00
    hang-up after 47.9 h, §7.2): re-dial P after each session start, P uniform in 22-26 h
    per trace, each re-dial +0-60 s late. Power cuts (Poisson, mean 7-30 d, 1 min-2 h
    offline) start a new session, so the time of day moves after every outage."""
    tz = rng.choice(TIMEZONES)
    period = rng.randint(22 * 3600, 26 * 3600)
    ch = Changes(ad)
    session = ch.renumber(rng.randint(600, DAY))
    outages = poisson_times(rng, rng.uniform(7, 30), days)
    while session < days * DAY:
        nxt = session + period + rng.randint(0, 60)
        if outages and outages[0] < nxt:
            nxt = max(outages.pop(0) + rng.randint(60, 7200), session + 600)
        session = ch.renumber(nxt)
    return tz, ch.finish(days)


@family("timer_multiday", 180)
def fam_timer_multiday(rng, ad, days):
    """Chinese PPPoE kick on a multi-day period from session start (reference §2 table:
    48 h most reported, 72 h, 120 h, 168 h; "sometimes more, sometimes less"; §7.3): P is
    one of 48/72/96/120/144/168 h (80 %) or uniform in 12 h-8 d, each re-dial jittered
    uniformly within +-W, W = 0-90 min. Outages (Poisson, mean 10-40 d) restart the session."""
    tz = rng.choice(TIMEZONES + ("Asia/Shanghai",))
    if rng.random() < 0.8:
        period = rng.choice((48, 72, 96, 120, 144, 168)) * 3600
    else:
        period = rng.randint(12 * 3600, 8 * DAY)
    window = rng.randint(0, 90) * 60
    ch = Changes(ad)
    session = ch.renumber(rng.randint(600, min(period, 2 * DAY)))
    outages = poisson_times(rng, rng.uniform(10, 40), days)
    while session < days * DAY:
        nxt = session + period + rng.randint(-window, window)
        if outages and outages[0] < nxt:
            nxt = max(outages.pop(0) + outage_gap(rng), session + 600)
        session = ch.renumber(nxt)
    return tz, ch.finish(days)


@family("ipv6_rotation", 90)
def fam_ipv6_rotation(rng, ad, days):
    """IPv6-only churn (reference §1 opnsense#3415 "new prefix every 22 h" with IPv4 up,
    second user ~48 h; §2 "every 24 hours"; §6; §7.7): the delegated prefix rotates every P
    after the last rotation, P uniform in 20-26 h (or 48 h, 1 in 4), each jittered by
    +-0-10 min, so it drifts against the clock; the IPv4 address never changes."""
    tz = rng.choice(TIMEZONES)
    period = 48 * 3600 if rng.random() < 0.25 else rng.randint(20 * 3600, 26 * 3600)
    jitter = rng.randint(0, 600)
    ch = Changes(ad)
    t = rng.randint(600, period)
    while t < days * DAY:
        t = ch.renumber(t, v4=False)
        t += period + rng.randint(-jitter, jitter)
    return tz, ch.finish(days)


@family("drifting_timer", 120)
def fam_drifting_timer(rng, ad, days):
    """A session timer whose period is not a divisor of a day, so the change time walks
    round the clock (reference §5: "36 h" unsourced but plausible; §7.7 "a 22 h period that
    drifts against the clock"): P one of 20, 22, 26, 28, 30, 32, 36, 40, 44 h, +-0-120 s per
    re-dial; rare outages (Poisson, mean 15-60 d) restart the session."""
    tz = rng.choice(TIMEZONES)
    period = rng.choice((20, 22, 26, 28, 30, 32, 36, 40, 44)) * 3600
    jitter = rng.randint(0, 120)
    ch = Changes(ad)
    session = ch.renumber(rng.randint(600, period))
    outages = poisson_times(rng, rng.uniform(15, 60), days)
    while session < days * DAY:
        nxt = session + period + rng.randint(-jitter, jitter)
        if outages and outages[0] < nxt:
            nxt = max(outages.pop(0) + outage_gap(rng), session + 600)
        session = ch.renumber(nxt)
    return tz, ch.finish(days)


@family("flapping", 90)
def fam_flapping(rng, ad, days):
    """Multi-WAN or dual-dial flapping (reference §4, §6 "switch every ~1-10 min", §7.6):
    the egress is stable on WAN A except in bursts (Poisson, 0.5-3 a week) lasting 10-90 min
    in which it alternates between A and B every 1-10 min; the burst ends on A."""
    tz = rng.choice(TIMEZONES)
    ch = Changes(ad, v6=False)
    a, b = ad.v4, ad.next4()
    ad.v4 = a
    per_week = rng.uniform(0.5, 3)
    t = 0
    for start in poisson_times(rng, 7 / per_week, days):
        if start < t + 3600:
            continue  # bursts never overlap
        end, cur, t = start + rng.randint(600, 5400), b, start
        while t < end:
            t = ch.set4(t, cur) + rng.randint(60, 600)
            cur = a if cur == b else b
        if ch.lines[-1]["ip4"] != a:
            t = ch.set4(t, a)
    ad.v4 = a
    return tz, ch.finish(days)


@family("storms_sticky", 180)
def fam_storms_sticky(rng, ad, days):
    """Reconnect storms between long sticky stretches (reference §1 QSC pastebin 0wrHtMgX:
    four reconnects within ~4 min, a new IPv4 each time; §6 "reconnect storms"; §7.8): storms
    arrive as a Poisson process with a mean gap of 2-7 weeks (at least one per trace), each
    of 3-5 re-dials 20-120 s apart with a new IPv4 address (and IPv6 prefix) every time."""
    tz = rng.choice(TIMEZONES)
    ch = Changes(ad)
    starts = poisson_times(rng, rng.uniform(14, 49), days - 1)
    starts = starts or [rng.randint(DAY, (days - 1) * DAY)]
    for start in starts:
        t = start
        for _ in range(rng.randint(3, 5)):
            t = ch.renumber(t) + rng.randint(20, 120)
    return tz, ch.finish(days)


@family("sticky", 180)
def fam_sticky(rng, ad, days):
    """Sticky DHCP (reference §0 mechanism 4, §3 US/UK cable, §6 "months to >3 years",
    §7.4): the address changes rarely, Poisson with mean 30-120 d (at least one change per
    trace); with probability 1/2 per trace the changes happen during ISP maintenance, at a
    fixed local hour 00:00-05:00 (+0-60 min) on the night after the drawn time."""
    tz = rng.choice(TIMEZONES)
    maint = rng.randint(0, 5) * 3600 if rng.random() < 0.5 else None
    ch = Changes(ad, v6=rng.random() < 0.5)
    times = poisson_times(rng, rng.uniform(30, 120), days - 2) or [rng.randint(days * DAY // 4,
                                                                           3 * days * DAY // 4)]
    for t in times:
        if maint is not None:
            t = next_local(tz, t, maint + rng.randint(0, 3600))
        ch.renumber(t)
    return tz, ch.finish(days)


@family("poisson", 120)
def fam_poisson(rng, ad, days):
    """Memoryless changes (reference §7.5 outage-driven lines, §5 Argon/IMC: changes follow
    outages): a Poisson process with mean 0.5-5 days between changes, uniform in the day.
    No learner can beat the budget-optimal flat rate here; a good one should not lose."""
    tz = rng.choice(TIMEZONES)
    ch = Changes(ad, v6=rng.random() < 0.5)
    for t in poisson_times(rng, rng.uniform(0.5, 5), days):
        ch.renumber(t)
    return tz, ch.finish(days)


def primary_faults(rng, redials, days):
    """The existing faults_mixed schedule (one incident every 1-3 days, never two at once):
    provider:primary 5xx/timeouts/latency, sources failing or lying, silent updates around a
    re-dial, drift, network outages, and revoked credentials in the last two days."""
    kinds = ["provider_error", "provider_timeout", "provider_latency", "source_wrong_ip",
             "source_timeout", "source_error", "silent", "drift", "network"]
    rng.shuffle(kinds)
    lines, t, n = [], 3 * DAY, 0
    while t < (days - 6) * DAY:
        kind = kinds[n % len(kinds)]
        n += 1
        if kind.startswith("provider_"):
            f = {"target": "provider:primary", "kind": kind[len("provider_"):],
                 "for": rng.randint(1800, 5400)}
            if f["kind"] == "latency":
                f["value"] = rng.randint(3000, 8000)
                f["for"] = rng.randint(3600, 3 * 3600)
            lines.append({"t": t, "fault": f})
            end = t + f["for"]
        elif kind.startswith("source_"):
            f = {"target": f"source:{rng.randint(0, 2)}", "kind": kind[len("source_"):],
                 "for": rng.randint(3600, 3 * 3600)}
            if f["kind"] == "wrong_ip":
                f["value"] = "198.51.100.250"
            lines.append({"t": t, "fault": f})
            end = t + f["for"]
        elif kind == "silent":
            start = next(r for r in redials if r > t) - rng.randint(300, 900)
            lines.append({"t": start, "fault": {"target": "provider:primary", "kind": "silent",
                                                "for": 2 * 3600}})
            end = start + 2 * 3600
        elif kind == "drift":
            lines.append({"t": t, "drift": {"record": "home.example.com", "value": "192.0.2.250"}})
            end = t
        else:
            dur = rng.randint(600, 3600)
            lines += [{"t": t, "network": "down"}, {"t": t + dur, "network": "up"}]
            end = t + dur
        t = end + rng.randint(DAY, 3 * DAY)
    lines.append({"t": (days - 2) * DAY, "fault": {"target": "provider:primary", "kind": "auth",
                                                   "for": 2 * DAY}})
    return lines


def backup_faults(rng, days):
    """Faults on the failover target provider:backup, never two at once: revoked
    credentials for 1-4 days, or 5xx bursts lasting 1-6 h, 4-12 days apart."""
    lines, t = [], rng.randint(4 * DAY, 10 * DAY)
    while t < (days - 8) * DAY:
        if rng.random() < 0.4:
            kind, dur = "auth", rng.randint(DAY, 4 * DAY)
        else:
            kind, dur = "error", rng.randint(3600, 6 * 3600)
        lines.append({"t": t, "fault": {"target": "provider:backup", "kind": kind, "for": dur}})
        t += dur + rng.randint(4 * DAY, 12 * DAY)
    return lines


@family("faults_mixed", 90)
def fam_faults_mixed(rng, ad, days):
    """A line re-dialled 24 h (+0-60 s) after each session start (reference §1, §7.2) with
    the incidents of faults_mixed() (DESIGN §7) on the primary provider, the sources, the
    record and the network, plus faults on the backup provider (auth for days, error
    bursts for hours). Faults on one target never overlap."""
    tz = rng.choice(TIMEZONES)
    ch = Changes(ad)
    redials, t = [], rng.randint(3600, DAY)
    while t < days * DAY:
        redials.append(ch.renumber(t))
        t = redials[-1] + DAY + rng.randint(0, 60)
    lines = ch.finish(days)
    return tz, lines + primary_faults(rng, redials, days) + backup_faults(rng, days)


def generate_family(name, seed, days=None):
    """(tz, lines) of family `name` drawn with `seed`; deterministic."""
    gen, default_days = FAMILIES[name]
    days = days or default_days
    rng = random.Random(f"{name}/{seed}")
    ad = FamilyAddresses(random.Random(f"{name}/{seed}/addresses"))
    return gen(rng, ad, days)
