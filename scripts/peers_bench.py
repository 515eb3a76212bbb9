#!/usr/bin/env python3
"""`ork run` side by side with GNU make and Snakemake on the same DAGs of no-op tasks.

Run through `scripts/bench peers [options]`. Every tool is started through its own command line
(`bin/ork run`, JVM start included; `make -jN`; `snakemake --cores N`), on a fresh state directory per
run, in alternating order within each round. Each figure is the median over the rounds; each ratio is
taken per round (tools of one round run back to back) and its median printed, so a machine whose speed
drifts between rounds still gives a fair ratio.

Shapes (NAME or NAME:N): chain:N (t0 <- t1 <- ...), wide:N (N independent tasks), widesink:N (N + one
task depending on all), fanout:N (one task, then N depending on it), lattice:N (a diamond lattice of about N tasks: sqrt(N) layers of sqrt(N), each
task depending on two neighbours of the layer before), validate3 (`ork run` of a 3-task chain next to
`ork validate` of the same file).

Tasks are `true` for ork and make; Snakemake links rules by files, so its tasks are `touch {output}`.
"""
import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORK = os.environ.get("ORK_PEERS_ORK") or os.path.join(ROOT, "bin", "ork")  # another build to compare
DEFAULT_SHAPES = ["chain:100", "widesink:500", "wide:2000", "lattice:400", "validate3"]


def dag(shape):
    """Returns (task names, {task: [dependencies]}) for a shape like chain:100."""
    kind, _, n = shape.partition(":")
    n = int(n) if n else 3
    names = []
    deps = {}
    if kind == "chain" or kind == "validate3":
        n = 3 if kind == "validate3" else n
        for i in range(n):
            names.append(f"t{i}")
            deps[f"t{i}"] = [f"t{i - 1}"] if i else []
    elif kind in ("wide", "widesink"):
        for i in range(n):
            names.append(f"t{i}")
            deps[f"t{i}"] = []
        if kind == "widesink":
            names.append("sink")
            deps["sink"] = list(names[:-1])
    elif kind == "fanout":
        names.append("root")
        deps["root"] = []
        for i in range(n):
            names.append(f"t{i}")
            deps[f"t{i}"] = ["root"]
    elif kind == "lattice":
        side = max(2, int(math.isqrt(n)))
        for layer in range(side):
            for j in range(side):
                name = f"l{layer}_{j}"
                names.append(name)
                deps[name] = [] if layer == 0 else sorted({f"l{layer - 1}_{j}", f"l{layer - 1}_{(j + 1) % side}"})
    else:
        raise SystemExit(f"peers: unknown shape '{shape}' (chain:N, wide:N, widesink:N, fanout:N, lattice:N, validate3)")
    return names, deps


def write_ork(d, names, deps):
    path = os.path.join(d, "flow.yaml")
    with open(path, "w") as f:
        f.write("name: peers\ntasks:\n")
        for t in names:
            f.write(f"  {t}:\n    executor: process\n    command: 'true'\n")
            if deps[t]:
                f.write(f"    depends_on: [{', '.join(deps[t])}]\n")
    return path


def sinks(names, deps):
    """The tasks nothing depends on: what make's `all` and Snakemake's `rule all` ask for."""
    needed = {d for t in names for d in deps[t]}
    return [t for t in names if t not in needed]


def write_make(d, names, deps):
    path = os.path.join(d, "Makefile")
    with open(path, "w") as f:
        f.write(f".PHONY: all {' '.join(names)}\nall: {' '.join(sinks(names, deps))}\n")
        for t in names:
            f.write(f"{t}: {' '.join(deps[t])}\n\t@true\n")
    return path


def write_snakefile(d, names, deps):
    path = os.path.join(d, "Snakefile")
    with open(path, "w") as f:
        f.write(f"DEPS = {deps!r}\n")
        f.write(f"rule all:\n    input: {[f'o/{t}' for t in sinks(names, deps)]!r}\n")
        f.write("rule task:\n    output: 'o/{t}'\n    input: lambda wc: ['o/' + d for d in DEPS[wc.t]]\n"
                "    shell: 'touch {output}'\n")
    return path


