"""The experts of the reference learner (tools/baseline_learner.py): its constants (bin
size, kernel widths, forgetting, budget fill, priors), the discrete Gaussian kernels, and
Experts, the incrementally updated statistics of the flat, time-of-day and
time-since-last-change experts with their per-bin forecasts; overlaps() splits a check
interval over the 5-minute bins."""
import math
from itertools import accumulate

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
