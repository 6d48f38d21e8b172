"""One notebook on ranks spread over several hosts, started by real launchers: Open MPI's mpirun
(placing ranks through an rsh agent) and a real Slurm (slurmctld, a slurmd per host, munge), on
hosts emulated by network namespaces (emulated_hosts.py). Rank 0 and the Jupyter client run on h0,
as they would on the first node of an allocation; every process of these tests runs inside a
namespace. Each case checks that no process is left on any host afterwards."""
import json
import os
import pathlib
import subprocess
import time

import pytest

from conftest import DIST, KERNELS, ROOT, install
from emulated_hosts import EmulatedHosts, SYSTEM_PATH, launcher_extra, skip_reason

HERE = pathlib.Path(__file__).resolve().parent
CLIENT = HERE / "multihost_client.py"
PY = "/usr/bin/python3"

reason = skip_reason(mpi=True)
pytestmark = pytest.mark.skipif(reason is not None, reason=f"emulated hosts: {reason}")


@pytest.fixture(scope="module")
def hosts():
    slurm = skip_reason(slurm=True) is None
    with EmulatedHosts(2, slurm=slurm) as h:
        h.kernels = {"mpi": install("legate-test-hosts", None, "--nodes", "2", "--ranks-per-node", "2", "--cpus", "1",
                                    "--launcher", "mpirun", *launcher_extra(h, 2)),
                     "norepl": install("legate-test-hosts-norepl", None, "--nodes", "2", "--ranks-per-node", "2", "--cpus", "1",
                                       "--launcher", "mpirun", "--no-replicate", *launcher_extra(h, 2))}
        if slurm:
            h.kernels["srun"] = install("legate-test-slurm", None, "--nodes", "2", "--ranks-per-node", "2", "--cpus", "1",
                                        "--launcher", "srun")
        yield h


def system_env(hosts, **extra):
    """The environment for h0's processes: the real srun first on PATH, not the e2e stand-in."""
    env = hosts.env(**extra)
    env["PATH"] = os.pathsep.join([*SYSTEM_PATH, env.get("PATH", "")])
    return env


def scenario(hosts, name, kernel, *args, timeout=270, env=None):
    """Runs multihost_client.py's scenario on h0; its JSON result. The timeout is under pytest's
    300 s, so that a scenario that hangs is killed with what it said (how far it got) in the failure."""
    try:
        run = hosts.check_output(0, [PY, str(CLIENT), name, kernel, *args], timeout=timeout, env=env or system_env(hosts))
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"scenario {name} still running after {timeout} s:\n{(e.stdout or '')[-3000:]}\n"
                             f"{(e.stderr or '')[-8000:]}") from None
    lines = run.stdout.strip().splitlines()
    assert run.returncode == 0 and lines, f"scenario {name} failed ({run.returncode}):\n{run.stdout[-3000:]}\n{run.stderr[-5000:]}"
    return json.loads(lines[-1])


def assert_nothing_left(hosts, seconds=15):
    deadline = time.time() + seconds
    left = hosts.leftover_pids()
    while left and time.time() < deadline:
        time.sleep(0.3)
        left = hosts.leftover_pids()
    described = subprocess.run(["ps", "-o", "pid,args", "-p", ",".join(map(str, left))], capture_output=True,
                               text=True).stdout if left else ""
    assert not left, f"processes left on the emulated hosts:\n{described}"


@pytest.fixture(scope="module")
def one_rank_bits():
    """The array cell's bits on one rank on this machine: what every host must reproduce."""
    out = subprocess.run([PY, str(CLIENT), "arrays", KERNELS["jdk17"]], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])["arrays"]


