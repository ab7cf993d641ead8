#!/usr/bin/env python3
"""A simple reference learner for poll planning: a benchmark, not product code.

Given a trace (DESIGN §7 JSON lines, as `ddnsguard simulate --trace` reads them), a daily
budget of checks, a budget window and the min/max check interval, it simulates where it
would place checks and prints the detection score in the shape of `ddnsguard simulate
--json`: {changes, detected, delay_s: {mean, p50, p95, max}, checks, checks_per_day}.

Scoring follows the simulator (controller/simulator.cpp): every ip4/ip6 line whose address
differs from the family's current one is a true change; it is detected at the first check
at or after it, provided that check still sees that address (it comes before the family's
next change) and the address differs from the one last seen; delay = check - change. The
run lasts until 24 h after the last trace line. Faults and drift lines are ignored; while
the network is down a check costs budget but sees nothing.

The learner (each change becomes known only at the check that sees it: interval-censored,
it lies between the last check that saw the old address and that check):
  * three kinds of expert give an expected number of changes per 5-minute bin:
    flat (one rate), time of day (kernel density of changes over the local 5-minute slot,
    per day observed), and time since the last detected change (kernel hazard over the
    age: smoothed changes / smoothed periods that reached that age); the latter two at
    kernel widths of 2.5, 5, 15, 30 and 60 minutes; a change is spread over the bins of its
    censoring interval, its time taken as the interval's midpoint;
  * the experts are weighted by how well they predicted the past check outcomes, scored by
    the prequential interval-censored Poisson likelihood (an interval with no change scores
    -L, one with a change log(1 - e^-L), L the expected count over the interval as forecast
    at the time; 30-day forgetting). Default (--weights ml): the weights of the mixture
    sum(w_e * hazard_e) that maximise that likelihood (EM, at most hourly), which keeps the
    flat expert as background under a peaked one; --weights bayes: each expert's posterior
    weight exp(its own score), with a 1 % fixed share;
  * checks are placed with density proportional to sqrt(expected changes per bin) (the
    allocation minimising expected delay), clamped to [1/max_interval, 1/min_interval] and
    water-filled (bisection on the scale) so that it integrates to 98 % of the budget over
    the next 24 h (or the budget window when longer; plans reach 1 h further, and a plan
    that runs out is made again); what earlier plans left unspent or overspent is added to
    or taken from the next (so checks average 98 % of the budget); a token bucket holding
    one window of budget, refilled at the budget rate, enforces the budget (so after a
    quiet window up to two windows' worth may fall in one); --cap sliding holds it to
    ddnsguard's rule instead: at most budget x window checks in any window;
  * it refits at most daily and after each detected change.

Usage: tools/baseline_learner.py TRACE [--budget 288] [--window 1] [--min-interval 10]
                                       [--max-interval 1800] [--fixed-interval SECONDS]
                                       [--cap bucket|sliding]
       (--window in days; intervals in seconds; --fixed-interval: plain fixed polling,
       scored the same way, for a denominator without the ddnsguard binary)
"""
import argparse
import bisect
import json
import math
import sys
from datetime import datetime, timedelta, timezone
from itertools import accumulate

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None

DAY = 86400
BIN = 300                       # seconds per bin
TOD_BINS = DAY // BIN           # 288 slots of the local day
AGE_BINS = 9 * TOD_BINS         # ages tracked: 0-9 days
WIDTHS = (0.5, 1, 3, 6, 12)     # kernel standard deviations in bins: 2.5, 5, 15, 30, 60 min
TAIL = DAY                      # simulated past the last trace line, as the simulator does
FORGET = 30 * DAY               # time constant of the weights' memory of past checks
SHARE = 0.01                    # weight every expert keeps (fixed share)
FILL = 0.98                     # fraction of the budget the plan spends
MARGIN_BINS = 12                # plans reach 1 h past the window
EM_EVERY = 3600                 # seconds between fits of the mixture weights (at most)
EM_STEPS = 8                    # EM steps per fit (warm-started)
PRIOR_EXPECTED = 1.0            # prior of the mixture weights: one expected change's worth
PRIOR_RATE = 1.0 / TOD_BINS     # prior: one change a day ...
PRIOR_BINS = TOD_BINS           # ... worth one day of observation
KERNEL_PRIOR = 1.0              # prior exposure of the kernel experts (days or periods)


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
# Kernels


