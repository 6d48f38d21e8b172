"""np.save and np.load against NumPy (Debian's python3-numpy): files written by a kernel are read by
NumPy, byte for byte what NumPy writes for the same array; files NumPy writes (C and Fortran order,
either byte order, format versions 1.0 to 3.0) are read by a kernel, with the same values. On one
rank and on two ranks with the arrays split across them (LEGATE_PARTITION_THRESHOLD=64), where
each rank reads and writes only its own rows (counted by the kernel in /proc/self/io)."""
import io

import numpy as np
import pytest

from conftest import KERNELS
from kernel_session import KernelSession

SHOW = """
String show(NDArray x) {
    StringBuilder s = new StringBuilder(x.dtype() + "|" + java.util.Arrays.toString(x.shape()) + "|");
    for (double v : x.toDoubleArray()) s.append(Double.toString(v)).append(' ');
    return s.toString();
}
String showc(NDArray x) {
    String[] re = show(x.real()).split("[|]", 3);
    String[] im = show(x.imag()).split("[|]", 3);
    return x.dtype() + "|" + re[1] + "|" + re[2] + "|" + im[2];
}
long bytesRead() throws Exception {
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/io")))
        if (line.startsWith("rchar:")) return Long.parseLong(line.substring(6).strip());
    throw new IllegalStateException("no rchar in /proc/self/io");
}
long bytesWritten() throws Exception {
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/io")))
        if (line.startsWith("wchar:")) return Long.parseLong(line.substring(6).strip());
    throw new IllegalStateException("no wchar in /proc/self/io");
}
"""

def cx(re, im):
    """The complex array of exactly these parts (Python's re + 1j * im would turn a 0 times a negative into +0)."""
    z = np.empty(np.broadcast(re, im).shape, complex)
    z.real = re
    z.imag = im
    return z


# (Java expression, the same array in NumPy)
SAVED = [
    ('np.arange(0.0, 600.0, 1.0).reshape(30, 20).mul(0.37).add(-50.0)', np.arange(0.0, 600.0, 1.0).reshape(30, 20) * 0.37 - 50.0),
    ('np.arange(0.0, 300.0, 1.0).div(7.0).astype(DType.FLOAT32)', (np.arange(0.0, 300.0, 1.0) / 7.0).astype(np.float32)),
    ('np.arange(240).reshape(4, 6, 10).mul(-3)', np.arange(240).reshape(4, 6, 10) * -3),
    ('np.arange(200).astype(DType.INT32).sub(100)', np.arange(200).astype(np.int32) - 100),
    ('np.arange(150).reshape(15, 10).gt(70)', np.arange(150).reshape(15, 10) > 70),
    ('np.full(2.5, new int[0])', np.full((), 2.5)),
    ('np.zeros(DType.INT64, 0, 3)', np.zeros((0, 3), dtype=np.int64)),
    ('np.arange(0.0, 400.0, 1.0).reshape(20, 20).get("::2, 1:-1").T()', np.arange(0.0, 400.0, 1.0).reshape(20, 20)[::2, 1:-1].T),
    ('np.complex(np.arange(0.0, 600.0, 1.0).reshape(30, 20).div(7.0), np.arange(0.0, 600.0, 1.0).reshape(30, 20).mul(-0.5))',
     cx(np.arange(0.0, 600.0, 1.0).reshape(30, 20) / 7.0, np.arange(0.0, 600.0, 1.0).reshape(30, 20) * -0.5)),
    ('np.complex(np.arange(0.0, 300.0, 1.0).div(9.0), np.arange(0.0, 300.0, 1.0)).astype(DType.COMPLEX64).get("::-2")',
     cx(np.arange(0.0, 300.0, 1.0) / 9.0, np.arange(0.0, 300.0, 1.0)).astype(np.complex64)[::-2]),
]


@pytest.fixture(scope="module", params=["jdk17", "ranks2"])
def kernel(request):
    k = KernelSession(KERNELS[request.param], env={"LEGATE_PARTITION_THRESHOLD": "64"})
    reply, _ = k.execute(SHOW)
    assert reply["status"] == "ok", reply
    k.spec = request.param
    yield k
    k.close()


def run(kernel, code):
    reply, outputs = kernel.execute(code, timeout=60)
    assert reply["status"] == "ok", (code, reply.get("evalue"), reply.get("traceback"))
    return kernel.stdout(outputs).strip()


def numpy_bytes(array):
    f = io.BytesIO()
    np.save(f, array)
    return f.getvalue()