def check_basics(r, one_rank_bits, launcher):
    assert r["first"] == "2"
    info = r["legate_info"]
    assert "Ranks : 4" in info, info
    for rank, host in [(0, "h0"), (1, "h0"), (2, "h1"), (3, "h1")]:
        assert f"rank {rank} : host {host}," in info, info
    assert r["last_rank_host"] == '"h1"', r
    assert r["arrays"] == one_rank_bits, f"{launcher}: 4 ranks on 2 hosts gave other bits than 1 rank"
    assert r["arrays"].endswith('least-held=true"'), r["arrays"]  # every rank holds a piece of the split arrays
    assert r["prompt"] == "name? " and r["stdin"] == '"12/12"', r
    assert r["interrupt"]["ename"] == "Interrupted" and r["interrupt"]["s"] < 10, r["interrupt"]
    assert r["after_interrupt"] == "4.0", r


def listeners(hosts):
    """A shell command that lists each host's listening sockets, host by host."""
    return "; ".join(f"echo host {i}; ip netns exec {hosts.namespace(i)} ss -ltnpH" for i in range(hosts.n))


def check_listeners(probe):
    """Every rank's JVM listens, on its host's own address: none on the wildcard address."""
    java = {}
    host = None
    for line in probe.splitlines():
        if line.startswith("host "):
            host = int(line.split()[1])
        elif '"java"' in line:  # Java lists an IPv4 address in its IPv6 form: [::ffff:192.0.2.10]:port
            java.setdefault(host, []).append(line.split()[3].replace("[::ffff:", "").replace("]", ""))
    assert set(java) == {0, 1}, probe
    for h, addresses in java.items():
        assert all(a.startswith(f"192.0.2.1{h}:") or a.startswith("127.0.0.1:") for a in addresses), probe
        assert any(a.startswith(f"192.0.2.1{h}:") for a in addresses), probe


def test_a_kernel_on_two_hosts_through_mpirun(hosts, one_rank_bits):
    """h1 shares no Jupyter folder with h0: its ranks see neither the kernelspec nor the connection file."""
    private = system_env(hosts, EH_PRIVATE_DIRS=os.environ["JUPYTER_DATA_DIR"])
    r = scenario(hosts, "basics", hosts.kernels["mpi"], listeners(hosts), env=private)
    assert r["last_rank_sees_kernelspec"] == '"false"', r
    check_basics(r, one_rank_bits, "mpirun")
    check_listeners(r["probe"])
    assert_nothing_left(hosts)


def test_a_kernel_on_two_slurm_nodes_through_srun(hosts, one_rank_bits):
    if "srun" not in hosts.kernels:
        pytest.skip(f"no Slurm here: {skip_reason(slurm=True)}")
    r = scenario(hosts, "basics", hosts.kernels["srun"])
    check_basics(r, one_rank_bits, "srun")
    assert_nothing_left(hosts)


