"""The example programs (examples/*.jsh, after cuPyNumeric's examples/) against their NumPy twins
(examples/numpy/*.py) on the same inputs: every Java program runs in one `legate` driver session on
one rank and in one on two ranks with its arrays split (LEGATE_PARTITION_THRESHOLD=64), each through
`%run FILE ARGS` typed at the driver's prompt (a JVM and its ranks start once, not once a program);
each writes its results as .npy files, and they must equal NumPy's: bit for bit where every
operation is exact, else within 1e-12 of the largest NumPy value (normwise: max |java - numpy| <=
1e-12 * max |numpy|). Two ranks must give one rank's bits. The two-rank session runs the programs
in the reverse order: a program that uses a name it never declares fails in one of the two sessions
unless programs on both sides of it declare that name. One program also runs alone as a script
(test_a_program_runs_alone_as_a_script)."""
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from conftest import DIST, ROOT

LEGATE = DIST / "bin" / "legate"
EXAMPLES = ROOT / "examples"

# name, options (the same for both), result files, exact?
CASES = [
    ("black_scholes", ["-n", "3"], ["call", "put"], False),  # exp and log: another libm
    ("cg", ["-n", "8", "--check"], ["x"], False),  # dot products in another order than BLAS's
    ("cholesky", ["-n", "24", "--spd"], ["l"], False),
    ("compact_finite_difference", [], ["df"], False),
    ("edge_detection", ["-n", "64"], ["edges"], True),
    ("einsum", ["-n", "12", "-i", "4"], ["a", "b"], True),  # sums of equal powers of 100: exact
    ("gemm", ["-n", "40", "-i", "6"], ["c"], False),
    ("jacobi", ["-n", "40", "-i", "200"], ["x"], False),
    ("kmeans", ["-n", "2", "-m", "30"], ["labels", "centroids"], True),
    ("linreg", ["-n", "2", "-i", "50", "-s", "25"], ["w"], False),
    ("logreg", ["-n", "2", "-i", "50", "-s", "25"], ["w"], False),
    ("lstm_forward", [], ["hout", "c"], False),
    ("newton_raphson_2d", [], ["inv", "solve"], True),
    ("qr", ["-m", "100", "-n", "80"], ["q", "r"], False),  # three panels of reflections
    ("quantiles", ["-s", "3000"], ["q"], True),
    ("quantiles", ["-s", "70,40", "-a", "1", "-m", "hazen"], ["q"], True),
    ("quantiles", ["-s", "70,40", "-a", "0", "-m", "closest_observation"], ["q"], True),
    ("richardson_lucy", ["-i", "3", "-x", "10", "-y", "10", "-z", "10"], ["estimate"], True),
    ("scan", ["-s", "300,40", "-a", "0", "-t", "float"], ["b"], True),
    ("solve", ["-n", "30", "-s", "2"], ["x"], False),
    ("sort", ["-s", "5000", "-g"], ["sorted"], True),
    ("stencil", ["-n", "30", "-i", "20"], ["grid"], True),
]


# how the driver reports a failed %run: UsageError: ..., CompilationError: ..., java.lang.RuntimeException: ..., Interrupted: ...
FAILED = re.compile(r"^([\w.$]*(Error|Exception)|Interrupted|RankLost|OutOfStep): ", re.MULTILINE)


def session_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_")}
    env["LEGATE_PARTITION_THRESHOLD"] = "64"
    return env


def run_session(ranks, out, order, env=None, driver=(), then=()):
    """One driver session on `ranks` ranks that runs every case (indices in `order`) with %run: each case's
    transcript (prompt, output and errors, in order) by index; the whole transcript under None. `env` and
    `driver` (the driver's options) default to session_env() and none; the lines `then` are typed after the cases."""
    typed = []
    for i in order:
        name, options, _, _ = CASES[i]
        typed.append(f'System.out.println("=== case {i}");')
        typed.append(" ".join(["%run", str(EXAMPLES / f"{name}.jsh"), *options, "--out", str(out / str(i))]))
    typed.extend(then)
    p = subprocess.run([str(LEGATE), "--ranks-per-node", str(ranks), "--cpus", "1", *driver], input="\n".join(typed) + "\n",
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=500, env=env or session_env())
    transcript = {None: p.stdout}
    parts = p.stdout.split("=== case ")
    for part in parts[1:]:
        number, _, rest = part.partition("\n")
        transcript[int(number)] = rest
    assert p.returncode == 0, (ranks, p.stdout[-3000:])
    return transcript


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """NumPy's results, then one session of 1 rank and one of 2 for every case."""
    root = tmp_path_factory.mktemp("examples")
    for i, (name, options, _, _) in enumerate(CASES):
        run_numpy(name, options, root / "numpy" / str(i))
    one = run_session(1, root / "one", range(len(CASES)))
    two = run_session(2, root / "two", reversed(range(len(CASES))))
    return root, one, two