@pytest.mark.parametrize("k", range(len(SAVED)), ids=[s[0][:40] for s in SAVED])
def test_numpy_reads_what_a_kernel_saves_byte_for_byte(kernel, tmp_path, k):
    java, expected = SAVED[k]
    name = tmp_path / f"saved{k}"  # np.save adds .npy, as NumPy's does
    run(kernel, f'np.save("{name}", {java});')
    path = tmp_path / f"saved{k}.npy"
    got = np.load(path)
    assert got.dtype == expected.dtype and got.shape == expected.shape, (got.dtype, got.shape)
    np.testing.assert_array_equal(got, expected)
    assert path.read_bytes() == numpy_bytes(np.array(expected, order="C")), "another file than NumPy's np.save writes"


def written_by_numpy(tmp_path):
    """name -> (file, the array NumPy wrote): every layout and version NumPy writes."""
    a = np.arange(0.0, 600.0, 1.0).reshape(30, 20) / 3.0
    cases = {
        "c_f8": a,
        "fortran_f8": np.asfortranarray(a),
        "transposed_3d": np.arange(0.0, 480.0).reshape(8, 6, 10).T,  # Fortran-contiguous 3-D
        "big_f8": a.astype(">f8"),
        "big_i8": (np.arange(300) * -7).astype(">i8"),
        "little_i4": (np.arange(300) - 150).astype("<i4"),
        "big_i4_fortran": np.asfortranarray((np.arange(120) * 1000).reshape(12, 10).astype(">i4")),
        "f4": (np.arange(0.0, 200.0) / 9.0).astype(np.float32),
        "bool": np.arange(200).reshape(20, 10) % 3 == 0,
        "scalar": np.array(-4.25),
        "empty": np.zeros((0, 5)),
    }
    files = {}
    for name, array in cases.items():
        path = tmp_path / f"{name}.npy"
        np.save(path, array)
        files[name] = (path, array)
    for version in ((2, 0), (3, 0)):
        path = tmp_path / f"v{version[0]}.npy"
        with open(path, "wb") as f:
            np.lib.format.write_array(f, a, version=version)
        files[f"version{version[0]}"] = (path, a)
    return files


def test_a_kernel_reads_what_numpy_saves(kernel, tmp_path):
    for name, (path, expected) in written_by_numpy(tmp_path).items():
        text = run(kernel, f'System.out.println(show(np.load("{path}")));')
        dtype, shape, values = text.split("|")
        assert dtype == expected.dtype.newbyteorder("=").name, (name, dtype)
        assert shape == "[" + ", ".join(str(d) for d in expected.shape) + "]", (name, shape)
        got = np.array([float(v) for v in values.split()]).reshape(expected.shape)
        np.testing.assert_array_equal(got, expected.astype(np.float64), err_msg=name)


def test_a_kernel_reads_the_complex_files_numpy_saves(kernel, tmp_path):
    z = cx(np.arange(0.0, 600.0).reshape(30, 20) / 3.0, np.arange(600.0).reshape(30, 20) - 300.0)
    cases = {
        "c16": z,
        "c16_fortran": np.asfortranarray(z),
        "c16_big": z.astype(">c16"),
        "c8": z.astype(np.complex64),
        "c8_big_fortran_3d": np.asfortranarray(z.reshape(6, 5, 20).astype(">c8")),
        "c16_scalar": np.array(2.5 - 1j),
        "c16_nonfinite": np.array([complex(np.inf, -0.0), complex(np.nan, 1.0), complex(-0.0, -np.inf)]),
    }
    for name, expected in cases.items():
        path = tmp_path / f"{name}.npy"
        np.save(path, expected)
        text = run(kernel, f'var z = np.load("{path}"); System.out.println(showc(z));')
        dtype, shape, re, im = text.split("|")
        assert dtype == expected.dtype.newbyteorder("=").name, (name, dtype)
        assert shape == "[" + ", ".join(str(d) for d in expected.shape) + "]", (name, shape)
        got_re = np.array([float(v) for v in re.split()]).reshape(expected.shape)
        got_im = np.array([float(v) for v in im.split()]).reshape(expected.shape)
        for got, want in ((got_re, expected.real), (got_im, expected.imag)):
            np.testing.assert_array_equal(got, want.astype(np.float64), err_msg=name)
            assert (np.signbit(got) == np.signbit(want)).all(), name
        # and written back: NumPy's own bytes for it (C order, little-endian)
        back = tmp_path / f"{name}_back.npy"
        run(kernel, f'np.save("{back}", z);')
        assert back.read_bytes() == numpy_bytes(np.array(expected, dtype=expected.dtype.newbyteorder("<"), order="C")), name


