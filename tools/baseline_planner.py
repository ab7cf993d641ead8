"""The planner of the reference learner (tools/baseline_learner.py): the expert weights
(MixtureWeights, maximising the mixture's prequential interval-censored likelihood by EM;
BayesWeights, posterior weights with a fixed share), the check density water-filled to the
budget (water_fill), the Plan holding forecasts and density for the next window, and
Learner, which ties experts, weights and plan together and says when to check next."""
import bisect
import math
from itertools import accumulate

from baseline_experts import (BIN, EM_EVERY, EM_STEPS, FILL, FORGET, MARGIN_BINS,
                              PRIOR_EXPECTED, SHARE, TOD_BINS, Experts)


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