def run_numpy(name, options, out):
    p = subprocess.run(["/usr/bin/python3", str(EXAMPLES / "numpy" / f"{name}.py"), *options, "--out", str(out)],
                       capture_output=True, text=True, timeout=300, cwd=EXAMPLES / "numpy")
    assert p.returncode == 0, (name, p.stdout[-2000:], p.stderr[-2000:])
    return p.stdout


@pytest.mark.timeout(1200)  # the first case waits for the module's sessions (NumPy's runs, then two of at most 500 s)
@pytest.mark.parametrize("case", range(len(CASES)), ids=[c[0] for c in CASES])
def test_the_example_matches_numpy_on_one_and_two_ranks(runs, case):
    root, one_said, two_said = runs
    name, options, files, exact = CASES[case]
    for said, ranks in ((one_said, "one"), (two_said, "two")):
        told = said.get(case, said[None][-3000:])
        assert all((root / ranks / str(case) / f"{f}.npy").exists() for f in files), (name, ranks, told)
        assert not FAILED.search(told.replace("legate> ", "")), (name, ranks, told)
    for f in files:
        want = np.load(root / "numpy" / str(case) / f"{f}.npy")
        one = np.load(root / "one" / str(case) / f"{f}.npy")
        two = np.load(root / "two" / str(case) / f"{f}.npy")
        assert one.shape == want.shape, (f, one.shape, want.shape)
        if exact:
            np.testing.assert_array_equal(one, want, err_msg=f)
        else:
            scale = np.max(np.abs(want)) if want.size else 0.0
            err = np.max(np.abs(one.astype(np.float64) - want)) if want.size else 0.0
            assert err <= 1e-12 * scale, (f, err, scale)
        assert one.dtype == two.dtype and np.array_equal(one, two, equal_nan=True), f"{f}: two ranks differ from one"


def assert_same_results(root, session, want, close=()):
    """Every case's results in `root/session` have the bits of `root/want`'s; the programs in `close`
    within 1e-12 of the largest value (normwise), as the CPU's tests against NumPy."""
    for case, (name, _, files, _) in enumerate(CASES):
        for f in files:
            got, cpu = np.load(root / session / str(case) / f"{f}.npy"), np.load(root / want / str(case) / f"{f}.npy")
            assert got.dtype == cpu.dtype and got.shape == cpu.shape, (name, f, got.dtype, got.shape, cpu.dtype, cpu.shape)
            if name in close:
                scale = np.max(np.abs(cpu)) if cpu.size else 0.0
                err = np.max(np.abs(got.astype(np.float64) - cpu)) if cpu.size else 0.0
                assert err <= 1e-12 * scale, (name, f, err, scale)
            else:
                assert np.array_equal(got, cpu, equal_nan=True), (name, f, "differs from the CPU backend's")


def assert_every_case_ran(said, root, session):
    for case, (name, _, files, _) in enumerate(CASES):
        told = said.get(case, said[None][-3000:])
        assert all((root / session / str(case) / f"{f}.npy").exists() for f in files), (name, session, told)
        assert not FAILED.search(told.replace("legate> ", "")), (name, session, told)


