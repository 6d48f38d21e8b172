"""`--gpus` where no GPU can be used: never a silent CPU run. The probe's answers as the built
distribution gives them (no driver library; a stub driver with no device), a kernel installed with
`--gpus 1` (it starts, says why once, plain Java runs, arrays fail with the reason) and the
`legate` driver (exit 1 with the reason)."""
import os
import shutil
import subprocess

import pytest

from conftest import DIST, install
from kernel_session import KernelSession


def has_real_driver():
    out = subprocess.run(["sh", "-c", "ldconfig -p 2>/dev/null | grep -q 'libcuda.so.1 '"], capture_output=True)
    return out.returncode == 0


no_driver = pytest.mark.skipif(has_real_driver(), reason="this machine has an NVIDIA driver (libcuda.so.1): "
                                                          "the no-driver answers cannot be seen here")

NO_DRIVER = "no NVIDIA driver on this machine (libcuda.so.1 cannot be loaded: libcuda.so.1: cannot open shared object file)"


def probe(env=None):
    """legate.gpu.CudaProbe run as the kernel runs it: the distribution's lib/ as class path and library path."""
    java = shutil.which("java")
    return subprocess.run([java, f"-Djava.library.path={DIST / 'lib'}", "-cp", str(DIST / "lib" / "*"), "legate.gpu.CudaProbe"],
                          capture_output=True, text=True, timeout=60, env=env)


@no_driver
def test_the_probe_without_a_driver_says_so():
    p = probe()
    assert (p.returncode, p.stdout) == (1, f"no GPU: {NO_DRIVER}\n"), p.stderr


# the few functions JCuda's driver library calls first: a driver with no device
STUB = r"""
int cuInit(unsigned int flags) { return 100; /* CUDA_ERROR_NO_DEVICE */ }
int cuDriverGetVersion(int *v) { *v = 13000; return 0; }
int cuDeviceGetCount(int *n) { *n = 0; return 0; }
"""


@no_driver
def test_the_probe_with_a_driver_but_no_device_says_so(tmp_path):
    p = probe(stub_driver(tmp_path, STUB))
    assert (p.returncode, p.stdout) == (1, "no GPU: the NVIDIA driver finds no GPU (cuInit: CUDA_ERROR_NO_DEVICE)\n"), p.stderr


# a driver with two devices: what the survey reads of each
TWO_DEVICES = r"""
#include <string.h>
int cuInit(unsigned int flags) { return 0; }
int cuDriverGetVersion(int *v) { *v = 13000; return 0; }
int cuDeviceGetCount(int *n) { *n = 2; return 0; }
int cuDeviceGet(int *d, int ordinal) { *d = ordinal; return 0; }
int cuDeviceGetName(char *name, int len, int d) { strncpy(name, d == 0 ? "Stub GPU Zero" : "Stub GPU One", len); return 0; }
int cuDeviceGetAttribute(int *v, int attr, int d) { *v = attr == 75 ? 9 : attr == 76 ? d : -1; return 0; }
int cuDeviceTotalMem_v2(unsigned long *b, int d) { *b = (d + 1UL) << 34; return 0; }
"""


def stub_driver(tmp_path, source):
    gcc = shutil.which("gcc") or shutil.which("cc")
    if not gcc:
        pytest.skip("no C compiler here to build a stub libcuda.so.1")
    (tmp_path / "stub.c").write_text(source)
    subprocess.run([gcc, "-shared", "-fPIC", "-o", str(tmp_path / "libcuda.so.1"), str(tmp_path / "stub.c")], check=True)
    return dict(os.environ, LD_LIBRARY_PATH=str(tmp_path))


FOUND = "found 2 GPUs (0: Stub GPU Zero, compute 9.0, 16.0 GiB; 1: Stub GPU One, compute 9.1, 32.0 GiB; driver CUDA 13.0)"


@no_driver
def test_the_probe_lists_each_device_the_driver_has(tmp_path):
    p = probe(stub_driver(tmp_path, TWO_DEVICES))
    assert (p.returncode, p.stdout) == (0, FOUND + "\n"), p.stderr


@no_driver
def test_found_gpus_are_not_used_yet_and_the_driver_says_so(tmp_path):
    script = tmp_path / "never.jsh"
    script.write_text('System.out.println("ran on CPUs");\n')
    env = {k: v for k, v in stub_driver(tmp_path, TWO_DEVICES).items() if not k.startswith("LEGATE_")}
    p = subprocess.run([str(DIST / "bin" / "legate"), "--gpus", "1", str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert p.returncode == 1 and p.stdout == "", (p.returncode, p.stdout, p.stderr)
    assert p.stderr == (f"legate: error: --gpus 1: no backend for GPUs can run here: cuda: {FOUND}, but this version's CUDA "
                        "backend has no GPU kernels yet, so it cannot compute (--gpus 0 computes on CPUs)\n")


def test_the_gpu_backend_is_packaged_with_the_driver_library_only():
    lib = DIST / "lib"
    assert list(lib.glob("libJCudaDriver-*-linux-x86_64.so")), sorted(p.name for p in lib.iterdir())
    assert list(lib.glob("jcuda-*.jar")) and not list(lib.glob("jcuda-natives-*.jar")), sorted(p.name for p in lib.iterdir())


@no_driver
def test_a_kernel_asked_for_a_gpu_starts_says_why_once_and_refuses_arrays():
    name = install("legate-test-gpu", None, "--gpus", "1", "--cpus", "1")
    k = KernelSession(name)
    try:
        reply, outputs = k.execute("6 * 7")
        assert reply["status"] == "ok" and KernelSession.result(outputs)["text/plain"] == "42", (reply, outputs)
        said = KernelSession.stdout(outputs, "stderr")
        assert said.startswith(f"legate: --gpus 1: no backend for GPUs can run here: cuda: {NO_DRIVER}. Plain Java runs;"), said
        assert "installed again with --gpus 0" in said, said
        reply, outputs = k.execute('String s = "plain Java"; s.length()')
        assert reply["status"] == "ok" and KernelSession.stdout(outputs, "stderr") == "", outputs  # said once
        reply, outputs = k.execute("var a = np.zeros(4); a.sum()")
        assert reply["status"] == "error", reply
        assert "BackendUnavailableException" in reply["ename"], reply
        assert reply["evalue"].startswith(f"--gpus 1: no backend for GPUs can run here: cuda: {NO_DRIVER}; "), reply["evalue"]
        assert "install the kernel again with --gpus 0" in reply["evalue"], reply["evalue"]
        reply, outputs = k.execute("%legate_info")
        info = KernelSession.stdout(outputs)
        assert f"  GPUs : none usable (--gpus 1: no backend for GPUs can run here: cuda: {NO_DRIVER})\n" in info, info
    finally:
        k.close()


@no_driver
def test_the_driver_asked_for_a_gpu_exits_1_with_the_reason(tmp_path):
    script = tmp_path / "never.jsh"
    script.write_text('System.out.println("ran on CPUs");\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_")}
    p = subprocess.run([str(DIST / "bin" / "legate"), "--gpus", "1", str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert p.returncode == 1 and p.stdout == "", (p.returncode, p.stdout, p.stderr)
    assert p.stderr == f"legate: error: --gpus 1: no backend for GPUs can run here: cuda: {NO_DRIVER} (--gpus 0 computes on CPUs)\n"