def test_each_rank_reads_and_writes_only_its_own_rows(kernel, tmp_path):
    """A 4 MB array: on two ranks each rank's reads and writes for it are about half the data, never all of it."""
    path = tmp_path / "big.npy"
    data = np.arange(0.0, 512 * 1024.0).reshape(1024, 512)
    np.save(path, data)
    out = tmp_path / "big_out.npy"
    # measured inside one method: the compiler reads class files between a cell's statements
    text = run(kernel, f"""
long[] loadAndSave(String in, String out) throws Exception {{
    long r0 = bytesRead();
    var big = np.load(in);
    long r = bytesRead() - r0;
    var twice = big.mul(2.0);
    twice.sum(); // computed before the writes are counted
    long w0 = bytesWritten();
    np.save(out, twice);
    long w = bytesWritten() - w0;
    return new long[] {{r, w, (long) big.sum()}};
}}
long[] io = loadAndSave("{path}", "{out}");
System.out.println(Ranks.allreduce(io[0], ReduceOp.MIN) + " " + Ranks.allreduce(io[0], ReduceOp.MAX) + " "
        + Ranks.allreduce(io[1], ReduceOp.MIN) + " " + Ranks.allreduce(io[1], ReduceOp.MAX) + " " + io[2]);
""")
    rmin, rmax, wmin, wmax, total = text.split()
    size = data.nbytes
    ranks = 2 if kernel.spec == "ranks2" else 1
    for low, high in ((int(rmin), int(rmax)), (int(wmin), int(wmax))):
        assert size / ranks <= low <= high <= size / ranks + 64 * 1024, (text, size)
    assert int(total) == data.sum()
    np.testing.assert_array_equal(np.load(out), data * 2.0)


def test_bad_files_are_errors_naming_the_file_on_every_rank(kernel, tmp_path):
    good = numpy_bytes(np.arange(0.0, 100.0))
    truncated = tmp_path / "truncated.npy"
    truncated.write_bytes(good[:-80])
    strings = tmp_path / "strings.npy"
    np.save(strings, np.array(["ab", "cd"]))
    garbage = tmp_path / "garbage.npy"
    garbage.write_bytes(b"just some text, not an array\n")
    cases = [
        (truncated, "java.lang.IllegalArgumentException", f"np.load('{truncated}'): the file is truncated: a float64 array of shape (100,) "
                                                "needs 800 bytes of data after its 128-byte header, and the file has 720"),
        (strings, "java.lang.IllegalArgumentException", f"np.load('{strings}'): the file holds strings ('<U2'), which legate.numpy "
                                                "does not have yet (it has float64, float32, int64, int32, bool, float16, int16, int8, "
                                                "uint64, uint32, uint16, uint8, complex64, complex128)"),
        (garbage, "java.lang.IllegalArgumentException", f"np.load('{garbage}'): not a .npy file: it does not start with NumPy's magic"),
        (tmp_path / "absent.npy", "java.io.UncheckedIOException", f"np.load('{tmp_path / 'absent.npy'}'): no such file"),
    ]
    for path, ename, message in cases:
        reply, _ = kernel.execute(f'var bad = np.load("{path}");', timeout=60)
        assert reply["status"] == "error", (path, reply)
        assert reply["ename"] == ename, (path, reply["ename"], reply["evalue"])
        assert reply["evalue"].startswith(message), (path, reply["evalue"])
        if kernel.spec == "ranks2":  # the same error on both ranks: no rank is named, none went on alone
            assert "(on rank" not in reply["evalue"], reply["evalue"]
            assert "(on every rank of 2)" in reply["traceback"][-1], reply["traceback"]
    assert run(kernel, 'System.out.println(np.arange(4).sum());') == "6.0", "the kernel goes on"


