"""The example programs (examples/*.jsh, after cuPyNumeric's examples/) against their NumPy twins
(examples/numpy/*.py) on the same inputs: each Java program runs with the `legate` driver on one
rank and on two ranks with its arrays split (LEGATE_PARTITION_THRESHOLD=64), writes its results
as .npy files, and they must equal NumPy's: bit for bit where every operation is exact, else
within 1e-12 of the largest NumPy value (normwise: max |java - numpy| <= 1e-12 * max |numpy|).
Two ranks must give one rank's bits."""
import os
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


def run_java(name, options, out, ranks):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_")}
    env["LEGATE_PARTITION_THRESHOLD"] = "64"
    p = subprocess.run([str(LEGATE), "--ranks-per-node", str(ranks), "--cpus", "1", str(EXAMPLES / f"{name}.jsh"), *options,
                        "--out", str(out)], capture_output=True, text=True, timeout=300, env=env)
    assert p.returncode == 0, (name, ranks, p.stdout[-2000:], p.stderr[-2000:])
    return p.stdout


def run_numpy(name, options, out):
    p = subprocess.run(["/usr/bin/python3", str(EXAMPLES / "numpy" / f"{name}.py"), *options, "--out", str(out)],
                       capture_output=True, text=True, timeout=300, cwd=EXAMPLES / "numpy")
    assert p.returncode == 0, (name, p.stdout[-2000:], p.stderr[-2000:])
    return p.stdout


@pytest.mark.parametrize("name,options,files,exact", CASES, ids=[c[0] for c in CASES])
def test_the_example_matches_numpy_on_one_and_two_ranks(tmp_path, name, options, files, exact):
    run_numpy(name, options, tmp_path / "numpy")
    run_java(name, options, tmp_path / "one", 1)
    run_java(name, options, tmp_path / "two", 2)
    for f in files:
        want = np.load(tmp_path / "numpy" / f"{f}.npy")
        one = np.load(tmp_path / "one" / f"{f}.npy")
        two = np.load(tmp_path / "two" / f"{f}.npy")
        assert one.shape == want.shape, (f, one.shape, want.shape)
        if exact:
            np.testing.assert_array_equal(one, want, err_msg=f)
        else:
            scale = np.max(np.abs(want)) if want.size else 0.0
            err = np.max(np.abs(one.astype(np.float64) - want)) if want.size else 0.0
            assert err <= 1e-12 * scale, (f, err, scale)
        assert one.dtype == two.dtype and np.array_equal(one, two, equal_nan=True), f"{f}: two ranks differ from one"


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
