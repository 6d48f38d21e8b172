"""Smoke tests of the emulated-hosts fixture (emulated_hosts.py, hosts/hosts.sh): mpirun and a real
Slurm place ranks on emulated hosts h0 and h1, TCP works between them until a link is lost, and
nothing is left behind. Every process that talks to 192.0.2.x runs inside a host namespace."""
import os
import subprocess
import time

import pytest

from emulated_hosts import EmulatedHosts, delay_skip_reason, mpirun_prefix, skip_reason, system_tool

PORT = 15555
SERVER = f"""
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", {PORT}))
s.listen(8)
print("listening", flush=True)
while True:
    c, (addr, _) = s.accept()
    c.sendall(("hello " + addr + " from " + socket.gethostname()).encode())
    c.close()
"""
CLIENT = f"""
import socket, sys, time
t = time.monotonic()
try:
    c = socket.create_connection((sys.argv[1], {PORT}), timeout=float(sys.argv[2]))
    print(c.recv(100).decode(), round(time.monotonic() - t, 3))
except OSError as e:
    print("failed:", e)
    sys.exit(1)
"""


def need(slurm=False, mpi=False):
    reason = skip_reason(slurm=slurm, mpi=mpi)
    if reason:
        pytest.skip(reason)


def no_leftovers(hosts, timeout=10):
    """Waits until no process is left on any emulated host (daemons excepted); the pids left."""
    deadline = time.monotonic() + timeout
    while (left := hosts.leftover_pids()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def alive(pid):
    """pid runs (a zombie, waiting for a parent to reap it, holds nothing: not alive)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_mpirun_on_h0_places_two_ranks_on_each_host():
    need(mpi=True)
    with EmulatedHosts(2) as hosts:
        argv = [*mpirun_prefix(hosts, 2), "-n", "4", "sh", "-c", "echo $(hostname) $OMPI_COMM_WORLD_RANK"]
        p = hosts.check_output(0, argv, timeout=45)
        assert p.returncode == 0, p.stdout + p.stderr
        assert sorted(p.stdout.split("\n")[:-1]) == ["h0 0", "h0 1", "h1 2", "h1 3"], p.stdout + p.stderr
        assert no_leftovers(hosts) == []


def test_srun_on_the_two_node_slurm_places_tasks_on_both_hosts():
    need(slurm=True)
    with EmulatedHosts(2, slurm=True) as hosts:
        assert os.path.exists(hosts.slurm_conf)
        srun = system_tool("srun")  # the real one: the e2e conftest puts a stand-in first on PATH
        p = hosts.check_output(0, [srun, "-N", "2", "-n", "4", "sh", "-c", "echo $(hostname) $SLURM_PROCID"],
                               timeout=45)
        assert p.returncode == 0, p.stdout + p.stderr
        lines = sorted(p.stdout.split("\n")[:-1])
        assert {line.split()[0] for line in lines} == {"h0", "h1"}, p.stdout + p.stderr
        assert sorted(line.split()[1] for line in lines) == ["0", "1", "2", "3"], p.stdout + p.stderr
        assert no_leftovers(hosts) == []


def test_tcp_between_hosts_and_a_lost_link():
    need()
    with EmulatedHosts(2) as hosts:
        server = hosts.run(1, ["/usr/bin/python3", "-c", SERVER], stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout.readline() == "listening\n"
            ok = hosts.check_output(0, ["/usr/bin/python3", "-c", CLIENT, "h1", "5"])
            assert ok.returncode == 0 and ok.stdout.startswith("hello 192.0.2.10 from h1"), ok.stdout + ok.stderr
            hosts.link(1, False)
            lost = hosts.check_output(0, ["/usr/bin/python3", "-c", CLIENT, hosts.address(1), "2"])
            assert lost.returncode == 1 and lost.stdout.startswith("failed:"), lost.stdout + lost.stderr
            hosts.link(1, True)
            back = hosts.check_output(0, ["/usr/bin/python3", "-c", CLIENT, hosts.address(1), "5"])
            assert back.returncode == 0 and back.stdout.startswith("hello 192.0.2.10"), back.stdout + back.stderr
        finally:
            server.kill()
            server.wait()
        assert no_leftovers(hosts) == []


def test_delay_slows_a_link():
    if reason := delay_skip_reason():
        pytest.skip(reason)
    with EmulatedHosts(2) as hosts:
        server = hosts.run(1, ["/usr/bin/python3", "-c", SERVER], stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout.readline() == "listening\n"
            hosts.delay(1, 100)
            slow = hosts.check_output(0, ["/usr/bin/python3", "-c", CLIENT, "h1", "5"])
            assert slow.returncode == 0, slow.stdout + slow.stderr
            assert float(slow.stdout.split()[-1]) >= 0.2, slow.stdout  # a round trip: 100 ms each way
            hosts.delay(1, 0)
            fast = hosts.check_output(0, ["/usr/bin/python3", "-c", CLIENT, "h1", "5"])
            assert float(fast.stdout.split()[-1]) < 0.2, fast.stdout
        finally:
            server.kill()
            server.wait()


def test_down_leaves_no_namespace_and_no_process():
    need()
    slurm = skip_reason(slurm=True) is None
    hosts = EmulatedHosts(2, slurm=slurm)
    with hosts:
        sleeper = hosts.run(1, ["sleep", "300"])
        pids = [sleeper.pid, *hosts.daemon_pids()]
        assert len(pids) == (5 if slurm else 1)
        assert all(alive(p) for p in pids)
        assert sleeper.pid in hosts.leftover_pids()
        prefix, namespaces = hosts.prefix, hosts.namespaces
        assert all(os.path.exists(f"/etc/netns/{ns}/hosts") for ns in namespaces)
    sleeper.wait(timeout=10)
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True).stdout
    assert [line for line in listed.splitlines() if line.startswith(prefix + "-")] == []
    assert [p for p in pids if alive(p)] == []
    assert not any(os.path.exists(f"/etc/netns/{ns}") for ns in namespaces)
    assert not hosts.dir.exists()
    hosts.down()  # again: nothing to do, no error