def test_text_files_are_interchangeable_with_numpy(kernel, tmp_path):
    a = np.arange(0.0, 60.0, 1.0).reshape(20, 3) / 7.0 - 1.5
    ours = tmp_path / "ours.txt"
    run(kernel, f'np.savetxt("{ours}", np.arange(0.0, 60.0, 1.0).reshape(20, 3).div(7.0).sub(1.5));')
    theirs = tmp_path / "theirs.txt"
    np.savetxt(theirs, a)
    assert ours.read_bytes() == theirs.read_bytes(), "another text than NumPy's np.savetxt writes"
    np.testing.assert_array_equal(np.loadtxt(ours), a)
    for name, array, delimiter in (("column", np.linspace(-2.0, 3.0, 7), None), ("csv", a.T, ","), ("one", np.array([[2.75]]), None)):
        path = tmp_path / f"{name}.txt"
        np.savetxt(path, array, delimiter=delimiter or " ")
        expected = np.loadtxt(path, delimiter=delimiter)
        call = f'np.loadtxt("{path}", "{delimiter}")' if delimiter else f'np.loadtxt("{path}")'
        dtype, shape, values = run(kernel, f"System.out.println(show({call}));").split("|")
        assert shape == "[" + ", ".join(str(d) for d in expected.shape) + "]", (name, shape, expected.shape)
        np.testing.assert_array_equal(np.array([float(v) for v in values.split()]).reshape(expected.shape), expected, err_msg=name)


def dtype_cases():
    """The seven dtypes added beside the first five: their extremes, wrapping values and (float16) specials."""
    cases = {}
    for name in ("int8", "int16", "uint8", "uint16", "uint32", "uint64"):
        info = np.iinfo(name)
        base = np.array([info.min, info.max, 0, 1, info.max // 3, info.max - 1, info.min // 2 + 1, 7, 100], dtype=object)
        cases[name] = np.array([int(v) for v in base] * 8, dtype=name).reshape(8, 9)
    half = [0.0, -0.0, 1e-7, 6e-5, 0.1, 1 / 3, 65504.0, -65504.0, 1000.5, -2.25, float("inf"), float("-inf"), 3.0, 0.5,
            255.0, -1e-3, 7.0, 12.0]
    cases["float16"] = np.array(half * 4, dtype=np.float16).reshape(8, 9)
    return cases


@pytest.mark.parametrize("dtype", list(dtype_cases()))
def test_the_narrower_dtypes_round_trip_and_compute_as_numpy(kernel, tmp_path, dtype):
    """NumPy writes each dtype (little-endian C order, big-endian and Fortran order too); the kernel loads it, computes
    x*x - x (integers wrap, float16 rounds each step), sorts, sums along an axis, prints; its files are NumPy's bytes and
    its text is NumPy's repr."""
    x = dtype_cases()[dtype]
    with np.errstate(all="ignore"):
        y = x * x - x
    sorted_ = np.sort(x, axis=None)
    layouts = {"c": x, "big": x.astype(x.dtype.newbyteorder(">")), "fortran": np.asfortranarray(x)}
    for layout, array in layouts.items():
        path = tmp_path / f"{dtype}_{layout}.npy"
        np.save(path, array)
        out = tmp_path / f"{dtype}_{layout}_out"
        text = run(kernel, f'var x = np.load("{path}"); var y = x.mul(x).sub(x); np.save("{out}", y);'
                           f' np.save("{out}_sorted", np.sort(x.ravel())); np.save("{out}_sum", x.sum(1));'
                           f' System.out.println(x.dtype() + "\\n" + y);')
        got_type, got_repr = text.split("\n", 1)
        assert got_type == dtype, (layout, got_type)
        assert (tmp_path / f"{dtype}_{layout}_out.npy").read_bytes() == numpy_bytes(y), (layout, np.load(f"{out}.npy"), y)
        got_sorted = np.load(f"{out}_sorted.npy")  # values, not bytes: NumPy leaves the order of -0.0 and 0.0 open
        assert got_sorted.dtype == sorted_.dtype, layout
        np.testing.assert_array_equal(got_sorted, sorted_, err_msg=layout)
        if dtype != "uint64":  # 64-bit integer sums go through float64 (a limitation of the reductions)
            with np.errstate(all="ignore"):  # float16's infinities of both signs sum to NaN, as they should
                want_sum = x.sum(axis=1)
            np.testing.assert_array_equal(np.load(f"{out}_sum.npy"), want_sum, err_msg=layout)
            assert np.load(f"{out}_sum.npy").dtype == want_sum.dtype
        assert got_repr == repr(y), (layout, got_repr, repr(y))


def test_a_python_integer_out_of_a_dtypes_range_is_numpys_error(kernel):
    reply, _ = kernel.execute('var u = np.zeros(DType.UINT8, 100).add(300L);', timeout=60)
    assert reply["status"] == "error" and reply["evalue"].startswith("add: Python integer 300 out of bounds for uint8"), reply
    assert run(kernel, 'System.out.println(np.zeros(DType.UINT8, 100).add(255L).sum());') == "25500.0"