def timed(cmd, cwd):
    """Runs cmd; returns wall seconds, CPU seconds (user + system, children included), peak RSS MB of the
    largest process, exit code."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.stderr.write(f"peers: {' '.join(cmd)} exited {p.returncode}: {err.decode(errors='replace')[-400:]}\n")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, p.returncode


def fresh(d, *names):
    for n in names:
        p = os.path.join(d, n)
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)


def tools_for(shape, d, jobs, snakemake, snakemake_max, baseline):
    names, deps = dag(shape)
    flow = write_ork(d, names, deps)
    db = os.path.join(d, "ork.db")
    tools = [("ork run", lambda: (fresh(d, "ork.db", "ork.db-wal", "ork.db-shm", ".ork"),
                                   [ORK, "run", "--quiet", "--db", db, flow])[1])]
    for other in baseline or []:  # other builds of ork, e.g. main before a change, run in the same rounds
        label = "baseline" if len(baseline) == 1 else os.path.basename(other)
        tools.append((f"ork run [{label}]", lambda other=other: (fresh(d, "ork.db", "ork.db-wal", "ork.db-shm", ".ork"),
                                                                 [other, "run", "--quiet", "--db", db, flow])[1]))
    if shape == "validate3":
        return len(names), tools + [("ork validate", lambda: (fresh(d, ".ork"), [ORK, "validate", flow])[1])]
    write_make(d, names, deps)
    tools.append((f"make -j{jobs}", lambda: ["make", "-s", f"-j{jobs}", "-f", os.path.join(d, "Makefile")]))
    if snakemake and len(names) > snakemake_max:
        print(f"peers: Snakemake skipped on {shape}: more than --snakemake-max {snakemake_max} tasks "
              "(its DAG build grows faster than linearly: 2,000 wide took 116 s here)")
    elif snakemake:
        write_snakefile(d, names, deps)
        tools.append((f"snakemake --cores {jobs}", lambda: (fresh(d, "o", ".snakemake"),
                      [snakemake, "-q", "--cores", str(jobs), "-s", os.path.join(d, "Snakefile")])[1]))
    return len(names), tools


def find_snakemake(install):
    found = shutil.which("snakemake")
    if found or not install:
        return found, None if found else "not on PATH (--no-install given)"
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "not on PATH and cannot apt-get install it here (needs root and apt-get): apt-get install snakemake"
    print("peers: installing Debian's snakemake (apt-get update && apt-get install -y snakemake)...", file=sys.stderr)
    ok = subprocess.run("apt-get update -qq && apt-get install -y -qq snakemake", shell=True,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    return (shutil.which("snakemake"), None) if ok else (None, "apt-get install snakemake failed")


def main():
    ap = argparse.ArgumentParser(prog="scripts/bench peers", description=__doc__.split("\n")[0])
    ap.add_argument("shapes", nargs="*", default=DEFAULT_SHAPES, help=f"default: {' '.join(DEFAULT_SHAPES)}")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2, help="make -j / snakemake --cores (default 2)")
    ap.add_argument("--baseline", metavar="ORK", action="append",
                    help="another `ork` launcher (e.g. a build of main) to run in the same rounds; repeatable")
    ap.add_argument("--no-snakemake", action="store_true")
    ap.add_argument("--snakemake-max", type=int, default=600, help="skip Snakemake on larger DAGs (default 600)")
    ap.add_argument("--no-install", action="store_true", help="do not apt-get install snakemake when missing")
    a = ap.parse_args()
    snakemake, why = (None, "--no-snakemake given") if a.no_snakemake else find_snakemake(not a.no_install)
    if why:
        print(f"peers: Snakemake skipped: {why}")
    subprocess.run([ORK, "--version"], stdout=subprocess.DEVNULL)  # builds the jar and its CDS archive first
    versions = [subprocess.run(c, capture_output=True, text=True, shell=True).stdout.strip().splitlines()[:1]
                for c in ("make --version", f"{snakemake} --version" if snakemake else "true")]
    print(f"peers: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}, {a.rounds} rounds, {' / '.join(v[0] for v in versions if v)}")
    header = (f"{'shape':<14} {'tasks':>6} {'tool':<22} {'wall s':>8} {'tasks/s':>9} {'cpu s':>7} {'peak MB':>8}"
              f" {'ork / tool':>11}")
    print(header)
    for shape in a.shapes:
        with tempfile.TemporaryDirectory(prefix="ork-peers-") as d:
            n, tools = tools_for(shape, d, a.jobs, snakemake, a.snakemake_max, a.baseline)
            walls = {name: [] for name, _ in tools}
            rss = {name: [] for name, _ in tools}
            cpu = {name: [] for name, _ in tools}
            for r in range(a.rounds):
                order = tools[r % len(tools):] + tools[:r % len(tools)]  # rotate who goes first
                for name, cmd in order:
                    w, c, m, rc = timed(cmd(), d)
                    walls[name].append(w if rc == 0 else float("nan"))
                    cpu[name].append(c)
                    rss[name].append(m)
            ork = walls["ork run"]
            for name, _ in tools:
                med = statistics.median(walls[name])
                ratio = "" if name == "ork run" else f"{statistics.median(o / t for o, t in zip(ork, walls[name])):.2f}x"
                print(f"{shape:<14} {n:>6} {name:<22} {med:>8.3f} {n / med:>9.0f} {statistics.median(cpu[name]):>7.2f}"
                      f" {statistics.median(rss[name]):>8.0f} {ratio:>11}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
