#!/usr/bin/env python3
"""Generates the simulator's change traces (DESIGN §7) into data/traces/, deterministically
(fixed seeds), after the scenarios of the IP-change research: a DSL line reconnected in a
night window with daily creep, a PPPoE line re-dialled 24 h after each session start, a
cable line with sticky DHCP, memoryless (Poisson) changes, a multi-WAN host whose address
flaps, and an IPv6 prefix rotating daily while IPv4 stays.

Family mode draws one trace of a named family (tools/gen_traces.py --list-families) with
random parameters from a seed, for benchmarks over many draws (tools/bench_planner.sh).
The same (family, seed, days) always gives the same file.

Usage: tools/gen_traces.py [OUT_DIR]
       tools/gen_traces.py --family NAME --seed N [--days D] OUT_FILE   (OUT_FILE - : stdout)
       tools/gen_traces.py --list-families"""
import argparse
import json
import os
import sys

from trace_common import START
from trace_families import FAMILIES, generate_family
from trace_fixed import fixed_traces


def write_family(name, seed, days, path):
    """Writes one family trace to `path` ("-": stdout) in the header + events format."""
    tz, lines = generate_family(name, seed, days)
    header = {"start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "tz": tz,
              "providers": ["primary", "backup"]}
    text = json.dumps(header) + "\n" + "".join(
        json.dumps(line) + "\n" for line in sorted(lines, key=lambda x: x["t"]))
    if path == "-":
        sys.stdout.write(text)
    else:
        with open(path, "w") as f:
            f.write(text)
        print(f"{path}: {name} seed {seed}, {len(lines)} events, tz {tz}", file=sys.stderr)


def list_families():
    """Prints each family with its default length and the first line of its docstring."""
    for name, (gen, days) in FAMILIES.items():
        summary = " ".join(gen.__doc__.split())
        print(f"{name:16} {days:4d} d  {summary[:110]}...")


def parse_args(argv):
    """Command line: OUT_DIR for the fixed traces, or a family draw, or the family list."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", help="OUT_DIR (fixed traces) or OUT_FILE (--family)")
    p.add_argument("--family", choices=sorted(FAMILIES), help="draw one trace of this family")
    p.add_argument("--seed", type=int, help="seed of the draw (required with --family)")
    p.add_argument("--days", type=int, help="trace length in days (default: per family)")
    p.add_argument("--list-families", action="store_true", help="list the families and exit")
    a = p.parse_args(argv)
    if a.family and (a.seed is None or a.out is None):
        p.error("--family needs --seed N and OUT_FILE")
    if (a.seed is not None or a.days is not None) and not a.family:
        p.error("--seed and --days go with --family")
    if a.days is not None and a.days < 2:
        p.error("--days must be at least 2")
    return a


def main():
    a = parse_args(sys.argv[1:])
    if a.list_families:
        list_families()
    elif a.family:
        write_family(a.family, a.seed, a.days, a.out)
    else:
        fixed_traces(a.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                           "data", "traces"))


if __name__ == "__main__":
    main()