@pytest.mark.timeout(1200)
def test_every_example_on_two_simulated_gpus_gives_the_cpus_bits(runs):
    """Two ranks, each on a simulated GPU (--gpus 1, LEGATE_GPU_SIMULATE): every result has the bits of
    the two CPU ranks' (whose bits are one rank's), the arrays split between the ranks and their GPUs."""
    root = runs[0]
    said = run_session(2, root / "gpus", range(len(CASES)), env=dict(session_env(), LEGATE_GPU_SIMULATE="256"), driver=("--gpus", "1"),
                       then=["%legate_info"])
    assert "rank 1 : 1 GPU (1: simulated GPU, 256 MiB" in said[None], said[None][-2000:]
    assert_every_case_ran(said, root, "gpus")
    assert_same_results(root, "gpus", "two")


@pytest.mark.timeout(1200)
def test_every_example_through_jcuda_and_the_host_emulated_driver(runs, tmp_path):
    """One rank on the host-emulated driver (the kernels' C code through JCuda): the CPU's bits, except
    the program whose sin and cos are glibc's there (StrictMath's on the CPU), within 1e-12."""
    from test_gpu import host_emulated_driver
    root = runs[0]
    env = dict(host_emulated_driver(tmp_path), LEGATE_PARTITION_THRESHOLD="64")
    said = run_session(1, root / "emulated", range(len(CASES)), env=env, driver=("--gpus", "1"), then=["%legate_info"])
    assert "GPUs : 1 GPU (0: Host-emulated GPU Zero, compute 9.0" in said[None], said[None][-2000:]
    assert_every_case_ran(said, root, "emulated")
    assert_same_results(root, "emulated", "one", close={"compact_finite_difference"})


def test_a_program_runs_alone_as_a_script(tmp_path):
    """The driver's own way (legate FILE ARGS), as the README shows, on two ranks: the same bits as NumPy."""
    run_numpy("stencil", ["-n", "30", "-i", "20"], tmp_path / "numpy")
    p = subprocess.run([str(LEGATE), "--ranks-per-node", "2", "--cpus", "1", str(EXAMPLES / "stencil.jsh"), "-n", "30", "-i", "20",
                        "--out", str(tmp_path / "java")], capture_output=True, text=True, timeout=300, env=session_env())
    assert p.returncode == 0, (p.stdout[-2000:], p.stderr[-2000:])
    assert p.stdout.startswith("Elapsed Time: "), p.stdout
    np.testing.assert_array_equal(np.load(tmp_path / "java" / "grid.npy"), np.load(tmp_path / "numpy" / "grid.npy"))


def test_every_example_has_a_numpy_twin_and_a_case():
    java = sorted(p.stem for p in EXAMPLES.glob("*.jsh"))
    assert java == sorted(p.stem for p in (EXAMPLES / "numpy").glob("*.py") if p.stem != "common")
    assert java == sorted({c[0] for c in CASES})


def test_a_bad_option_is_a_clear_error(tmp_path):
    p = subprocess.run([str(LEGATE), str(EXAMPLES / "black_scholes.jsh"), "--bogus", "1"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "black_scholes: unknown option --bogus" in p.stdout + p.stderr


NOTEBOOKS = [("05-newton-raphson-2d.ipynb", "newton_raphson_2d"), ("06-compact-finite-difference.ipynb", "compact_finite_difference"),
             ("07-edge-detection.ipynb", "edge_detection")]


@pytest.mark.parametrize("notebook,twin", NOTEBOOKS, ids=[n[1] for n in NOTEBOOKS])
def test_the_example_notebooks_print_what_numpy_prints(tmp_path, notebook, twin):
    """Three of the examples are notebooks too (as cuPyNumeric's are): run headless, each prints NumPy's results."""
    from test_notebooks import execute
    nb = execute(ROOT / "notebooks" / notebook, "jdk17", tmp_path)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs).splitlines()
    args = ["-n", "256"] if twin == "edge_detection" else []
    numpy = [line for line in run_numpy(twin, args, tmp_path / "numpy").splitlines() if not line.startswith("Elapsed")]
    assert len(printed) == len(numpy), (printed, numpy)
    for ours, theirs in zip(printed, numpy):
        if ours.startswith("L2 error: "):  # sin and cos from another libm: the error agrees to 1e-9
            assert abs(float(ours.split(": ")[1]) / float(theirs.split(": ")[1]) - 1) < 1e-9, (ours, theirs)
        else:
            assert ours == theirs