def gaussian(sd):
    """Discrete Gaussian kernel of `sd` bins, cut at 3 sd, summing to 1: (taps, offset0)."""
    r = math.ceil(3 * sd)
    w = [math.exp(-0.5 * (d / sd) ** 2) for d in range(-r, r + 1)]
    s = sum(w)
    return [x / s for x in w], -r


def kernel_cdf(kernel):
    """C(k) = sum of taps at offsets <= k, as a function (0 below, 1 above the support)."""
    taps, lo = kernel
    cum = list(accumulate(taps))

    def cdf(k):
        i = k - lo
        if i < 0:
            return 0.0
        return cum[i] if i < len(cum) else 1.0

    return cdf


# ---------------------------------------------------------------------------------------
# Experts


class Experts:
    """Sufficient statistics of the three expert kinds, updated incrementally."""

    def __init__(self):
        self.kernels = [gaussian(w) for w in WIDTHS]
        self.cdfs = [kernel_cdf(k) for k in self.kernels]
        self.names = ["flat"] + [f"tod_{5 * w:g}m" for w in WIDTHS] + [
            f"age_{5 * w:g}m" for w in WIDTHS]
        self.n_changes = 0.0
        self.observed_bins = 0.0
        self.tod_exposure = [0.0] * TOD_BINS                  # observed bins per slot
        self.tod_events = [[0.0] * TOD_BINS for _ in WIDTHS]  # smoothed change counts
        self.age_events = [[0.0] * AGE_BINS for _ in WIDTHS]
        self.age_at_risk = [[0.0] * AGE_BINS for _ in WIDTHS]  # smoothed periods reaching age
        self.last_change = None                                # estimated time, in bins

    def flat_rate(self):
        """Changes per bin, shrunk towards one a day."""
        return (self.n_changes + PRIOR_RATE * PRIOR_BINS) / (self.observed_bins + PRIOR_BINS)

    def observe(self, a, b, changed, tod):
        """Adds the check interval (a, b] (in bins, fractional) with or without a change."""
        spans = overlaps(a, b)
        self.observed_bins += b - a
        for k, w in spans:
            self.tod_exposure[tod[k]] += w
        if not changed:
            return
        self.n_changes += 1
        total = b - a
        for i, (taps, lo) in enumerate(self.kernels):
            ev = self.tod_events[i]
            for k, w in spans:
                base, share = tod[k] + lo, w / total
                for d, x in enumerate(taps):
                    ev[(base + d) % TOD_BINS] += share * x
        mid = (a + b) / 2
        if self.last_change is not None:
            self._add_age(spans, total, mid)
        self.last_change = mid

    def _add_age(self, spans, total, mid):
        """A closed period: its change spread over the interval's ages, and its at-risk
        step [0, length] smoothed with each kernel."""
        length = int(mid - self.last_change + 0.5)
        for i, (taps, lo) in enumerate(self.kernels):
            ev, risk, cdf = self.age_events[i], self.age_at_risk[i], self.cdfs[i]
            for k, w in spans:
                age, share = int(k + 0.5 - self.last_change), w / total
                for d, x in enumerate(taps):
                    j = age + lo + d
                    if 0 <= j < AGE_BINS:
                        ev[j] += share * x
            top = min(AGE_BINS, length - lo + 1)
            for j in range(top):
                risk[j] += cdf(j) - cdf(j - length - 1)

    def forecasts(self, j0, horizon, tod):
        """Expected changes per bin for bins j0..j0+horizon-1, one list per expert."""
        r0 = self.flat_rate()
        out = [[r0] * horizon]
        slots = tod[j0:j0 + horizon]
        for ev in self.tod_events:  # a slot's exposure is in days: one bin per day
            table = [(e + KERNEL_PRIOR * r0) / (x + KERNEL_PRIOR)
                     for e, x in zip(ev, self.tod_exposure)]
            out.append([table[s] for s in slots])
        for ev, risk in zip(self.age_events, self.age_at_risk):
            out.append(self._age_forecast(ev, risk, j0, horizon, r0))
        return out

    def _age_forecast(self, ev, risk, j0, horizon, r0):
        """Kernel hazard at the age each future bin will have (flat beyond the ages known
        or before any change)."""
        if self.last_change is None:
            return [r0] * horizon
        age0 = j0 + 0.5 - self.last_change
        out = []
        for j in range(horizon):
            k = int(age0 + j)
            if 0 <= k < AGE_BINS:
                out.append((ev[k] + KERNEL_PRIOR * r0) / (risk[k] + KERNEL_PRIOR))
            else:
                out.append(r0)
        return out


