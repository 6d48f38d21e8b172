"""Emulated hosts on this one Linux machine, for the end-to-end tests: network namespaces h0..h(n-1)
at 192.0.2.10+i joined by a bridge, an rsh agent through which mpirun places ranks in them, and
optionally a real two-node Slurm (h0, h1). A thin wrapper around hosts/hosts.sh.

    from emulated_hosts import EmulatedHosts, mpirun_prefix, skip_reason

    if reason := skip_reason(slurm=True):
        pytest.skip(reason)
    with EmulatedHosts(2, slurm=True) as hosts:
        p = hosts.run(0, [*mpirun_prefix(hosts, 2), "-n", "4", "hostname"], stdout=subprocess.PIPE)

Every process that talks to the 192.0.2.0/24 addresses must run inside a namespace
(EmulatedHosts.run): those addresses exist nowhere else, and from the root namespace a
connection to them would leave through the default route.
"""
import functools
import os
import pathlib
import shutil
import subprocess
import tempfile

HOSTS_SH = pathlib.Path(__file__).resolve().parent / "hosts" / "hosts.sh"
SYSTEM_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
SUBNET = "192.0.2.0/24"


def system_tool(name):
    """The installed program NAME, never a stand-in that a test put first on PATH (the e2e conftest
    puts fake srun/jsrun there); None when it is not installed."""
    return shutil.which(name, path=os.pathsep.join(SYSTEM_PATH))


