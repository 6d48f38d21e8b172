"""Shared set-up for the end-to-end tests: kernelspecs installed from the built distribution
into a throw-away Jupyter data dir, one per JDK, exactly as a user installs them."""
import atexit
import glob
import os
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIST = ROOT / "distribution" / "target" / "legate"
INSTALLER = DIST / "bin" / "legate-jupyter"
DATA_DIR = tempfile.mkdtemp(prefix="legate-e2e-")
atexit.register(shutil.rmtree, DATA_DIR, True)  # its kernels' archives are tens of MB each
os.environ["JUPYTER_DATA_DIR"] = DATA_DIR
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def install(name, java_home=None, *extra):
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    if java_home:
        env["JAVA_HOME"] = java_home
    subprocess.run([str(INSTALLER), "--name", name, "--force", *extra], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return name


def _jdk25():
    found = sorted(glob.glob("/usr/lib/jvm/temurin-25*"))
    return found[-1] if found and os.path.exists(found[-1] + "/bin/java") else None


# stand-ins for srun and jsrun (tests/e2e/launchers): no Slurm or LSF here
os.environ["PATH"] = str(pathlib.Path(__file__).parent / "launchers") + os.pathsep + os.environ["PATH"]

if not INSTALLER.exists():
    raise SystemExit(f"{INSTALLER} is missing: build first (mvn package)")

JDK25_HOME = _jdk25()
KERNELS = {"jdk17": install("legate-test"),
           "ranks2": install("legate-test-2r", None, "--ranks-per-node", "2", "--cpus", "1"),
           "norepl": install("legate-test-norepl", None, "--ranks-per-node", "2", "--no-replicate"),
           # Debian's openmpi-bin (scripts/install-deps.sh); Open MPI refuses root unless told
           "mpirun2": install("legate-test-mpi", None, "--ranks-per-node", "2", "--cpus", "1", "--launcher", "mpirun",
                              "--launcher-extra", "--oversubscribe",
                              *(["--launcher-extra", "--allow-run-as-root"] if os.geteuid() == 0 else [])),
           "srun2": install("legate-test-srun", None, "--ranks-per-node", "2", "--cpus", "1", "--launcher", "srun"),
           "jsrun2": install("legate-test-jsrun", None, "--ranks-per-node", "2", "--cpus", "1", "--launcher", "jsrun")}
if JDK25_HOME:
    KERNELS["jdk25"] = install("legate-test-25", JDK25_HOME)