def test_the_cfd_notebook_on_two_hosts(hosts, tmp_path):
    nb = ROOT / "notebooks" / "02-cfd-channel-flow.ipynb"
    run = hosts.check_output(0, ["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", str(nb),
                                 f"--ExecutePreprocessor.kernel_name={hosts.kernels['mpi']}", "--ExecutePreprocessor.timeout=300",
                                 "--output-dir", str(tmp_path)], timeout=600, env=system_env(hosts))
    assert run.returncode == 0, run.stderr[-3000:]
    import nbformat
    executed = nbformat.read(tmp_path / nb.name, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    text = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    assert "steps 499, max u 3.49489615602871" in text
    assert_nothing_left(hosts)


def test_no_replicate_on_two_hosts_lets_the_other_ranks_go_at_once(hosts):
    """h1 cannot read the kernelspec: its ranks learn of --no-replicate from their command line,
    not by waiting 30 s for a rank 0 that never gathers them."""
    private = system_env(hosts, EH_PRIVATE_DIRS=os.environ["JUPYTER_DATA_DIR"])
    r = scenario(hosts, "no-replicate", hosts.kernels["norepl"], env=private)
    assert r["first"] == "2", r
    assert "(--no-replicate: cells run on rank 0 only, as one rank)" in r["legate_info"], r["legate_info"]
    assert r.get("idle_ranks_said_s") is not None and r["idle_ranks_said_s"] < 20, r["kernel_log"]
    assert "could not join" not in r["kernel_log"], r["kernel_log"]
    assert_nothing_left(hosts)


def test_a_lost_host_fails_the_running_and_later_cells_and_a_restart_works(hosts):
    ns1 = hosts.namespace(1)
    try:
        r = scenario(hosts, "lost-host", hosts.kernels["mpi"], f"ip -n {ns1} link set eth0 down", f"ip -n {ns1} link set eth0 up")
    finally:
        hosts.link(1, True)  # whatever happened, the later cases get h1 back
    assert r["before"] == "4.0"
    running = r["running"]
    print(f"lost host reported after {running['s']:.1f} s")
    assert running["ename"] == "RankLost" and running["s"] <= 10, running
    assert "host h1 (ranks 2, 3)" in running["evalue"] and "restart the kernel" in running["evalue"], running
    assert r["later"]["ename"] == "RankLost" and "host h1 (ranks 2, 3)" in r["later"]["evalue"], r["later"]
    info = r["legate_info"]
    assert "(2 lost: restart the kernel to go on)" in info, info
    assert "rank 2 : host h1" in info and info.count("LOST") == 2, info
    assert r["after_restart"] == "4.0", r
    assert_nothing_left(hosts)


def test_sigkill_of_rank_0_ends_every_rank_on_every_host(hosts):
    r = scenario(hosts, "killed-rank0", hosts.kernels["mpi"])
    assert r["launcher_ended_s"] is not None and r["launcher_ended_s"] < 20, r
    assert_nothing_left(hosts)


INTRUDER = """
set -e
# every port that listens on h0 (rank 0's and rank 1's JVMs): Hazelcast's and the data planes'
ports=$(ip netns exec {ns0} ss -ltnH | awk '{{print $4}}' | sed 's/.*://' | sort -n)
echo "ports:" $ports
for p in $ports; do
  # a data-plane peer of another session: it says it is rank 1, answers the challenge with a
  # made-up proof and sends a block anyway; the block must never arrive
  ip netns exec {ns1} {py} -c "
import os, socket, struct, time
s = socket.create_connection(('{addr0}', $p), timeout=3)
s.sendall(struct.pack('>iiii', 0x4c474450, 1, 1, 0) + os.urandom(32))
try:
    s.recv(64)
except OSError:
    pass
s.sendall(bytes(32) + struct.pack('>qi', 1, 8) + b'intruder'); time.sleep(0.5)
" || true
done
# a rank of another session aimed at rank 0's port (the lowest: rank 0's is derived below 32768, the
# others' are ephemeral): refused by the cluster name, it gives up within 30 s
first=$(for p in $ports; do [ "$p" -ge 20000 ] && [ "$p" -lt 32768 ] && echo "$p"; done | head -1)
ip netns exec {ns1} unshare --uts sh -c 'hostname h1; exec "$@"' sh env OMPI_COMM_WORLD_RANK=3 OMPI_COMM_WORLD_SIZE=4 \
    LEGATE_SESSION_KEY=$(printf '%064d' 7) LEGATE_LAUNCH_HOST={addr0} LEGATE_LAUNCH_PORT=$first \
    timeout 60 {java} -cp '{lib}/*' legate.kernel.Main && exit 9
echo "intruder exit: $?"
"""


def test_a_rank_or_peer_of_another_session_is_refused(hosts):
    script = INTRUDER.format(ns0=hosts.namespace(0), ns1=hosts.namespace(1), addr0=hosts.address(0), py=PY,
                             java=os.path.realpath(subprocess.run(["sh", "-c", "command -v java"], capture_output=True,
                                                                  text=True).stdout.strip()),
                             lib=DIST / "lib")
    t = time.time()
    r = scenario(hosts, "foreign", hosts.kernels["mpi"], script)
    assert r["before"] == "4.0" and r["after"] == "4.0", r
    intruder = r["intruder"]
    assert "intruder exit: 3" in intruder["stdout"], intruder
    assert "rank 3 on host h1 (192.0.2.11) could not join rank 0 at 192.0.2.10:" in intruder["stderr"], intruder
    assert "not a member of this session" in intruder["stderr"] or "no member of this session" in intruder["stderr"], intruder
    assert "Ranks : 4" in r["legate_info"] and "LOST" not in r["legate_info"], r["legate_info"]
    # mpirun passes every rank's standard error to the kernel's: rank 0's and rank 1's gates said so
    assert "refused a data-plane connection from 192.0.2.11" in r["kernel_log"], r["kernel_log"]
    assert time.time() - t < 200
    assert_nothing_left(hosts)


DRIVER_SCRIPT = """
var u = np.random(7).rand(768, 512);
String host = legate.runtime.launch.RankEnvironment.hostName();
System.out.println("hosts " + new String(Ranks.broadcast(host.getBytes(), 0)) + " " + new String(Ranks.broadcast(host.getBytes(), 1)));
System.out.println("sum " + Long.toHexString(Double.doubleToLongBits(np.exp(u).sum())));
System.exit(5);
"""


def test_the_legate_driver_on_two_hosts(hosts, tmp_path):
    script = tmp_path / "hosts.jsh"
    script.write_text(DRIVER_SCRIPT)
    driver = [str(DIST / "bin" / "legate"), "--nodes", "2", "--ranks-per-node", "1", "--cpus", "1", "--launcher", "mpirun",
              *launcher_extra(hosts, 1)]
    run = hosts.check_output(0, [*driver, str(script)], timeout=300, env=system_env(hosts))
    assert run.returncode == 5, run.stderr[-3000:]
    assert "hosts h0 h1" in run.stdout, run.stdout
    one = subprocess.run([str(DIST / "bin" / "legate"), str(script)], capture_output=True, text=True, timeout=300)
    assert one.returncode == 5
    assert [l for l in run.stdout.splitlines() if l.startswith("sum ")] == [l for l in one.stdout.splitlines() if l.startswith("sum ")]
    assert_nothing_left(hosts)


def test_a_rank_that_cannot_reach_rank_0_ends_the_job_within_30_s_naming_it(hosts, tmp_path):
    """h0's name resolves, on h1 only, to an address no host has: rank 1 cannot reach rank 0."""
    hosts_file = pathlib.Path(f"/etc/netns/{hosts.namespace(1)}/hosts")
    before = hosts_file.read_text()
    hosts_file.write_text(before + "192.0.2.99 h0-alias\n")
    h0_file = pathlib.Path(f"/etc/netns/{hosts.namespace(0)}/hosts")
    h0_before = h0_file.read_text()
    h0_file.write_text(h0_before + f"{hosts.address(0)} h0-alias\n")
    try:
        script = tmp_path / "never.jsh"
        script.write_text('System.out.println("ran");\n')
        driver = [str(DIST / "bin" / "legate"), "--nodes", "2", "--ranks-per-node", "1", "--cpus", "1", "--launcher", "mpirun",
                  *launcher_extra(hosts, 1)]
        t = time.time()
        run = hosts.check_output(0, [*driver, str(script)], timeout=120, env=system_env(hosts, LEGATE_LAUNCH_HOST="h0-alias"))
        took = time.time() - t
    finally:
        hosts_file.write_text(before)
        h0_file.write_text(h0_before)
    assert run.returncode != 0 and "ran" not in run.stdout, (run.returncode, run.stdout)
    print(f"the job ended after {took:.1f} s")
    assert took < 40, f"the job took {took:.1f} s to end"  # 30 s to meet, and the JVMs and members start
    err = run.stderr
    assert "rank 1 on host h1" in err and "192.0.2.99" in err, err[-3000:]
    assert "did not join rank 0 on host h0" in err, err[-3000:]
    assert_nothing_left(hosts)