@functools.lru_cache(maxsize=None)
def _check(what):
    if not HOSTS_SH.is_file():
        return f"{HOSTS_SH} is missing"
    if os.geteuid() != 0:
        return f"emulated hosts need root (network namespaces); euid is {os.geteuid()}"
    try:
        p = subprocess.run([str(HOSTS_SH), what], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"hosts.sh {what} failed: {e}"
    if p.returncode != 0:
        return (p.stdout + p.stderr).strip() or f"hosts.sh {what} exited with {p.returncode}"
    return None


def skip_reason(slurm=False, mpi=False):
    """Why emulated hosts (with Slurm when slurm=True, with Open MPI's mpirun when mpi=True) cannot
    be used here, for pytest.skip; None when they can."""
    reason = _check("check")
    if reason is None and slurm:
        reason = _check("check-slurm")
    if reason is None and mpi and system_tool("mpirun") is None:
        reason = "mpirun is not installed (apt-get install openmpi-bin)"
    return reason


def delay_skip_reason():
    """Why EmulatedHosts.delay cannot work here (it needs tc netem in the kernel), or None."""
    return skip_reason() or _check("check-delay")


class EmulatedHosts:
    """N emulated hosts (and a Slurm cluster of h0 and h1 when slurm=True): made on enter, stopped
    and deleted on exit, whatever happened. The scratch folder (logs, slurm.conf, rsh-agent) is
    removed on exit unless keep=True or EMULATED_HOSTS_KEEP is set in the environment."""

    def __init__(self, n, slurm=False, dir=None, keep=False):
        if slurm and n < 2:
            raise ValueError("Slurm needs at least 2 hosts")
        self.n = n
        self.slurm = slurm
        self._own_dir = dir is None
        self.dir = pathlib.Path(dir) if dir else None
        self.keep = keep or bool(os.environ.get("EMULATED_HOSTS_KEEP"))
        self.env_vars = {}

    # --- life cycle --------------------------------------------------------------------------------

    def __enter__(self):
        self.up()
        return self

    def __exit__(self, *exc):
        self.down()
        return False

    def up(self):
        if self.dir is None:
            self.dir = pathlib.Path(tempfile.mkdtemp(prefix="emulated-hosts-"))
        try:
            self._sh("up", str(self.dir), str(self.n))
            self.env_vars = _read_env(self.dir / "hosts.env")
            if self.slurm:
                self._sh("slurm-up", str(self.dir), timeout=120)
        except BaseException:
            self.down()
            raise
        return self

    def down(self):
        """Stops the daemons and every process in the namespaces, deletes the namespaces.
        Idempotent."""
        if self.dir is None:
            return
        try:
            self._sh("down", str(self.dir), timeout=120)
        finally:
            if self._own_dir and not self.keep:
                shutil.rmtree(self.dir, ignore_errors=True)

    def _sh(self, *args, timeout=60):
        p = subprocess.run([str(HOSTS_SH), *args], capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise RuntimeError(f"hosts.sh {' '.join(args)} failed ({p.returncode}):\n{p.stdout}{p.stderr}")
        return p.stdout

    # --- what was made -----------------------------------------------------------------------------

    @property
    def prefix(self):
        """The namespaces' names all start with prefix + '-'."""
        return self.env_vars["PREFIX"]

    def namespace(self, i):
        return self.env_vars[f"NS_{self._index(i)}"]

    @property
    def namespaces(self):
        """All namespaces of the fixture: the hosts', then the bridge's."""
        return [self.namespace(i) for i in range(self.n)] + [self.env_vars["BRIDGE_NS"]]

    def address(self, i):
        return self.env_vars[f"ADDR_{self._index(i)}"]

    def name(self, i):
        return self.env_vars[f"NAME_{self._index(i)}"]

    @property
    def rsh_agent(self):
        """Open MPI's plm_rsh_agent for these hosts: `rsh-agent HOST CMD...`, as ssh."""
        return str(self.dir / "rsh-agent")

    @property
    def hosts_file(self):
        """'ADDRESS NAME' per host."""
        return str(self.dir / "hosts")

    @property
    def slurm_conf(self):
        """The SLURM_CONF of the cluster (slurm=True only)."""
        if not self.slurm:
            raise AttributeError("no Slurm: made with slurm=False")
        return str(self.dir / "slurm.conf")

    def _index(self, i):
        if not 0 <= i < self.n:
            raise IndexError(f"no host {i} (n={self.n})")
        return i

    # --- using them --------------------------------------------------------------------------------

    def env(self, **extra):
        """os.environ, with SLURM_CONF when there is a Slurm, and extra."""
        env = dict(os.environ)
        if self.slurm:
            env["SLURM_CONF"] = self.slurm_conf
        env.update(extra)
        return env

    def run(self, i, argv, **popen_kwargs):
        """Starts argv on host i (its namespace, hostname h<i>); the Popen's pid is argv's own, so
        signals reach it. Without env= it gets self.env() (SLURM_CONF set when there is a Slurm)."""
        popen_kwargs.setdefault("env", self.env())
        popen_kwargs.setdefault("stdin", subprocess.DEVNULL)
        return subprocess.Popen([str(HOSTS_SH), "run", str(self.dir), str(self._index(i)), *argv], **popen_kwargs)

    def check_output(self, i, argv, timeout=30, **popen_kwargs):
        """Runs argv on host i to its end (killed after timeout seconds); a CompletedProcess with
        text stdout and stderr."""
        p = self.run(i, argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen_kwargs)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            raise subprocess.TimeoutExpired(p.args, timeout, out, err) from None
        return subprocess.CompletedProcess(p.args, p.returncode, out, err)

    def link(self, i, up):
        """Brings host i's link up, or takes it down (a lost host: its processes live on, unreachable)."""
        self._sh("link", str(self.dir), str(self._index(i)), "up" if up else "down")

    def delay(self, i, ms):
        """ms milliseconds of latency each way on host i's link (0: none); needs tc netem
        (delay_skip_reason())."""
        self._sh("delay", str(self.dir), str(self._index(i)), f"{float(ms):g}")

    def leftover_pids(self):
        """Pids still running in any host namespace, the fixture's own Slurm daemons excepted."""
        return [int(w) for w in self._sh("pids", str(self.dir)).split()]

    def daemon_pids(self):
        """Pids of the daemons the fixture started (munged, slurmctld, slurmd)."""
        pids = []
        for f in sorted((self.dir / "run").glob("*.pid")):
            text = f.read_text().strip()
            if text.isdigit():
                pids.append(int(text))
        return pids


def _read_env(path):
    env = {}
    for line in pathlib.Path(path).read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip().strip('"')
    return env


def mpirun_prefix(hosts, ranks_per_node, indices=None):
    """The mpirun words that place ranks_per_node ranks on each emulated host (all, or those in
    indices), in host order: rank 0 on the first. Run them on host 0 (hosts.run(0, ...)): mpirun
    starts that host's ranks itself and the others' through the rsh agent. Add -n and the command.

    Seen not to be needed here, so left out: --mca plm_rsh_no_tree_spawn 1 (tree spawn goes
    through the same agent), --mca oob_tcp_if_include 192.0.2.0/24 (a host namespace has only lo
    and eth0, and Open MPI leaves out lo), --mca btl self,tcp (shared memory is used only between
    ranks of one host, as on real hosts). The first word is plain "mpirun": PATH finds it (the
    e2e stand-ins are srun and jsrun only)."""
    indices = range(hosts.n) if indices is None else indices
    words = ["mpirun"]
    if os.geteuid() == 0:
        words.append("--allow-run-as-root")  # Open MPI refuses root otherwise
    words += ["--host", ",".join(f"{hosts.address(i)}:{ranks_per_node}" for i in indices),
              "--mca", "plm_rsh_agent", hosts.rsh_agent,
              # the emulated hosts share this machine's cores: binding each host's ranks to
              # "its" cores would pile them on the same ones, and fails past one rank per core
              "--bind-to", "none"]
    return words


def launcher_extra(hosts, ranks_per_node):
    """mpirun_prefix's words as legate's --launcher-extra options, for `legate-jupyter` or `legate
    --launcher mpirun` (-n, --npernode and --bind-to are legate's own), with --oversubscribe: the
    emulated hosts share this machine's cores."""
    words = mpirun_prefix(hosts, ranks_per_node)[1:]
    if "--bind-to" in words:
        i = words.index("--bind-to")
        del words[i:i + 2]
    extra = []
    for w in [*words, "--oversubscribe"]:
        extra += ["--launcher-extra", w]
    return extra
