"""Was the machine quiet while a bench ran? The load before and after, and whose CPU it was.

    with LoadWatch() as load:
        ...                                    # the measured work
    print(load.summary())                      # figures and the verdict, in words
    load.as_dict()                             # the same figures for the JSON line

The 1-minute load average alone cannot tell: it decays with a one-minute time
constant, so a bench that kept both cores busy leaves it near 2 for about a
minute after it ended, and a second run started then looks loaded though
nothing else runs. It does not say whose work it counts either. So a run is
called quiet only when both hold:

* the 1-minute load average before the run is at most `QUIET_LOAD_PER_CPU` per
  CPU (0.5 on 2 cores; `wait_for_quiet` waits for it), and
* other processes used at most `QUIET_OTHERS_SHARE` of the CPUs during the run:
  /proc/stat's busy time of all CPUs minus this process tree's own CPU time.

Anything else is reported as a LOADED run, with the reason; compare variants
measured interleaved within that run, not its absolute figures.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

# The most 1-minute load per CPU, before the run, for a run to be called quiet.
QUIET_LOAD_PER_CPU = 0.25
# The most CPU share other processes may use during the run for it to be called quiet.
QUIET_OTHERS_SHARE = 0.10
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_busy_s() -> float:
    """Seconds of CPU time all CPUs spent busy since boot (/proc/stat; 0 off Linux)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(x) for x in fields[:8]]  # user nice system idle iowait irq softirq steal
    return (sum(ticks) - ticks[3] - ticks[4]) / _TICK


def tree_cpu_s(pid: int | str = "self") -> float:
    """CPU seconds used by process `pid`, its reaped children and its live descendants."""
    from memory import descendants

    total = 0.0
    for p in [pid, *descendants(pid)]:
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        # utime stime cutime cstime are fields 14-17 (1-based), 12-15 after the name
        total += sum(int(x) for x in fields[11:15]) / _TICK
    return total


def wait_for_quiet(max_wait_s: float, log: object = print) -> float:
    """Wait up to `max_wait_s` for the 1-minute load to fall to the quiet level; the load."""
    limit = QUIET_LOAD_PER_CPU * (os.cpu_count() or 1)
    deadline = time.monotonic() + max_wait_s
    while (load := os.getloadavg()[0]) > limit and time.monotonic() < deadline:
        if callable(log):
            log(f"  waiting for a quiet machine: 1-minute load {load:.2f} > {limit:.2f}")
        time.sleep(10)
    return load


@dataclass
class LoadWatch:
    """The machine's load around a block of work, and the verdict (see the module doc)."""

    cpus: int = field(default_factory=lambda: os.cpu_count() or 1)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    seconds: float = 0.0
    others_share: float = 0.0  # share of all CPUs other processes used during the block
    own_share: float = 0.0  # share of all CPUs this process tree used
    _start: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def __enter__(self) -> LoadWatch:
        self.load_before = os.getloadavg()
        self._start = (time.monotonic(), cpu_busy_s(), tree_cpu_s())
        return self

    def __exit__(self, *exc: object) -> None:
        wall0, busy0, own0 = self._start
        self.seconds = time.monotonic() - wall0
        capacity = max(1e-9, self.seconds * self.cpus)
        own = tree_cpu_s() - own0
        self.own_share = own / capacity
        self.others_share = max(0.0, (cpu_busy_s() - busy0 - own) / capacity)
        self.load_after = os.getloadavg()

    @property
    def quiet(self) -> bool:
        return not self.reasons()

    def reasons(self) -> list[str]:
        """Why the run is not called quiet (empty when it is)."""
        out = []
        limit = QUIET_LOAD_PER_CPU * self.cpus
        if self.load_before[0] > limit:
            why = (f"the 1-minute load was {self.load_before[0]:.2f} before the run (quiet: "
                   f"<= {limit:.2f})")
            if self.others_share <= QUIET_OTHERS_SHARE:
                why += (" though others used little CPU during it: probably an earlier run's "
                        f"work, which keeps the average near {self.cpus} for about a minute "
                        "after it ends (--wait-quiet waits for it)")
            out.append(why)
        if self.others_share > QUIET_OTHERS_SHARE:
            out.append(f"other processes used {self.others_share:.0%} of the CPUs during the run "
                       f"(quiet: <= {QUIET_OTHERS_SHARE:.0%})")
        return out

    def summary(self) -> str:
        head = (f"load average {self.load_before[0]:.2f} before, {self.load_after[0]:.2f} after; "
                f"during the {self.seconds:.0f} s run this bench used {self.own_share:.0%} of the "
                f"{self.cpus} CPUs, other processes {self.others_share:.0%}")
        if self.quiet:
            return f"{head}: a quiet machine"
        return f"{head}: a LOADED machine ({'; '.join(self.reasons())}); compare ratios only"

    def as_dict(self) -> dict[str, object]:
        return {"load_avg_before": round(self.load_before[0], 2),
                "load_avg_after": round(self.load_after[0], 2),
                "others_cpu_share": round(self.others_share, 3),
                "own_cpu_share": round(self.own_share, 3), "quiet": self.quiet}


__all__ = ["LoadWatch", "cpu_busy_s", "tree_cpu_s", "wait_for_quiet"]
