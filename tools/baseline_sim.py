"""Simulation and scoring for the reference learner (tools/baseline_learner.py): Trace reads
a DESIGN §7 trace (true changes, address timeline, network outages, local time slots);
run_learner and run_fixed simulate where checks fall under a token bucket or sliding cap
(TokenBucket, SlidingCap); delays, stats and report score them as `ddnsguard simulate
--json` does."""
import bisect
import json
import math
import sys
from datetime import datetime, timedelta, timezone

from baseline_experts import BIN, DAY, TAIL, TOD_BINS
from baseline_planner import Learner

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None


# ---------------------------------------------------------------------------------------
# Trace


class Trace:
    """The parts of a trace the learner needs: true changes, address timeline, outages."""

    def __init__(self, path):
        with open(path) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        header, events = rows[0], sorted(rows[1:], key=lambda e: e["t"])
        self.tz = header.get("tz", "UTC")
        self.start = datetime.strptime(header["start"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=timezone.utc)
        self.end = (events[-1]["t"] if events else 0) + TAIL
        self.changes = []   # (t, family, address) for every true change
        self.timeline = []  # (t, {family: address}) after each address line
        self.downs = []     # [down, up) intervals
        self._read(events)

    def _read(self, events):
        """Fills changes, timeline and downs from the time-ordered events."""
        current, down_at = {}, None
        for e in events:
            for fam in ("ip4", "ip6"):
                if fam in e:
                    if fam in current and current[fam] != e[fam]:
                        self.changes.append((e["t"], fam, e[fam]))
                    current[fam] = e[fam]
            if "ip4" in e or "ip6" in e:
                self.timeline.append((e["t"], dict(current)))
            if e.get("network") == "down" and down_at is None:
                down_at = e["t"]
            elif e.get("network") == "up" and down_at is not None:
                self.downs.append((down_at, e["t"]))
                down_at = None
        if down_at is not None:
            self.downs.append((down_at, self.end + 1))
        self.times = [t for t, _ in self.timeline]

    def addresses_at(self, t):
        """{family: address} true at time t ({} before the first address line)."""
        i = bisect.bisect_right(self.times, t) - 1
        return self.timeline[i][1] if i >= 0 else {}

    def network_up(self, t):
        """Whether checks at t reach the sources."""
        return not any(a <= t < b for a, b in self.downs)

    def tod_of_bins(self, nbins):
        """Local 5-minute slot of each bin 0..nbins-1 (offsets looked up hourly; every
        zone used changes offset on the hour)."""
        tz = ZoneInfo(self.tz) if ZoneInfo is not None and self.tz != "UTC" else timezone.utc
        out, offset = [], 0
        for b in range(nbins):
            if b % 12 == 0:
                offset = int((self.start + timedelta(seconds=b * BIN)).astimezone(tz)
                             .utcoffset().total_seconds())
            out.append(((b * BIN + offset) // BIN) % TOD_BINS)
        return out


# ---------------------------------------------------------------------------------------
# Simulation and scoring


class TokenBucket:
    """Holds one window of budget, refilled at the budget rate: up to two windows' worth of
    checks may fall in one window after a quiet one."""

    def __init__(self, budget, window_days):
        self.capacity, self.rate = budget * window_days, budget / DAY
        self.tokens, self.last_t = self.capacity, 0.0

    def take(self, t):
        """The time (>= t) at which a check may be made; books it."""
        self.tokens = min(self.capacity, self.tokens + (t - self.last_t) * self.rate)
        if self.tokens < 1:
            t += (1 - self.tokens) / self.rate
            self.tokens = 1.0
        self.last_t, self.tokens = t, self.tokens - 1
        return t


class SlidingCap:
    """At most budget x window checks in any window (ddnsguard's rule): a check that would
    exceed it waits until the oldest check in the window leaves."""

    def __init__(self, budget, window_days):
        self.limit, self.window = max(1, math.ceil(budget * window_days)), window_days * DAY
        self.times = []

    def take(self, t):
        """The time (>= t) at which a check may be made; books it."""
        self.times = [x for x in self.times if x > t - self.window]
        if len(self.times) >= self.limit:
            t = max(t, self.times[len(self.times) - self.limit] + self.window + 1e-6)
            self.times = [x for x in self.times if x > t - self.window]
        self.times.append(t)
        return t


def run_learner(trace, budget, window_days, min_interval, max_interval, weighting="ml",
                verbose=False, cap="bucket"):
    """Simulates the learner's checks over the trace; returns [(t, addresses or None)]."""
    nbins = int((trace.end + (window_days + 2) * DAY) // BIN)
    learner = Learner(trace.tod_of_bins(nbins), budget, window_days, min_interval, max_interval,
                      weighting, save=cap != "sliding")
    limit = SlidingCap(budget, window_days) if cap == "sliding" else TokenBucket(budget,
                                                                                 window_days)
    t = 0.0
    seen, last_ok, last_refit, out = {}, None, None, []
    while t < trace.end:
        t = limit.take(t)
        learner.spend(t)
        if t >= trace.end:
            break
        if not trace.network_up(t):
            out.append((t, None))
        else:
            addrs = trace.addresses_at(t)
            out.append((t, addrs))
            changed = any(f in seen and seen[f] != a for f, a in addrs.items())
            seen.update(addrs)
            if last_ok is not None:
                learner.observe(last_ok, t, changed)
            last_ok = t
            if changed or last_refit is None or t - last_refit >= DAY:
                learner.refit(t)
                last_refit = t
        t = learner.next_check(t)
    if verbose:
        w = learner.weights()
        print(json.dumps({n: round(x, 4) for n, x in zip(learner.experts.names, w)}),
              file=sys.stderr)
    return out


def run_fixed(trace, interval):
    """Checks every `interval` seconds from the start; returns [(t, addresses or None)]."""
    out, t = [], 0.0
    while t < trace.end:
        out.append((t, trace.addresses_at(t) if trace.network_up(t) else None))
        t += interval
    return out


def recorded_changes(checks):
    """{family: ([times], [addresses])} of the address changes the checks recorded."""
    seen, rec = {}, {}
    for t, addrs in checks:
        for fam, a in (addrs or {}).items():
            if seen.get(fam) != a:
                times, values = rec.setdefault(fam, ([], []))
                times.append(t)
                values.append(a)
                seen[fam] = a
    return rec


def delays(trace, checks):
    """Detection delay of each detected true change (the simulator's rule)."""
    rec = recorded_changes(checks)
    next_of = {}
    out = []
    for i in range(len(trace.changes) - 1, -1, -1):  # the family's next change, backwards
        t, fam, addr = trace.changes[i]
        until = next_of.get(fam, math.inf)
        next_of[fam] = t
        times, values = rec.get(fam, ([], []))
        k = bisect.bisect_left(times, t)
        if k < len(times) and times[k] < until and values[k] == addr:
            out.append(times[k] - t)
    return out


def stats(v):
    """{mean, p50, p95, max} as the simulator computes them (0 when empty)."""
    if not v:
        return {"mean": 0.0, "p50": 0.0, "p95": 0.0, "max": 0.0}
    v = sorted(v)
    at = lambda q: v[math.ceil(q * len(v)) - 1]  # noqa: E731
    return {"mean": sum(v) / len(v), "p50": at(0.5), "p95": at(0.95), "max": v[-1]}


def report(trace, checks, mode):
    """The JSON report, in the shape of `ddnsguard simulate --json`."""
    d = delays(trace, checks)
    days = trace.end / DAY
    return {"mode": mode, "changes": len(trace.changes), "detected": len(d),
            "delay_s": stats(d), "checks": len(checks), "checks_per_day": len(checks) / days,
            "days": days}