def overlaps(a, b):
    """[(bin, overlap)] of the interval (a, b] in fractional bins."""
    out, k = [], int(a)
    while k < b:
        lo, hi = max(a, k), min(b, k + 1)
        if hi > lo:
            out.append((k, hi - lo))
        k += 1
    return out


# ---------------------------------------------------------------------------------------
# Mixture and plan


class Plan:
    """Forecasts of every expert and the check density for the bins j0..j0+horizon-1,
    as cumulative sums so that any interval's expected count is two lookups."""

    def __init__(self, j0, forecasts, density, fallback):
        self.j0, self.horizon, self.fallback = j0, len(density), fallback
        self.rates = forecasts
        self.cum = [[0.0] + list(accumulate(f)) for f in forecasts]
        self.density = density
        self.cum_density = [0.0] + list(accumulate(density))

    def _at(self, cum, rates, x, fallback):
        """Cumulative value at fractional bin x (absolute), extended flat outside."""
        r = x - self.j0
        if r <= 0:
            return r * fallback
        if r >= self.horizon:
            return cum[-1] + (r - self.horizon) * fallback
        i = int(r)
        return cum[i] + (r - i) * rates[i]

    def expected(self, e, a, b):
        """Expert e's expected number of changes in (a, b] (fractional bins)."""
        cum, rates = self.cum[e], self.rates[e]
        return self._at(cum, rates, b, self.fallback) - self._at(cum, rates, a, self.fallback)

    def after(self, x, checks):
        """The fractional bin where `checks` more checks' worth of density has passed after
        x; None beyond the horizon."""
        target = self._at(self.cum_density, self.density, x, 0.0) + checks
        i = bisect.bisect_left(self.cum_density, target)
        if i > self.horizon:
            return None
        i = max(i, 1)
        lo = self.cum_density[i - 1]
        return self.j0 + i - 1 + (target - lo) / self.density[i - 1]


def water_fill(q, total, lo, hi):
    """Density c_j = clamp(s * q_j, lo, hi) with sum(c) = total, the scale s found by
    bisection (on sorted q with prefix sums, so each step costs two binary searches);
    uniform when the clamps cannot be met (a budget below 1/max_interval)."""
    n = len(q)
    if total <= lo * n:
        return [total / n] * n
    if total >= hi * n:
        return [hi] * n
    qs = sorted(q)
    prefix = [0.0] + list(accumulate(qs))

    def filled(s):
        a = bisect.bisect_left(qs, lo / s)
        b = bisect.bisect_left(qs, hi / s)
        return lo * a + s * (prefix[b] - prefix[a]) + hi * (n - b)

    positive = [x for x in qs if x > 0]
    if not positive:
        return [total / n] * n
    s_lo, s_hi = lo / positive[-1], hi / positive[0]  # all at lo ... all at hi
    for _ in range(200):
        s = math.sqrt(s_lo * s_hi)  # bisection in log scale: the range spans decades
        if filled(s) < total:
            s_lo = s
        else:
            s_hi = s
        if s_hi - s_lo <= 1e-12 * s_hi:
            break
    s = (s_lo + s_hi) / 2
    return [min(hi, max(lo, s * x)) for x in q]


