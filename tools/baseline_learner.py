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
import json
import sys

from baseline_sim import Trace, report, run_fixed, run_learner


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
