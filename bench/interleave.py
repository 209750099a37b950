"""Runs the timings of bench/compare.sh, interleaved.

    python3 bench/interleave.py RUNS SPEC.tsv ROWS.tsv

SPEC.tsv has one command per line: group, name, bytes, runs ("-" for RUNS),
and the command as a JSON array. The commands of one group are compared with
each other (dejargon against the bare scan, dense text against ordinary), so
they are run in rounds: every round runs each command of the group once, in
an order shuffled per round. On a virtual machine whose speed drifts by tens
of percent over seconds, running all of A's runs and then all of B's would
compare two different machines; interleaved, both see the same drift.

One warm-up round first (not for single-run commands, which are the slow
peers). Each command's wall time is its median over the rounds. Its peak RSS
is the median of three more runs under GNU time (/usr/bin/time -f %M): a
child forked from Python reports Python's own RSS (about 15 MB) as its peak
when its own is smaller, and the peak of a multi-threaded run varies by a
megabyte or two with which files share a batch. Single-run commands (the
slow peers, far above Python's RSS) and machines without GNU time use the
largest ru_maxrss of the timed runs (os.wait4) instead.
Exit codes are ignored: linters exit 1 when they find something.

ROWS.tsv gets: name, bytes, median wall s, standard deviation s, peak RSS KB.
"""

import json
import os
import tempfile
import random
import statistics
import subprocess
import sys
import time


def run_once(argv):
    """Wall seconds and peak RSS (KB) of one run of argv, output discarded."""
    quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=quiet)
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


GNU_TIME = "/usr/bin/time"


def peak_rss(argv, runs):
    """Median peak RSS (KB) of `runs` runs under GNU time, or None."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    peaks = []
    with tempfile.NamedTemporaryFile("r") as report, open(os.devnull, "wb") as devnull:
        for _ in range(runs):
            subprocess.run([GNU_TIME, "-f", "%M", "-o", report.name, *argv], stdout=devnull, stderr=devnull)
            report.seek(0)
            peaks.append(int(report.read().split()[-1]))
    return int(statistics.median(peaks))


def main():
    runs_default = int(sys.argv[1])
    spec_path, rows_path = sys.argv[2], sys.argv[3]
    groups = {}
    order = []
    for line in open(spec_path, encoding="utf-8"):
        group, name, size, runs, argv = line.rstrip("\n").split("\t")
        runs = runs_default if runs == "-" else int(runs)
        command = dict(name=name, bytes=int(size), runs=runs, argv=json.loads(argv), walls=[], rss=0)
        groups.setdefault(group, []).append(command)
        order.append(command)
    for group, commands in groups.items():
        print(f"   group {group}: {', '.join(c['name'] for c in commands)}", file=sys.stderr)
        for command in commands:
            if command["runs"] > 1:
                run_once(command["argv"])
        for round_number in range(max(c["runs"] for c in commands)):
            shuffled = [c for c in commands if round_number < c["runs"]]
            random.Random(round_number).shuffle(shuffled)
            for command in shuffled:
                wall, rss = run_once(command["argv"])
                command["walls"].append(wall)
                command["rss"] = max(command["rss"], rss)
        for command in commands:
            walls = command["walls"]
            # Single-run commands are the slow peers, far above Python's RSS.
            rss = peak_rss(command["argv"], 3) if command["runs"] > 1 else None
            if rss is not None:
                command["rss"] = rss
            print(f"   {command['name']}: {statistics.median(walls):.3f} s, {command['rss'] / 1024:.1f} MB", file=sys.stderr)
    with open(rows_path, "w", encoding="utf-8") as rows:
        for c in order:
            walls = c["walls"]
            sd = statistics.stdev(walls) if len(walls) > 1 else 0.0
            rows.write(f"{c['name']}\t{c['bytes']}\t{statistics.median(walls)}\t{sd}\t{c['rss']}\n")


if __name__ == "__main__":
    main()
