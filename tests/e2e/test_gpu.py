"""`--gpus`. Where no GPU can be used, never a silent CPU run: the probe's answers as the built
distribution gives them (no driver library; a stub driver with no device), a kernel installed with
`--gpus 1` (it starts, says why once, plain Java runs, arrays fail with the reason) and the
`legate` driver (exit 1 with the reason). Where GPUs are found, the CUDA backend's real path
(JCuda, CudaDevice, launch descriptors) runs against a host-emulated driver (gpu/src/test/c/
libcuda_host.c: device memory in host memory, launches run the kernel's own C code), and the
simulated GPU (LEGATE_GPU_SIMULATE) runs in a kernel: the same results as on CPUs."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import DIST, ROOT, install
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


def host_emulated_driver(tmp_path):
    """The host-emulated libcuda.so.1, built with gcc: the environment that loads it."""
    gcc = shutil.which("gcc") or shutil.which("cc")
    if not gcc:
        pytest.skip("no C compiler here to build the host-emulated libcuda.so.1")
    subprocess.run([gcc, "-shared", "-fPIC", "-O2", "-ffp-contract=off", "-I", str(ROOT / "gpu" / "src" / "main" / "cuda"), "-o",
                    str(tmp_path / "libcuda.so.1"), str(ROOT / "gpu" / "src" / "test" / "c" / "libcuda_host.c"), "-lm"], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_")}
    return dict(env, LD_LIBRARY_PATH=str(tmp_path))


PROGRAM = r"""
var u = np.random(1).rand(300, 20);
var v = u.mul(2.0).add(1.0).sqrt();
for (int i = 0; i < 3; i++) { v.set("1:-1, 1:-1", v.get("2:, 1:-1").add(v.get(":-2, 1:-1")).mul(0.5).sub(np.roll(v, 1, 1).get("1:-1, 1:-1"))); }
var w = np.where(v.gt(0.0), v.astype(DType.FLOAT32), v.astype(DType.INT32).mul(3L));
var z = np.complex(v, u).mul(np.complex(u, v.get("::-1"))).div(np.complex(v.add(1.0), u.neg())).sqrt();
System.out.println(v.sum() + " " + w.sum() + " " + w.max(0).get(":3") + " " + v.matmul(v.T()).get("7, :2") + " " + v.item(150, 9));
System.out.println(z.csum() + " " + z.exp().get("5, :2") + " " + z.abs().get("-1, -3:"));
System.out.println(rank() + ": " + legate.runtime.task.ArrayRuntime.current().backend().describe());
"""
# PROGRAM's lines: 0 the CPU's bits on any backend; 1 through hypot, sin and cos (complex sqrt, exp and abs), which a GPU computes
# with its C library's functions where CPUs have StrictMath's (a few ulps apart: close_digits); 2 what the rank computes on

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def close_digits(a, b, ulps=8):
    """Two printed lines the same but for numbers within `ulps` ulps of each other, or one unit of
    their last printed digit (an array's repr rounds to 8 digits)."""
    if NUMBER.sub("#", a) != NUMBER.sub("#", b):
        return False
    for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)):
        mantissa = re.split("[eE]", x)[0]
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        exponent = int(re.split("[eE]", x)[1]) if re.search("[eE]", x) else 0
        unit = 10.0 ** (exponent - decimals)
        fx, fy = float(x), float(y)
        if abs(fx - fy) > max(unit * 1.01, ulps * 2.3e-16 * max(abs(fx), abs(fy))):
            return False
    return True


def run_legate(env, *args, script):
    p = subprocess.run([str(DIST / "bin" / "legate"), *args, str(script)], capture_output=True, text=True, timeout=180, env=env)
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
    return p.stdout.splitlines()


@no_driver
def test_found_gpus_compute_what_cpus_compute(tmp_path):
    """Arrays split across 2 ranks (each its own GPU), halos included: the same digits as on CPUs."""
    script = tmp_path / "program.jsh"
    script.write_text(PROGRAM)
    env = dict(host_emulated_driver(tmp_path), LEGATE_PARTITION_THRESHOLD="64")
    cpu = run_legate(env, "--ranks-per-node", "2", "--cpus", "1", script=script)
    gpu = run_legate(env, "--ranks-per-node", "2", "--cpus", "1", "--gpus", "1", "--fbmem", "500", script=script)
    assert cpu[2] == "0: 2 CPU threads" or cpu[2] == "0: 1 CPU thread", cpu
    assert gpu[2] == "0: 1 GPU (0: Host-emulated GPU Zero, compute 9.0, 16.0 GiB, driver CUDA 13.0; --fbmem 500 MB; 32 MB pinned for copies (--zcmem))", gpu
    assert gpu[0] == cpu[0] and "array(" in cpu[0], (cpu, gpu)
    assert close_digits(gpu[1], cpu[1]) and "j" in cpu[1], (cpu, gpu)