class BayesWeights:
    """Each expert weighted by exp(its forgetful prequential log score), with a fixed share:
    in effect, the posterior probability that it is the right model."""

    def __init__(self, n):
        self.scores = [0.0] * n

    def update(self, lams, changed, dt_s, now_s):
        """Scores one check interval: -L without a change, log(1 - e^-L) with one."""
        decay = math.exp(-dt_s / FORGET)
        for e, lam in enumerate(lams):
            gain = math.log(-math.expm1(-max(lam, 1e-12))) if changed else -lam
            self.scores[e] = self.scores[e] * decay + gain

    def weights(self, now_s):
        """Softmax of the scores, each weight at least SHARE / n."""
        top = max(self.scores)
        raw = [math.exp(s - top) for s in self.scores]
        total, n = sum(raw), len(raw)
        return [(1 - SHARE) * r / total + SHARE / n for r in raw]


class MixtureWeights:
    """Weights w >= 0 of the superposition sum(w_e * hazard_e) that maximise the forgetful
    prequential interval-censored likelihood of the past checks,
        sum over intervals without a change of -w.L  +  over those with one log(1 - e^-w.L),
    (L: the experts' expected counts over the interval, as forecast at the time), with a
    weak Gamma prior towards equal weights; fitted by multiplicative EM steps. Unlike
    posterior weights it can keep a share of the flat expert as background under a peaked
    one (a nightly re-dial plus random outages)."""

    def __init__(self, n):
        self.n = n
        self.w = [1.0 / n] * n
        self.quiet = [0.0] * n   # decayed sum of L over the intervals without a change
        self.quiet_at = 0.0
        self.changed = []        # (time, L vector) of the intervals with a change
        self.fitted_at = None

    def update(self, lams, changed, dt_s, now_s):
        """Books one check interval: its L vector kept if it held a change, else summed."""
        if changed:
            self.changed.append((now_s, list(lams)))
            return
        decay = math.exp(-(now_s - self.quiet_at) / FORGET)
        self.quiet = [q * decay + lam for q, lam in zip(self.quiet, lams)]
        self.quiet_at = now_s

    def weights(self, now_s):
        """The weights, refitted when the last fit is EM_EVERY old (warm-started)."""
        if self.fitted_at is not None and now_s - self.fitted_at < EM_EVERY:
            return self.w
        self.fitted_at = now_s
        self.changed = [(t, lams) for t, lams in self.changed if now_s - t < 6 * FORGET]
        decay = math.exp(-(now_s - self.quiet_at) / FORGET)
        quiet = [q * decay + PRIOR_EXPECTED for q in self.quiet]
        rows = [(math.exp(-(now_s - t) / FORGET), lams) for t, lams in self.changed]
        w = self.w
        for _ in range(EM_STEPS):
            gain = [PRIOR_EXPECTED / self.n] * self.n
            for d, lams in rows:
                x = sum(wi * li for wi, li in zip(w, lams))
                phi = d / math.expm1(max(x, 1e-12))  # d/dx log(1 - e^-x), decayed
                for e in range(self.n):
                    gain[e] += w[e] * lams[e] * phi
            w = [max(g / q, 1e-6) for g, q in zip(gain, quiet)]
        self.w = w
        return w


