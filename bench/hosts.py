"""Many-hosts benchmark (not a test; needs root): ranks on hosts emulated by network namespaces on
this one machine (tests/e2e/emulated_hosts.py), every figure beside a baseline measured in the
same run.

1. Weak scaling of the 5-point stencil (bench/arrays/workloads.jsh, weak-2048: 2048 x 4096 rows
   per rank, --cpus 1 per rank, 60 sweeps, median of the second half): 1 rank; 2 ranks on 1 host;
   2 ranks on 2 hosts (mpirun, 1 per host); 4 ranks on 1 host and on 2 hosts (for the trend only:
   this machine has 2 cores). The ceiling: two independent 1-rank runs at once, one per host.
2. Data plane between two hosts beside a plain TCP socket between the same two addresses, and the
   cell broadcast's latency (bench/RanksBench.java under mpirun, 1 rank per host), beside the
   same two ranks on one host.
3. With 0.1 ms of added link latency (tc netem), when this machine's kernel has netem: else said.

Usage: scripts/build.sh && sudo /usr/bin/python3 bench/hosts.py
"""
import os
import pathlib
import re
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from emulated_hosts import EmulatedHosts, SYSTEM_PATH, delay_skip_reason, launcher_extra, mpirun_prefix, skip_reason  # noqa: E402

DIST = ROOT / "distribution" / "target" / "legate"
LEGATE = DIST / "bin" / "legate"
WORKLOADS = ROOT / "bench" / "arrays"


def env(hosts):
    e = hosts.env()
    e["PATH"] = os.pathsep.join([*SYSTEM_PATH, e.get("PATH", "")])
    return e


def weak(hosts, options, host=0, copies_on=()):
    """Runs the weak-scaling workload with the driver on `host` (and at once on each host of copies_on);
    the steady sweep time in ms of the first."""
    script = WORKLOADS / ".hosts.jsh"
    script.write_text((WORKLOADS / "cfd.jsh").read_text() + "\n" + (WORKLOADS / "workloads.jsh").read_text())
    try:
        cmd = [str(LEGATE), "--cpus", "1", "--sysmem", "1000", *options, str(script), "weak-2048"]
        runs = [hosts.run(h, cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(hosts))
                for h in (host, *copies_on)]
        outs = [r.communicate(timeout=1200) for r in runs]
        for r, (out, err) in zip(runs, outs):
            if r.returncode:
                raise SystemExit(f"legate {' '.join(options)} failed:\n{err[-2000:]}")
        times = [float(line.split()[1]) for line in outs[0][0].splitlines() if line.startswith("weak ")]
    finally:
        script.unlink()
    return statistics.median(times[len(times) // 2:])


def ranks_bench(hosts, per_host, indices):
    """bench/RanksBench.java as 2 ranks under mpirun through bin/legate-launch; its printed lines."""
    pre = mpirun_prefix(hosts, per_host, indices)
    cmd = [str(DIST / "bin" / "legate-launch"), *(["--local"] if len(indices) == 1 else []), *pre,
           "-n", "2", "-x", "LEGATE_SESSION_KEY", "-x", "LEGATE_LAUNCH_HOST", "--oversubscribe",
           "java", "-cp", str(DIST / "lib" / "*"), "bench/RanksBench.java"]
    p = hosts.run(indices[0], ["sh", "-c", f"cd {ROOT} && exec \"$@\"", "sh", *cmd], stdout=subprocess.PIPE,
                  stderr=subprocess.PIPE, text=True, env=env(hosts))
    out, err = p.communicate(timeout=600)
    if p.returncode:
        raise SystemExit(f"RanksBench failed:\n{err[-2000:]}")
    return [line for line in out.splitlines() if line.strip()]


def figure(lines, pattern):
    for line in lines:
        m = re.search(pattern, line)
        if m:
            return [float(g) for g in m.groups()]
    raise SystemExit(f"no {pattern!r} in {lines}")


def main():
    if reason := skip_reason(mpi=True):
        raise SystemExit(f"cannot emulate hosts here: {reason}")
    print(f"machine: {os.cpu_count()} cores; 2 hosts emulated by network namespaces on it; ms unless said", flush=True)
    with EmulatedHosts(2) as hosts:
        one = weak(hosts, [])
        apart = weak(hosts, [], copies_on=(1,))
        two_local = weak(hosts, ["--ranks-per-node", "2"])
        four_local = weak(hosts, ["--ranks-per-node", "4"])
        two_hosts = weak(hosts, ["--nodes", "2", "--ranks-per-node", "1", "--launcher", "mpirun", *launcher_extra(hosts, 1)])
        four_hosts = weak(hosts, ["--nodes", "2", "--ranks-per-node", "2", "--launcher", "mpirun", *launcher_extra(hosts, 2)])
        print("weak scaling, stencil sweep, 2048x4096 per rank, --cpus 1 per rank (steady ms per sweep):")
        print(f"  1 rank                      {one:8.2f}")
        print(f"  2 ranks on 1 host           {two_local:8.2f}   efficiency {one / two_local:.2f}")
        print(f"  2 ranks on 2 hosts          {two_hosts:8.2f}   efficiency {one / two_hosts:.2f}   "
              f"of the ceiling {apart / two_hosts:.2f}")
        print(f"  4 ranks on 1 host (trend)   {four_local:8.2f}   efficiency {one / four_local:.2f}")
        print(f"  4 ranks on 2 hosts (trend)  {four_hosts:8.2f}   efficiency {one / four_hosts:.2f}   "
              f"(4 ranks share this machine's {os.cpu_count()} cores)")
        print(f"  ceiling: two independent 1-rank runs at once, one per host: {apart:.2f} each "
              f"(efficiency {one / apart:.2f} with no communication at all)", flush=True)
        local = ranks_bench(hosts, 2, [0])
        remote = ranks_bench(hosts, 1, [0, 1])
        for label, lines in [("2 ranks on 1 host", local), ("2 ranks on 2 hosts", remote)]:
            bw, plain, ratio = figure(lines, r"bandwidth.*: ([\d.]+)\s+plain socket: ([\d.]+)\s+ratio ([\d.]+)")
            rt, prt, _ = figure(lines, r"round trip \(us\): data plane ([\d.]+)\s+plain socket ([\d.]+)\s+ratio ([\d.]+)")
            cell, = figure(lines, r"cell broadcast .*: ([\d.]+)")
            print(f"{label}: data plane {bw:.2f} GB/s, plain TCP socket {plain:.2f} GB/s, ratio {ratio:.2f}; "
                  f"8-byte round trip {rt:.0f} us (socket {prt:.0f} us); cell broadcast and answer {cell:.0f} us", flush=True)
        if why := delay_skip_reason():
            print(f"with 0.1 ms added link latency: not measured here ({why})")
        else:
            hosts.delay(1, 0.05)  # each way: a 0.1 ms longer round trip
            slow = weak(hosts, ["--nodes", "2", "--ranks-per-node", "1", "--launcher", "mpirun", *launcher_extra(hosts, 1)])
            hosts.delay(1, 0)
            print(f"with 0.1 ms added round-trip latency: 2 ranks on 2 hosts {slow:.2f}, efficiency {one / slow:.2f}")


if __name__ == "__main__":
    main()