@no_driver
def test_a_negative_integer_exponent_on_one_rank_is_its_error_on_cpus_and_found_gpus(tmp_path):
    """An integer power whose one negative exponent is in rank 1's part, inside a statement whose
    sum rank 0 waits in: the driver reports rank 1's own error (on the GPU, the word the kernel
    sets), not the interrupt that stopped rank 0, and exits 1."""
    script = tmp_path / "program.jsh"
    script.write_text('var i = np.arange(0, 400, 1);\n'
                      'var e = i.eq(390.0).astype(DType.INT64).mul(-3L).add(2L);\n'
                      'System.out.println(i.pow(i.mod(3L)).sum());\n'
                      'System.out.println(i.pow(e).sum());\n'
                      'System.out.println("not reached");\n')
    env = dict(host_emulated_driver(tmp_path), LEGATE_PARTITION_THRESHOLD="64")
    for gpus in ("0", "1"):
        p = subprocess.run([str(DIST / "bin" / "legate"), "--ranks-per-node", "2", "--cpus", "1", "--gpus", gpus, "--fbmem", "500", str(script)],
                           capture_output=True, text=True, timeout=180, env=env)
        out = p.stdout + p.stderr
        assert p.returncode == 1, (gpus, p.returncode, out)
        assert "7110979.0" in p.stdout and "not reached" not in out, (gpus, out)
        assert "java.lang.IllegalArgumentException: power: integers to negative integer powers are not allowed" in out, (gpus, out)
        assert "(on rank 1 of 2)" in out and "Interrupted" not in out, (gpus, out)
        assert ("GpuBackend" in out) == (gpus == "1"), (gpus, out)