class Learner:
    """The mixture of experts and the check plan it implies."""

    def __init__(self, tod, budget, window_days, min_interval, max_interval, weighting="ml",
                 save=True):
        self.tod = tod
        self.experts = Experts()
        n = len(self.experts.names)
        self.weighting = MixtureWeights(n) if weighting == "ml" else BayesWeights(n)
        self.horizon = int(round(window_days * TOD_BINS)) + MARGIN_BINS
        self.per_bin = FILL * budget / TOD_BINS   # the plan's share of the budget per bin
        self.credit_cap = budget * window_days
        # Under a sliding cap nothing can be saved: a plan never counts on unspent checks.
        self.credit_max = self.credit_cap if save else 0.0
        self.credit = 0.0                         # planned share accrued minus checks spent
        self.credit_at = 0.0
        self.lo, self.hi = BIN / max_interval, BIN / min_interval
        self.min_interval, self.max_interval = min_interval, max_interval
        self.plan = None
        self.now = 0.0

    def weights(self):
        """The experts' current weights."""
        return self.weighting.weights(self.now)

    def observe(self, a_s, b_s, changed):
        """A check at b_s that saw a change (or not) since the previous good check at a_s:
        scored by every expert's forecast, then added to the statistics."""
        a, b = a_s / BIN, b_s / BIN
        self.now = b_s
        if self.plan is not None:
            lams = [self.plan.expected(e, a, b) for e in range(len(self.experts.names))]
            self.weighting.update(lams, changed, b_s - a_s, b_s)
        self.experts.observe(a, b, changed, self.tod)

    def spend(self, now_s):
        """Books one check against the plan's share of the budget (98 % of it accrues)."""
        self._accrue(now_s)
        self.credit -= 1

    def _accrue(self, now_s):
        """The credit grows by the plan's share since the last booking, within +-one window."""
        self.credit += (now_s - self.credit_at) / BIN * self.per_bin
        self.credit = max(-self.credit_cap, min(self.credit_max, self.credit))
        self.credit_at = now_s

    def refit(self, now_s):
        """New forecasts and check density for the next window (plus a margin) from now:
        the window's share of the budget plus what earlier plans left unspent (or minus
        what they overspent), so that checks average 98 % of the budget."""
        self._accrue(now_s)
        self.now = now_s
        j0 = int(now_s // BIN)
        forecasts = self.experts.forecasts(j0, self.horizon, self.tod)
        w = self.weights()
        mix = [sum(wi * f[j] for wi, f in zip(w, forecasts)) for j in range(self.horizon)]
        total = max(self.per_bin * self.horizon + self.credit, self.per_bin * self.horizon / 4)
        density = water_fill([math.sqrt(x) for x in mix], total, self.lo, self.hi)
        self.plan = Plan(j0, forecasts, density, self.experts.flat_rate())

    def next_check(self, now_s):
        """Time of the next check: one check's worth of planned density after now (a plan
        that runs out is made again from now)."""
        x = self.plan.after(now_s / BIN, 1.0)
        if x is None:
            self.refit(now_s)
            x = self.plan.after(now_s / BIN, 1.0)
        t = x * BIN if x is not None else now_s + self.max_interval
        return min(max(t, now_s + self.min_interval), now_s + self.max_interval)


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


def parse_args(argv):
    """Command line (see the module docstring)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("trace")
    p.add_argument("--budget", type=float, default=288, help="checks per day (default 288)")
    p.add_argument("--window", type=float, default=1, help="budget window in days (1-7)")
    p.add_argument("--min-interval", type=float, default=10, help="seconds (default 10)")
    p.add_argument("--max-interval", type=float, default=1800, help="seconds (default 1800)")
    p.add_argument("--fixed-interval", type=float, help="fixed polling every N seconds instead")
    p.add_argument("--weights", choices=("ml", "bayes"), default="ml",
                   help="ml: weights maximising the mixture's prequential likelihood "
                        "(default); bayes: posterior weight of each expert")
    p.add_argument("--cap", choices=("bucket", "sliding"), default="bucket",
                   help="bucket: a token bucket holding one window of budget (default); "
                        "sliding: at most budget x window checks in any window, as ddnsguard")
    p.add_argument("--verbose", action="store_true", help="final expert weights on stderr")
    a = p.parse_args(argv)
    if not (1 <= a.window <= 7) or a.budget <= 0 or not (0 < a.min_interval <= a.max_interval):
        p.error("need budget > 0, 1 <= window <= 7, 0 < min-interval <= max-interval")
    return a


def main():
    a = parse_args(sys.argv[1:])
    trace = Trace(a.trace)
    if a.fixed_interval:
        checks = run_fixed(trace, a.fixed_interval)
        mode = f"fixed {a.fixed_interval:g}s"
    else:
        checks = run_learner(trace, a.budget, a.window, a.min_interval, a.max_interval,
                             a.weights, a.verbose, a.cap)
        mode = f"baseline {a.budget:g}/d window {a.window:g}d ({a.cap})"
    print(json.dumps(report(trace, checks, mode)))


if __name__ == "__main__":
    main()
