"""Shared pieces of the trace generators (tools/gen_traces.py): the trace epoch START and
DAY, the documentation-range address allocators (Addresses, and FamilyAddresses for the
families), local-time helpers (local_offset, zone, local_sod, next_local), Poisson arrival
times, the Changes collector the family generators build their lines with, and outage_gap."""
from datetime import datetime, timezone, timedelta

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None

START = datetime(2026, 1, 5, tzinfo=timezone.utc)
DAY = 86400


class Addresses:
    """Hands out documentation-range addresses, never the same twice in a row."""

    def __init__(self, rng):
        self.rng = rng
        self.v4 = None
        self.v6 = None

    def next4(self):
        while True:
            a = f"{self.rng.choice(['203.0.113', '198.51.100', '192.0.2'])}.{self.rng.randint(1, 254)}"
            if a != self.v4:
                self.v4 = a
                return a

    def next6(self):
        while True:
            a = f"2001:db8:{self.rng.randint(1, 0xffff):x}:{self.rng.randint(0, 0xff):x}00::1"
            if a != self.v6:
                self.v6 = a
                return a


def local_offset(tz, t):
    if ZoneInfo is None or tz == "UTC":
        return 0
    dt = START + timedelta(seconds=t)
    return int(dt.astimezone(ZoneInfo(tz)).utcoffset().total_seconds())


def poisson_times(rng, mean_days, days):
    t, out = 0.0, []
    while True:
        t += rng.expovariate(1.0 / (mean_days * DAY))
        if t >= days * DAY:
            return out
        out.append(int(t))


# ---------------------------------------------------------------------------------------
# Helpers of the family generators (tools/trace_families.py)


class FamilyAddresses(Addresses):
    """Documentation-range addresses whose IPv4 host part stays below .250, so that they
    never collide with the wrong or drifted values the faults use (x.x.x.250)."""

    def next4(self):
        while True:
            net = self.rng.choice(['203.0.113', '198.51.100', '192.0.2'])
            a = f"{net}.{self.rng.randint(1, 249)}"
            if a != self.v4:
                self.v4 = a
                return a


def zone(tz):
    """The tzinfo for an IANA name (UTC without zoneinfo)."""
    if ZoneInfo is None or tz == "UTC":
        return timezone.utc
    return ZoneInfo(tz)


def local_sod(tz, t):
    """Local second of the day at trace time t."""
    return (t + local_offset(tz, t)) % DAY


def next_local(tz, t, sod):
    """The first trace time at or after t whose local clock reads `sod` seconds past
    midnight (on a DST day the wall clock is taken at face value)."""
    z = zone(tz)
    loc = (START + timedelta(seconds=t)).astimezone(z)
    for add in range(3):
        d = loc.date() + timedelta(days=add)
        cand = datetime(d.year, d.month, d.day, tzinfo=z) + timedelta(seconds=sod)
        ct = int((cand - START).total_seconds())
        if ct >= t:
            return ct
    raise AssertionError("unreachable")


class Changes:
    """Collects address lines in time order, at least a few seconds apart (two changes at
    one instant would make the first unobservable)."""

    def __init__(self, ad, v4=True, v6=True):
        self.ad, self.v4, self.v6 = ad, v4, v6
        self.lines = [self._line(0)]
        self.last = 0

    def _line(self, t, v4=None, v6=None):
        line = {"t": int(t)}
        if self.v4:
            line["ip4"] = v4 if v4 is not None else self.ad.next4()
        if self.v6:
            line["ip6"] = v6 if v6 is not None else self.ad.next6()
        return line

    def renumber(self, t, v4=True, v6=True):
        """New addresses at t (only the families asked for); returns the time used."""
        t = max(int(t), self.last + 5)
        line = {"t": t}
        if self.v4 and v4:
            line["ip4"] = self.ad.next4()
        if self.v6 and v6:
            line["ip6"] = self.ad.next6()
        self.lines.append(line)
        self.last = t
        return t

    def set4(self, t, addr):
        """IPv4 becomes `addr` at t (for alternating egress addresses)."""
        t = max(int(t), self.last + 5)
        self.lines.append({"t": t, "ip4": addr})
        self.last = t
        return t

    def finish(self, days):
        """Drops what falls after `days` and ends the trace there with the addresses then
        current, unchanged (so the last line is no change); returns the lines."""
        kept = [line for line in self.lines if line["t"] < days * DAY]
        end = {"t": days * DAY}
        for line in kept:
            end.update({k: v for k, v in line.items() if k in ("ip4", "ip6")})
        return kept + [end]


def outage_gap(rng):
    """Seconds offline after a power cut or resync before the new address: 1-5 min (§1)."""
    return rng.randint(60, 300)