@no_driver
def test_a_rank_on_two_found_gpus_computes_what_cpus_compute_with_a_lane_for_each(tmp_path):
    """--gpus 2 through JCuda and the host-emulated driver (two GPUs): operations from 64 elements
    on split between the rank's GPUs, rows read across them copied peer to peer
    (cuMemcpyPeerAsync): the same digits as on CPUs; --profile has each GPU's kernels on its lane."""
    import json
    script = tmp_path / "program.jsh"
    script.write_text(PROGRAM)
    env = dict(host_emulated_driver(tmp_path), LEGATE_PARALLEL_THRESHOLD="64")
    cpu = run_legate(env, "--cpus", "1", script=script)
    trace = tmp_path / "trace"
    env["LEGATE_STUB_TRACE"] = str(trace)
    p = subprocess.run([str(DIST / "bin" / "legate"), "--cpus", "1", "--gpus", "2", "--fbmem", "500", "--profile", str(script)],
                       capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
    gpu = p.stdout.splitlines()
    assert gpu[2] == ("0: 2 GPUs (0: Host-emulated GPU Zero, compute 9.0, 16.0 GiB, driver CUDA 13.0; 1: Host-emulated GPU One, compute 9.1, "
                      "32.0 GiB, driver CUDA 13.0; --fbmem 500 MB each; 32 MB pinned for copies (--zcmem) each)"), gpu
    assert gpu[0] == cpu[0] and "array(" in cpu[0], (cpu, gpu)
    assert close_digits(gpu[1], cpu[1]) and "j" in cpu[1], (cpu, gpu)
    page = (tmp_path / "legate_prof" / "index.html").read_text()
    data = json.loads(re.search(r'<script type="application/json" id="legate-profile-data">(.*?)</script>', page, re.S).group(1))
    for g in (0, 1):
        lane = data["lanes"].index(f"rank 0 \u00b7 gpu {g}")
        assert sum(1 for s in data["spans"] if s[0] == lane) >= 5, (g, data["lanes"])
    # each peer copy is queued on the source GPU's stream between two events: after the destination's work so far, and
    # before the destination's next work (the GPU number first on each line is the one whose context is current)
    lines = trace.read_text().splitlines()
    peers = [i for i, line in enumerate(lines) if " peer " in line]
    assert peers, lines[:20]
    for i in peers:
        peer = re.fullmatch(r"(\d) peer (\d)<-(\d)", lines[i])
        assert peer, lines[i]
        src, dst = peer.group(3), peer.group(2)
        assert peer.group(1) == src and dst != src, lines[i]
        before = re.fullmatch(r"(\d) record (\d+)", lines[i - 2])
        after = re.fullmatch(r"(\d) record (\d+)", lines[i + 1])
        assert before and before.group(1) == dst and lines[i - 1] == f"{src} wait {before.group(2)}", lines[i - 2:i + 3]
        assert after and after.group(1) == src and lines[i + 2] == f"{dst} wait {after.group(2)}", lines[i - 2:i + 3]


@no_driver
def test_the_driver_asked_for_more_gpus_than_the_machine_has_exits_1_with_what_it_has(tmp_path):
    script = tmp_path / "never.jsh"
    script.write_text('System.out.println("ran");\n')
    p = subprocess.run([str(DIST / "bin" / "legate"), "--gpus", "3", str(script)], capture_output=True, text=True, timeout=120,
                       env=host_emulated_driver(tmp_path))
    assert p.returncode == 1 and p.stdout == "", (p.returncode, p.stdout, p.stderr)
    assert p.stderr == ("legate: error: --gpus 3: no backend for GPUs can run here: cuda: each rank asks for 3 GPUs, and this machine has 2: "
                        "2 GPUs (0: Host-emulated GPU Zero, compute 9.0, 16.0 GiB; 1: Host-emulated GPU One, compute 9.1, 32.0 GiB; "
                        "driver CUDA 13.0) (--gpus 0 computes on CPUs)\n"), p.stderr


@no_driver
def test_generated_kernels_on_a_driver_without_a_ptx_compiler_fall_back_saying_so_once(tmp_path):
    """LEGATE_GPU_GENERATE=1 through JCuda and the host-emulated driver, which has no PTX compiler
    (cuModuleLoadData of PTX text: CUDA_ERROR_JIT_COMPILER_NOT_FOUND): one line on stderr says so,
    and the interpreting kernel computes what CPUs compute."""
    script = tmp_path / "program.jsh"
    script.write_text(PROGRAM)
    env = dict(host_emulated_driver(tmp_path), LEGATE_PARTITION_THRESHOLD="64")
    cpu = run_legate(env, "--cpus", "1", script=script)
    p = subprocess.run([str(DIST / "bin" / "legate"), "--cpus", "1", "--gpus", "1", str(script)], capture_output=True, text=True,
                       timeout=180, env=dict(env, LEGATE_GPU_GENERATE="1"))
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
    assert p.stdout.splitlines()[0] == cpu[0] and close_digits(p.stdout.splitlines()[1], cpu[1]), (cpu, p.stdout)
    lines = [l for l in p.stderr.splitlines() if "generated element-wise kernel" in l]
    assert len(lines) == 1 and "cuModuleLoadData: CUDA_ERROR_JIT_COMPILER_NOT_FOUND" in lines[0] \
        and "such operations run on the interpreting kernel" in lines[0], p.stderr


def test_generated_kernels_on_simulated_gpus_compute_what_cpus_compute(tmp_path):
    """LEGATE_GPU_GENERATE=1 on simulated GPUs (whose generated kernels run in a PTX interpreter),
    2 ranks with halos: the same digits as on CPUs; a value other than 0 or 1 is refused."""
    script = tmp_path / "program.jsh"
    script.write_text(PROGRAM)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_")}
    env["LEGATE_PARTITION_THRESHOLD"] = "64"
    cpu = run_legate(env, "--ranks-per-node", "2", "--cpus", "1", script=script)
    gpu = run_legate(dict(env, LEGATE_GPU_SIMULATE="256", LEGATE_GPU_GENERATE="1"), "--ranks-per-node", "2", "--cpus", "1", "--gpus", "1",
                     script=script)
    assert gpu[:2] == cpu[:2] and "array(" in cpu[0], (cpu, gpu)  # the simulated GPU computes hypot, sin and cos as the CPU
    assert gpu[2].endswith("; element-wise kernels generated for each program (LEGATE_GPU_GENERATE=1)"), gpu
    p = subprocess.run([str(DIST / "bin" / "legate"), "--gpus", "1", str(script)], capture_output=True, text=True, timeout=120,
                       env=dict(env, LEGATE_GPU_SIMULATE="256", LEGATE_GPU_GENERATE="yes"))
    assert p.returncode == 1 and p.stdout == "", (p.returncode, p.stdout, p.stderr)
    assert "LEGATE_GPU_GENERATE=yes: expected 1 (kernels generated for each element-wise program) or 0 (the interpreting kernel)" in p.stderr, p.stderr


BIG = r"""
var a = np.arange(0.0, 200000.0, 1.0).reshape(500, 400);
var b = np.random(2).randn(500, 400);
var c = a.mul(b).add(1.0);
var d = c.astype(DType.FLOAT32).mul(np.roll(c, 3, 0).astype(DType.FLOAT32));
double[] back = c.toDoubleArray();
double s = 0; for (double x : back) s = s * 0.999 + x;
System.out.println(s + " " + d.sum() + " " + d.toString().hashCode() + " " + c.get("250:252, 7"));
"""


@no_driver
def test_copies_staged_through_zcmem_in_many_chunks_give_what_cpus_compute(tmp_path):
    """1.6 MB arrays made on the host (arange, randn) go up and come back through --zcmem 1 (two
    512 KB halves, a few chunks each way; the emulated driver runs a queued copy only when the stream
    must catch up), and through no staging at all: the same digits as on CPUs."""
    script = tmp_path / "big.jsh"
    script.write_text(BIG)
    env = host_emulated_driver(tmp_path)
    cpu = run_legate(env, "--cpus", "1", script=script)
    staged = run_legate(env, "--cpus", "1", "--gpus", "1", "--zcmem", "1", script=script)
    direct = run_legate(env, "--cpus", "1", "--gpus", "1", "--zcmem", "0", script=script)
    assert "array([" in cpu[0] and staged == cpu and direct == cpu, (cpu, staged, direct)


@no_driver
def test_zcmem_that_cannot_be_pinned_is_refused_with_the_reason(tmp_path):
    script = tmp_path / "big.jsh"
    script.write_text(BIG)
    env = dict(host_emulated_driver(tmp_path), LEGATE_STUB_PINNED_MAX="1000")
    p = subprocess.run([str(DIST / "bin" / "legate"), "--cpus", "1", "--gpus", "1", "--zcmem", "1", str(script)], capture_output=True,
                       text=True, timeout=120, env=env)
    assert p.returncode == 1, (p.returncode, p.stdout, p.stderr)
    assert ("cannot be opened: cuMemHostAlloc(1048576 bytes of pinned staging memory, --zcmem 1 MB): CUDA_ERROR_OUT_OF_MEMORY; "
            "ask for less --zcmem (0 for none)") in p.stderr, p.stderr


@no_driver
def test_a_kernel_on_a_found_gpu_computes_reports_it_and_survives_running_out_of_fbmem(tmp_path):
    env = host_emulated_driver(tmp_path)
    name = install("legate-test-gpu-host", None, "--gpus", "1", "--cpus", "1", "--fbmem", "8")
    k = KernelSession(name, env={"LD_LIBRARY_PATH": env["LD_LIBRARY_PATH"]})
    try:
        reply, outputs = k.execute("var x = np.arange(0.0, 1000.0, 1.0).mul(0.5).add(1.0); x.sum()")
        assert reply["status"] == "ok", (reply, outputs)
        assert KernelSession.result(outputs)["text/plain"] == "250750.0", outputs
        assert KernelSession.stdout(outputs, "stderr") == "", outputs  # no notice: the GPU is used
        reply, outputs = k.execute("%legate_info")
        info = KernelSession.stdout(outputs)
        assert "  GPUs : 1 GPU (0: Host-emulated GPU Zero, compute 9.0, 16.0 GiB, driver CUDA 13.0; --fbmem 8 MB; 32 MB pinned for copies (--zcmem))\n" in info, info
        reply, outputs = k.execute("var big = np.ones(2_000_000)")  # 16 MB on a GPU given 8
        assert reply["status"] == "error" and "OutOfMemoryError" in reply["ename"], reply
        assert reply["evalue"] == ("full: out of GPU memory (--fbmem 8 MB per GPU): asked for 15 MB, 8.00 MB left; work on smaller "
                                   "arrays, or give the kernel more --fbmem"), reply["evalue"]
        reply, outputs = k.execute("x.mul(2.0).item(3)")
        assert reply["status"] == "ok" and KernelSession.result(outputs)["text/plain"] == "5.0", (reply, outputs)
    finally:
        k.close()


def test_a_kernel_on_a_simulated_gpu_computes_what_cpus_compute(tmp_path):
    name = install("legate-test-gpu-sim", None, "--gpus", "1", "--cpus", "1", "--ranks-per-node", "2")
    code = PROGRAM.replace("System.out.println(rank()", "System.err.println(rank()")
    k = KernelSession(name, env={"LEGATE_GPU_SIMULATE": "256", "LEGATE_PARTITION_THRESHOLD": "64"})
    try:
        reply, outputs = k.execute(code)
        assert reply["status"] == "ok", (reply, outputs)
        gpu = KernelSession.stdout(outputs)
        assert KernelSession.stdout(outputs, "stderr") == "0: 1 GPU (0: simulated GPU, 256 MiB; --fbmem 4000 MB)\n", outputs
        reply, outputs = k.execute("%legate_info")
        info = KernelSession.stdout(outputs)
        assert ("  GPUs : 1 GPU (0: simulated GPU, 256 MiB; --fbmem 4000 MB)\n"
                "    rank 0 : 1 GPU (0: simulated GPU, 256 MiB; --fbmem 4000 MB)\n"
                "    rank 1 : 1 GPU (1: simulated GPU, 256 MiB; --fbmem 4000 MB)\n") in info, info
    finally:
        k.close()
    script = tmp_path / "program.jsh"
    script.write_text(PROGRAM)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_")}
    cpu = run_legate(dict(env, LEGATE_PARTITION_THRESHOLD="64"), "--ranks-per-node", "2", "--cpus", "1", script=script)
    assert gpu == cpu[0] + "\n" + cpu[1] + "\n", (gpu, cpu)  # the simulated GPU computes hypot, sin and cos as the CPU


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


def test_the_gpu_check_passes_on_the_host_emulated_driver():
    """scripts/gpu-check.sh's check (quick: sizes up to 4097, no figures) through JCuda and the kernels' C code, as on a GPU machine."""
    if not (shutil.which("gcc") or shutil.which("cc")):
        pytest.skip("no C compiler here to build the host-emulated libcuda.so.1")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_")}
    p = subprocess.run(["bash", str(ROOT / "scripts" / "gpu-check.sh"), "local"], capture_output=True, text=True, timeout=300, env=env)
    lines = p.stdout.splitlines()
    assert p.returncode == 0 and lines[-1].endswith(" passed, 0 failed"), (p.returncode, p.stdout[-3000:], p.stderr[-3000:])
    assert int(lines[-1].split()[0]) >= 130, lines[-1]
    assert "PASS CFD step 12 (41 x 41) on the GPU: 499 steps, max u 3.4948961560287110" in p.stdout, p.stdout[-3000:]
    assert re.search(r"PASS the profiler's GPU lane: \d+ kernel spans", p.stdout), p.stdout[-3000:]
    assert "FAIL" not in p.stdout


@no_driver
def test_a_profile_of_two_ranks_on_gpus_has_each_gpus_kernels_on_its_lane(tmp_path):
    """--profile with --gpus 1 on 2 ranks through JCuda and the host-emulated driver: each rank's
    page lane `gpu 0` has its kernel launches, timed by CUDA events (cuEventElapsedTime), named
    by the operation that launched them, inside the run."""
    import json
    (tmp_path / "halo.jsh").write_text("""{
    NDArray g = np.ones(200, 50);
    for (int i = 0; i < 3; i++) g.set("1:-1", g.get("2:").add(g.get(":-2")).mul(0.5));
    System.out.println(g.sum());
}
""")
    env = dict(host_emulated_driver(tmp_path), LEGATE_PARTITION_THRESHOLD="64")
    p = subprocess.run([str(DIST / "bin" / "legate"), "--ranks-per-node", "2", "--cpus", "1", "--gpus", "1", "--fbmem", "200",
                        "--profile", "halo.jsh"], capture_output=True, text=True, timeout=240, env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "10000.0\n"
    page = (tmp_path / "legate_prof" / "index.html").read_text()
    data = json.loads(re.search(r'<script type="application/json" id="legate-profile-data">(.*?)</script>', page, re.S).group(1))
    for rank in (0, 1):
        lane = data["lanes"].index(f"rank {rank} \u00b7 gpu 0")
        ops = data["lanes"].index(f"rank {rank} \u00b7 operations")
        kernels = [s for s in data["spans"] if s[0] == lane]
        names = {s[4] for s in data["spans"] if s[0] == ops}
        assert kernels and all(s[3] == "task" and s[4] in names for s in kernels), (kernels, names)
        assert all(re.match(r"legate_\w+, \d+ threads$", s[5]) for s in kernels), kernels
        # the three halo updates each launched their fused kernel on this rank's GPU (rows here first, then the halo's)
        assert sum(1 for s in kernels if s[4] == "fused add+mul") >= 3, kernels
        assert all(0 <= s[1] and s[1] + s[2] <= data["t1"] - data["t0"] + 1_000_000 for s in kernels), kernels
