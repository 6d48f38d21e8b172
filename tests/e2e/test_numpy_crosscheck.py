"""legate.numpy against NumPy (Debian's python3-numpy) on the same inputs, on one rank and on
two ranks with arrays split across them (LEGATE_PARTITION_THRESHOLD=64): slicing,
broadcasting, element-wise operations, reductions, matmul and stencils. Basic arithmetic must
give NumPy's bits; transcendental functions and sums agree to 1e-12 (another libm, another
summation order). Two ranks must give one rank's bits."""
import math

import numpy as np
import pytest

from conftest import KERNELS
from kernel_session import KernelSession

SETUP = """
var a = np.arange(0.0, 600.0, 1.0).reshape(30, 20).mul(0.37).add(-50.0);
var b = np.linspace(-3.0, 7.0, 20);
var c = np.arange(0.0, 30.0, 1.0).reshape(30, 1).div(7.0);
var m = np.arange(0.0, 140.0, 1.0).reshape(20, 7).div(3.0);
var s3 = np.arange(0.0, 600.0, 1.0).reshape(5, 6, 20).div(11.0);
var t3 = np.arange(0.0, 700.0, 1.0).reshape(5, 20, 7).mul(0.125).add(-3.0);
var perm = np.arange(0, 600, 1).mul(37L);
var sh = perm.sub(perm.div(600.0).floor().astype(DType.INT64).mul(600L)).astype(DType.FLOAT64).mul(0.5).sub(60.0);
var dup = sh.div(4.0).floor();
var ix = np.array(29L, -30L, 0L, 5L, 5L, -1L, 17L);
var ix2 = np.array(19L, -20L, 3L, 3L);
var t200 = np.arange(0, 200, 1).mul(13L);
var iy = t200.sub(t200.div(60.0).floor().astype(DType.INT64).mul(60L)).sub(30L);
var g = np.arange(0, 1600, 1).mul(37L).mod(101L).astype(DType.FLOAT64).div(101.0).reshape(40, 40);
var big = np.arange(0, 300, 1).mul(7L).mod(300L).add(1L << 60);
var rep = np.arange(0, 120, 1).mul(7L).mod(5L).reshape(40, 3);
var spd = g.matmul(g.T()).add(np.eye(40).mul(40.0));
var gd = g.add(np.eye(40).mul(10.0));
var rhs = np.arange(0.0, 120.0, 1.0).reshape(40, 3).div(9.0);
var za = np.complex(a, a.get("::-1").mul(0.5));
var zb = np.complex(c.add(1.0), b);
var zm = np.complex(m, m.mul(-0.25).add(1.0));
var z64 = za.astype(DType.COMPLEX64);
var zedge = np.complex(np.array(1.0, 0.6, 1.5e308, 1e308, -1e308, 710.0, Double.NEGATIVE_INFINITY, 0.9, 1.25, 0.7, 0.0, -2.0),
                       np.array(1e-10, 0.8, 1.5e308, 1e308, 1e-20, 2.5, Double.NEGATIVE_INFINITY, 1e-17, 0.5, -0.71, 0.0, -0.0));
String show(NDArray x) {
    StringBuilder s = new StringBuilder(java.util.Arrays.toString(x.shape()) + "|");
    for (double v : x.toDoubleArray()) s.append(Double.toString(v)).append(' ');
    return s.toString();
}
String showc(NDArray x) {
    return x.dtype() + "#" + show(x.real()) + "#" + show(x.imag());
}
"""

a = np.arange(0.0, 600.0, 1.0).reshape(30, 20) * 0.37 + -50.0
b = np.linspace(-3.0, 7.0, 20)
c = np.arange(0.0, 30.0, 1.0).reshape(30, 1) / 7.0
m = np.arange(0.0, 140.0, 1.0).reshape(20, 7) / 3.0
s3 = np.arange(0.0, 600.0, 1.0).reshape(5, 6, 20) / 11.0
t3 = np.arange(0.0, 700.0, 1.0).reshape(5, 20, 7) * 0.125 + -3.0

sh = ((np.arange(600) * 37) % 600).astype(float) * 0.5 - 60.0  # a permutation
dup = np.floor(sh / 4.0)  # with repeats
ix = np.array([29, -30, 0, 5, 5, -1, 17])
ix2 = np.array([19, -20, 3, 3])
iy = (np.arange(200) * 13) % 60 - 30

big = (np.arange(300) * 7) % 300 + 2**60  # 64-bit integers beyond 2^53: neighbours share a double
rep = (np.arange(120) * 7 % 5).reshape(40, 3)  # rows that repeat

g = ((np.arange(1600) * 37) % 101).astype(float).reshape(40, 40) / 101.0
spd = g @ g.T + np.eye(40) * 40.0
gd = g + np.eye(40) * 10.0
rhs = np.arange(0.0, 120.0, 1.0).reshape(40, 3) / 9.0
gd_nan = gd.copy()
gd_nan[3, 3] = np.nan
gd_nan_column = gd.copy()
gd_nan_column[:, 0] = np.nan

QUANTILE_METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen", "weibull",
                    "linear", "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint", "nearest"]


def assigned(x, index, value):
    y = x.copy()
    y[index] = value
    return y


def put(x, index, values):
    y = x.copy()
    np.put(y, index, values)
    return y




def cx(re, im):
    """The complex array of these parts, exactly (C order: NumPy's contiguous loops, which do not fuse a multiply and an add)."""
    z = np.empty(np.broadcast(re, im).shape, complex)
    z.real = re
    z.imag = im
    return z


za = cx(a, a[::-1] * 0.5)
zedge = cx(np.array([1.0, 0.6, 1.5e308, 1e308, -1e308, 710.0, -np.inf, 0.9, 1.25, 0.7, 0.0, -2.0]),
           np.array([1e-10, 0.8, 1.5e308, 1e308, 1e-20, 2.5, -np.inf, 1e-17, 0.5, -0.71, 0.0, -0.0]))
zb = cx(c + 1.0, b)
zm = cx(m, m * -0.25 + 1.0)
z64 = za.astype(np.complex64)

with np.errstate(invalid="ignore", over="ignore"):  # NaN and infinities on purpose
    log_a = np.log(a)
    huge_a = a * 1e307

# (Java expression, the NumPy result, exact?)
CASES = [
    ('a.get("1:-1, ::3")', a[1:-1, ::3], True),
    ('a.get("::-2, -1")', a[::-2, -1], True),
    ('a.get("..., 4")', a[..., 4], True),
    ('a.get("3, None")', a[3, None], True),
    ('a.get("-5:2:-1, 17:3:-4")', a[-5:2:-1, 17:3:-4], True),
    ('a.add(b)', a + b, True),
    ('a.mul(c)', a * c, True),
    ('c.sub(b)', c - b, True),
    ('np.div(1.0, a)', 1.0 / a, True),
    ('a.pow(2)', a ** 2, True),
    ('a.abs().sqrt()', np.sqrt(np.abs(a)), True),
    ('a.neg().maximum(b)', np.maximum(-a, b), True),
    ('a.div(100.0).exp()', np.exp(a / 100.0), False),
    ('a.abs().add(1.0).log()', np.log(np.abs(a) + 1.0), False),
    ('a.sin().add(a.cos()).add(a.div(60.0).tanh())', np.sin(a) + np.cos(a) + np.tanh(a / 60.0), False),
    ('a.gt(0.0).astype(DType.FLOAT64)', (a > 0.0).astype(float), True),
    ('np.where(a.lt(b), a, b.mul(2.0))', np.where(a < b, a, b * 2.0), True),
    ('np.logicalAnd(a.gt(-20.0), a.le(c.mul(30.0))).astype(DType.INT64)', np.logical_and(a > -20.0, a <= c * 30.0).astype(float), True),
    ('a.sum(0)', a.sum(0), False),
    ('a.sum(1)', a.sum(1), False),
    ('a.max(0)', a.max(0), True),
    ('a.min(1)', a.min(1), True),
    ('a.argmax(1)', a.argmax(1), True),
    ('a.mean(0)', a.mean(0), False),
    ('a.std(1)', a.std(1), False),
    ('a.matmul(m)', a @ m, False),
    ('m.T().matmul(b)', m.T @ b, False),
    ('s3.matmul(m)', s3 @ m, False),  # a stack of matrices times one matrix
    ('np.matmul(s3, t3)', s3 @ t3, False),  # stack times stack
    ('np.matmul(s3.get("0:1"), t3)', s3[0:1] @ t3, False),  # stacks broadcast
    ('np.matmul(b, t3)', b @ t3, False),  # a vector times a stack
    ('np.matmul(s3, b)', s3 @ b, False),
    ('np.dot(s3, t3)', np.dot(s3, t3), False),  # N-D dot: over s3's last axis and t3's second-to-last
    ('np.dot(s3, b)', np.dot(s3, b), False),
    ('np.dot(a.get("0:1, 0:1").reshape(), m)', np.dot(a[0, 0], m), True),
    ('a.div(7.0).floor()', np.floor(a / 7.0), True),
    ('a.div(10.0).erf()', np.vectorize(math.erf)(a / 10.0), False),  # NumPy has no erf: Python's math.erf (C's)
    ('a.div(7.0).ceil()', np.ceil(a / 7.0), True),
    ('a.mul(4.0).rint().div(4.0).add(0.125).rint()', np.rint(np.rint(a * 4.0) / 4.0 + 0.125), True),  # halves to even
    ('a.div(7.0).trunc()', np.trunc(a / 7.0), True),
    ('a.sign()', np.sign(a), True),
    ('np.sign(np.arange(-5, 5, 1).mul(3))', np.sign(np.arange(-5, 5, 1) * 3), True),
    ('a.div(100.0).log1p()', np.log1p(a / 100.0), False),
    ('a.div(100.0).expm1()', np.expm1(a / 100.0), False),
    ('a.abs().add(1.0).log10()', np.log10(np.abs(a) + 1.0), False),
    ('np.log2(a.abs().add(1.0))', np.log2(np.abs(a) + 1.0), False),
    ('a.div(60.0).tan()', np.tan(a / 60.0), False),
    ('a.div(200.0).arcsin().add(a.div(200.0).arccos())', np.arcsin(a / 200.0) + np.arccos(a / 200.0), False),
    ('np.arctan(a)', np.arctan(a), False),
    ('a.div(60.0).sinh().sub(a.div(60.0).cosh())', np.sinh(a / 60.0) - np.cosh(a / 60.0), False),
    ('a.arctan2(c.sub(2.0))', np.arctan2(a, c - 2.0), False),
    ('np.hypot(a, b)', np.hypot(a, b), False),
    ('a.clip(-10.0, 30.0)', np.clip(a, -10.0, 30.0), True),
    ('a.log().isnan().astype(DType.FLOAT64)', np.isnan(log_a).astype(float), True),
    ('a.log().isfinite().astype(DType.FLOAT64)', np.isfinite(log_a).astype(float), True),
    ('a.mul(1e307).isinf().astype(DType.FLOAT64)', np.isinf(huge_a).astype(float), True),
    ('a.T()', a.T, True),
    ('a.get("::2").reshape(-1, 10)', a[::2].reshape(-1, 10), True),
    ('np.roll(a, 3, 1)', np.roll(a, 3, 1), True),
    ('np.roll(a, -7, 0)', np.roll(a, -7, 0), True),
    ('np.concatenate(new NDArray[] {a, a.get(":4")}, 0)', np.concatenate([a, a[:4]], 0), True),
    ('np.stack(new NDArray[] {b, b.mul(2.0)}, 1)', np.stack([b, b * 2.0], 1), True),
    ('a.get("2:, 1:-1").add(a.get(":-2, 1:-1")).add(a.get("1:-1, 2:")).add(a.get("1:-1, :-2")).sub(a.get("1:-1, 1:-1").mul(4.0))',
     a[2:, 1:-1] + a[:-2, 1:-1] + a[1:-1, 2:] + a[1:-1, :-2] - a[1:-1, 1:-1] * 4.0, True),
    # advanced indexing (split arrays: LEGATE_PARTITION_THRESHOLD=64)
    ('a.get(a.gt(0.0))', a[a > 0.0], True),
    ('a.get(a.get(":, 3").lt(-10.0))', a[a[:, 3] < -10.0], True),
    ('s3.get(s3.get(":, :, 0").gt(20.0))', s3[s3[:, :, 0] > 20.0], True),
    ('np.nonzero(a.gt(20.0))[1]', np.nonzero(a > 20.0)[1], True),
    ('np.argwhere(s3.lt(3.0))', np.argwhere(s3 < 3.0), True),
    ('np.flatnonzero(a.gt(50.0))', np.flatnonzero(a > 50.0), True),
    ('a.get(ix)', a[ix], True),
    ('a.get(iy)', a[iy], True),
    ('a.get(iy.reshape(10, 20))', a[iy.reshape(10, 20)], True),
    ('a.take(iy)', np.take(a, iy), True),
    ('a.take(ix2, 1)', np.take(a, ix2, axis=1), True),
    ('s3.take(ix2, 2)', np.take(s3, ix2, axis=2), True),
    ('a.copy().set(a.lt(0.0), 0.0)', assigned(a, a < 0.0, 0.0), True),
    ('a.copy().set(a.gt(10.0), a.get(a.gt(10.0)).mul(2.0))', assigned(a, a > 10.0, a[a > 10.0] * 2.0), True),
    ('a.copy().set(a.get(":, 0").gt(0.0), b)', assigned(a, a[:, 0] > 0.0, b), True),
    ('a.copy().set(iy, -1.0)', assigned(a, iy, -1.0), True),
    ('a.copy().set(ix, a.get("0:7").mul(3.0))', assigned(a, ix, a[0:7] * 3.0), True),
    ('a.copy().put(iy, b)', put(a, iy, b), True),
    # several index arrays together (x[i, j]): broadcast, negative from the end, repeated positions
    ('a.get(ix.reshape(7, 1), ix2)', a[ix.reshape(7, 1), ix2], True),
    ('a.get(iy, iy.mod(20L))', a[iy, iy % 20], True),
    ('a.get(iy.reshape(10, 20), np.array(-1L))', a[iy.reshape(10, 20), np.array(-1)], True),
    ('s3.get(ix2.mod(5L), ix2.mod(6L))', s3[ix2 % 5, ix2 % 6], True),
    ('s3.get(ix2.mod(5L), ix2.mod(6L), ix2)', s3[ix2 % 5, ix2 % 6, ix2], True),
    ('a.copy().set(ix.reshape(7, 1), ix2, -1.0)', assigned(a, (ix.reshape(7, 1), ix2), -1.0), True),
    ('a.copy().set(iy, iy.mod(20L), np.arange(0.0, 200.0, 1.0))', assigned(a, (iy, iy % 20), np.arange(0.0, 200.0, 1.0)), True),
    ('a.T().copy().set(ix2, ix.get(":4"), b.get(":4"))', assigned(a.T, (ix2, ix[:4]), b[:4]), True),
    ('s3.copy().set(new NDArray[] {ix2.mod(5L), ix2.mod(6L)}, b)', assigned(s3, (ix2 % 5, ix2 % 6), b), True),
    # index arrays mixed with slices and integers (x[1:3, idx]): NumPy's placement of the index dimensions
    ('a.get("1:3", ix2)', a[1:3, ix2], True),
    ('a.get(iy, "::-3")', a[iy, ::-3], True),
    ('s3.get(ix2.mod(5L), ":", ix2)', s3[ix2 % 5, :, ix2], True),
    ('s3.get(":", ix2.mod(6L), "::2")', s3[:, ix2 % 6, ::2], True),
    ('s3.get(":", ix2.mod(6L).reshape(4, 1), ix2)', s3[:, (ix2 % 6).reshape(4, 1), ix2], True),
    ('s3.get(1, ":", ix2)', s3[1, :, ix2], True),
    ('s3.get("...", ix2)', s3[..., ix2], True),
    ('s3.get(":", "None", ix2.mod(6L))', s3[:, None, ix2 % 6], True),
    ('s3.get(":", ix2.mod(6L), "...", ix2)', s3[:, ix2 % 6, ..., ix2], True),  # a `...` of no axis still separates them
    ('s3.copy().set(new Object[] {":", ix2.mod(6L), "...", ix2}, np.arange(0.0, 5.0, 1.0))',
     assigned(s3, (slice(None), ix2 % 6, Ellipsis, ix2), np.arange(0.0, 5.0, 1.0)), True),
    ('a.get(a.get(":, 0").gt(100.0), "2:4")', a[a[:, 0] > 100.0, 2:4], True),
    ('s3.get("1:4", s3.get("0, :, 0").gt(1.0), -1)', s3[1:4, s3[0, :, 0] > 1.0, -1], True),
    ('a.get(ix2.mod(30L), b.gt(5.0))', a[ix2 % 30, b > 5.0], True),
    ('a.copy().set(ix2.mod(30L), b.gt(5.0), -2.0)', assigned(a, (ix2 % 30, b > 5.0), -2.0), True),
    ('a.copy().set(new Object[] {"::2", ix2}, -1.0)', assigned(a, (slice(None, None, 2), ix2), -1.0), True),
    ('s3.copy().set(new Object[] {1, ":", ix2}, np.arange(0.0, 24.0, 1.0).reshape(4, 6))',
     assigned(s3, (1, slice(None), ix2), np.arange(0.0, 24.0, 1.0).reshape(4, 6)), True),
    ('s3.copy().set(new Object[] {":", ix2.mod(6L), "::2"}, np.arange(0.0, 10.0, 1.0))',
     assigned(s3, (slice(None), ix2 % 6, slice(None, None, 2)), np.arange(0.0, 10.0, 1.0)), True),
    # scans: NumPy's order, NumPy's bits
    ('a.cumsum()', a.cumsum(), True),
    ('a.cumsum(0)', a.cumsum(0), True),
    ('a.cumsum(1)', a.cumsum(1), True),
    ('a.div(50.0).cumprod(0)', (a / 50.0).cumprod(0), True),
    ('s3.cumsum(1)', s3.cumsum(1), True),
    ('np.arange(600).reshape(30, 20).cumsum(0)', np.arange(600).reshape(30, 20).cumsum(0), True),
    # sorting and order statistics
    ('np.sort(sh)', np.sort(sh), True),
    ('np.sort(sh, 0, "mergesort")', np.sort(sh, kind="mergesort"), True),
    ('np.unique(rep, 0)', np.unique(rep, axis=0), True),
    ('np.unique(rep.T(), 1)', np.unique(rep.T, axis=1), True),
    ('np.unique(rep.astype(DType.FLOAT64).div(2.0).reshape(10, 4, 3), 1)', np.unique((rep / 2.0).reshape(10, 4, 3), axis=1), True),
    ('np.unique(dup.reshape(100, 6).get(":, :2"), 0)', np.unique(dup.reshape(100, 6)[:, :2], axis=0), True),
    ('np.unique(rep.get(":, 0"), 0)', np.unique(rep[:, 0], axis=0), True),
    # with axis: first occurrences, inverse and counts of the distinct sub-arrays
    ('np.unique(rep, true, true, true, 0)[1]', np.unique(rep, True, True, True, axis=0)[1], True),
    ('np.unique(rep, true, true, true, 0)[2]', np.unique(rep, True, True, True, axis=0)[2], True),
    ('np.unique(rep, true, true, true, 0)[3]', np.unique(rep, True, True, True, axis=0)[3], True),
    ('np.unique(rep.T(), false, true, false, 1)[1]', np.unique(rep.T, return_inverse=True, axis=1)[1], True),
    ('np.unique(dup.reshape(100, 6).get(":, :2"), false, false, true, 0)[1]',
     np.unique(dup.reshape(100, 6)[:, :2], return_counts=True, axis=0)[1], True),
    ('np.unique(np.zeros(4, 0), true, true, true, 0)[2]', np.unique(np.zeros((4, 0)), True, True, True, axis=0)[2], True),
    ('np.argsort(dup, 0, "quicksort")', np.argsort(dup, kind="stable"), True),  # ties: a stable order is a correct quicksort's
    ('np.quantile(a, 0.3, 1, "linear", true)', np.quantile(a, 0.3, axis=1, keepdims=True), True),
    ('np.quantile(s3, new double[] {0.1, 0.9}, 1, "hazen", true)', np.quantile(s3, [0.1, 0.9], axis=1, method="hazen", keepdims=True), True),
    ('np.percentile(a, 75.0, 0, "nearest", true)', np.percentile(a, 75.0, axis=0, method="nearest", keepdims=True), True),
    ('np.sort(sh.reshape(30, 20))', np.sort(sh.reshape(30, 20)), True),
    ('np.sort(sh.reshape(30, 20), 0)', np.sort(sh.reshape(30, 20), 0), True),
    ('np.argsort(dup)', np.argsort(dup, kind="stable"), True),
    ('np.argsort(dup.reshape(30, 20), 0)', np.argsort(dup.reshape(30, 20), axis=0, kind="stable"), True),
    ('np.unique(dup)', np.unique(dup), True),
    ('np.sort(dup).searchsorted(np.linspace(-20.0, 80.0, 41))', np.searchsorted(np.sort(dup), np.linspace(-20.0, 80.0, 41)), True),
    ('np.searchsorted(np.sort(dup), np.linspace(-20.0, 80.0, 41), "right")',
     np.searchsorted(np.sort(dup), np.linspace(-20.0, 80.0, 41), "right"), True),
    ('np.quantile(sh, 0.0, 0.13, 0.5, 0.77, 1.0)', np.quantile(sh, [0.0, 0.13, 0.5, 0.77, 1.0]), True),
    ('np.percentile(a, 12.5, 50.0, 99.0)', np.percentile(a, [12.5, 50.0, 99.0]), True),
    ('np.quantile(iy, 0.0, 0.3, 0.5, 1.0)', np.quantile(iy, [0.0, 0.3, 0.5, 1.0]), True),  # integers
    # every one of NumPy's 13 quantile methods, NumPy's bits: floats, integers (the discrete methods keep int64), along an axis
    *[(f'np.quantile(sh, new double[] {{0.0, 0.01, 0.13, 0.5, 0.77, 0.99, 1.0}}, "{m}")',
       np.quantile(sh, [0.0, 0.01, 0.13, 0.5, 0.77, 0.99, 1.0], method=m), True) for m in QUANTILE_METHODS],
    *[(f'np.quantile(iy, new double[] {{0.0, 0.3, 0.55, 0.9}}, "{m}")', np.quantile(iy, [0.0, 0.3, 0.55, 0.9], method=m), True)
      for m in QUANTILE_METHODS],
    ('np.quantile(a, 0.3, 1)', np.quantile(a, 0.3, axis=1), True),
    ('np.quantile(s3, new double[] {0.1, 0.5, 0.9}, 1, "midpoint")', np.quantile(s3, [0.1, 0.5, 0.9], axis=1, method="midpoint"), True),
    ('np.percentile(a.astype(DType.FLOAT32), 40.0, 0, "weibull")', np.percentile(a.astype(np.float32), 40.0, axis=0, method="weibull"), True),
    # lines holding a NaN give NaN (log: another libm, within 1e-12)
    ('np.quantile(a.log(), 0.5, 1)', np.quantile(log_a, 0.5, axis=1), False),
    ('np.quantile(a.log(), new double[] {0.2, 0.6}, 0, "nearest")', np.quantile(log_a, [0.2, 0.6], axis=0, method="nearest"), False),
    ('np.unique(dup, true, true, true)[1]', np.unique(dup, True, True, True)[1], True),  # first occurrences
    ('np.unique(dup, true, true, true)[2]', np.unique(dup, True, True, True)[2], True),  # inverse
    ('np.unique(dup, true, true, true)[3]', np.unique(dup, True, True, True)[3], True),  # counts
    ('np.unique(dup.reshape(30, 20), false, true, false)[1]', np.unique(dup.reshape(30, 20), return_inverse=True)[1], True),
    ('np.unique(a.log(), false, false, true)[1]', np.unique(log_a, return_counts=True)[1], True),  # the NaNs count as one value
    ('np.array(np.median(iy), np.median(np.arange(7)))', np.array([np.median(iy), np.median(np.arange(7))]), True),
    ('np.histogram(sh, 13)[0]', np.histogram(sh, 13)[0], True),
    ('np.histogram(sh, 13)[1]', np.histogram(sh, 13)[1], True),
    ('np.histogram(a, 6, -20.0, 40.0)[0]', np.histogram(a, 6, (-20.0, 40.0))[0], True),
    # einsum, tensordot, outer
    ('np.einsum("ij,jk->ik", a, m)', np.einsum("ij,jk->ik", a, m), False),
    ('np.einsum("kac,kbc->kab", s3, s3)', np.einsum("kac,kbc->kab", s3, s3), False),
    ('np.einsum("ijk,ikl->ijl", s3, t3)', np.einsum("ijk,ikl->ijl", s3, t3), False),
    ('np.einsum("ij->ji", a)', np.einsum("ij->ji", a), True),
    ('np.einsum("ij,kj->ikj", a, a.get("0:4"))', np.einsum("ij,kj->ikj", a, a[0:4]), True),
    ('np.einsum("ij,jk,kl", a, m, m.T())', np.einsum("ij,jk,kl", a, m, m.T), False),
    ('np.einsum("i,i", b, b)', np.einsum("i,i", b, b), False),
    ('np.einsum("ij->j", a)', np.einsum("ij->j", a), False),
    ('np.tensordot(a, m, 1)', np.tensordot(a, m, 1), False),
    ('np.tensordot(s3, s3.get("0"))', np.tensordot(s3, s3[0]), False),
    ('np.outer(b, b.get("0:5"))', np.outer(b, b[:5]), True),
    # linear algebra: LAPACK computes in another order, so within 1e-12
    ('np.linalg.cholesky(spd)', np.linalg.cholesky(spd), False),
    ('np.linalg.solve(gd, rhs)', np.linalg.solve(gd, rhs), False),
    ('np.linalg.solve(gd, rhs.get(":, 1"))', np.linalg.solve(gd, rhs[:, 1]), False),
    ('np.linalg.inv(gd)', np.linalg.inv(gd), False),
    ('np.linalg.solve(gd.copy().set("3, 3", Double.NaN), rhs)', np.linalg.solve(gd_nan, rhs), False),  # NaN, not "singular", as LAPACK
    ('np.linalg.solve(gd.copy().set(":, 0", Double.NaN), rhs.get(":, 0"))', np.linalg.solve(gd_nan_column, rhs[:, 0]), False),
    ('np.linalg.qr(gd)[0]', np.linalg.qr(gd)[0], False),
    ('np.linalg.qr(gd)[1]', np.linalg.qr(gd)[1], False),
    ('np.linalg.qr(gd.get(":, 0:25"))[0]', np.linalg.qr(gd[:, 0:25])[0], False),  # tall
    ('np.linalg.qr(gd.get("0:25"))[1]', np.linalg.qr(gd[0:25])[1], False),  # wide
    ('np.linalg.svd(gd, false)', np.linalg.svd(gd, compute_uv=False), False),  # one-sided Jacobi against LAPACK's divide and conquer
    ('np.linalg.svd(a, false)', np.linalg.svd(a, compute_uv=False), False),  # tall, rank 2
    ('np.linalg.svd(m.T(), false)', np.linalg.svd(m.T, compute_uv=False), False),  # wide
    ('np.linalg.norm(a, 2.0, 1)', np.linalg.norm(a, 2, axis=1), False),
    ('np.linalg.norm(a, Double.POSITIVE_INFINITY, 0)', np.linalg.norm(a, np.inf, axis=0), True),
    # shapes and counts
    ('np.diag(b)', np.diag(b), True),
    ('np.diag(b, -3)', np.diag(b, -3), True),
    ('np.diag(a)', np.diag(a), True),
    ('np.diag(a, 5)', np.diag(a, 5), True),
    ('np.diag(a, -4)', np.diag(a, -4), True),
    ('np.tile(b, 3, 2)', np.tile(b, (3, 2)), True),
    ('np.tril(a)', np.tril(a), True),
    ('np.triu(a, 3)', np.triu(a, 3), True),
    ('np.tril(s3, -2)', np.tril(s3, -2), True),
    ('np.flip(a, 1)', np.flip(a, 1), True),
    ('np.hstack(a, a)', np.hstack([a, a]), True),
    ('np.vstack(b, b)', np.vstack([b, b]), True),
    ('np.bincount(iy.add(30L))', np.bincount(iy + 30), True),
    ('np.bincount(iy.add(30L), sh.get("0:200"), 70)', np.bincount(iy + 30, sh[0:200], 70), True),
    ('a.mod(7.0)', a % 7.0, True),
    ('a.mod(-3.5)', a % -3.5, True),
    ('np.mod(np.arange(-50, 50, 1), 7L)', np.arange(-50, 50) % 7, True),
    ('np.mod(np.arange(-50, 50, 1), -7L)', np.arange(-50, 50) % -7, True),
]

# complex results: (Java expression, NumPy's, exact?); legate.numpy's complex arithmetic composes NumPy's formulas
# from real operations, so + - * / and integer powers give NumPy's bits; exp, log, abs, angle and sqrt go through other libm functions
COMPLEX_CASES = [
    ('za.add(zb)', za + zb, True),
    ('za.sub(zb)', za - zb, True),
    ('za.mul(zb)', za * zb, True),
    ('za.div(zb)', za / zb, True),
    ('za.div(za.get("::-1"))', za / np.ascontiguousarray(za[::-1]), True),
    ('za.mul(a)', za * a, True),
    ('zb.div(b)', zb / b, True),
    ('za.div(2.5)', za / 2.5, True),
    ('np.div(1.0, za)', 1.0 / za, True),
    ('za.mul(new Complex(0.5, -2))', za * (0.5 - 2j), True),
    ('b.add(new Complex(1, 2))', b + (1 + 2j), True),
    ('za.neg()', -za, True),
    ('za.conj()', np.conj(za), True),
    ('za.div(100.0).exp()', np.exp(za / 100.0), False),
    ('za.div(20.0).pow(5)', (za / 20.0) ** 5, True),
    ('za.pow(-3)', za ** -3, True),
    ('za.pow(-1)', za ** -1, True),
    ('za.pow(2)', za ** 2, True),
    ('z64.div(50.0).pow(7)', (z64 / 50.0) ** 7, True),
    ('np.where(a.gt(0.0), za, zb)', np.where(a > 0.0, za, zb), True),
    ('np.where(a.gt(0.0), 2.5, za)', np.where(a > 0.0, 2.5, za), True),
    ('za.sqrt()', np.sqrt(za), False),
    ('za.log()', np.log(za), False),
    ('z64.mul(z64.get("::-1"))', z64 * np.ascontiguousarray(z64[::-1]), True),
    ('z64.div(zb)', z64 / zb, True),
    ('z64.sqrt()', np.sqrt(z64), True),
    ('za.get("1:-1, ::3")', za[1:-1, ::3], True),
    ('za.T()', za.T, True),
    ('za.reshape(20, 30).get("::7")', za.reshape(20, 30)[::7], True),
    ('za.get(ix)', za[ix], True),
    ('za.get(a.gt(0.0))', za[a > 0.0], True),
    ('za.take(ix2, 1)', np.take(za, ix2, 1), True),
    ('np.concatenate(za, zb.get(":4"))', np.concatenate([za, zb[:4]]), True),
    ('za.copy().set("1:3, ::2", zb.get("0, ::2"))', assigned(za, (slice(1, 3), slice(None, None, 2)), zb[0, ::2]), True),
    ('za.copy().set("::5", new Complex(7, -1))', assigned(za, slice(None, None, 5), 7 - 1j), True),
    ('za.copy().set("-1", 3.5)', assigned(za, -1, 3.5), True),
    ('a.astype(DType.COMPLEX128)', a.astype(complex), True),
    ('za.sum(0)', za.sum(0), False),
    ('za.mean(1)', za.mean(1), False),
    ('za.matmul(zm)', za @ zm, False),
    ('a.matmul(zm)', a @ zm, False),
    ('np.dot(za, zm)', np.dot(za, zm), False),
    ('np.outer(zb.get("0"), za.get("1, :5"))', np.outer(zb[0], za[1, :5]), True),
    ('np.tensordot(za.reshape(5, 6, 20), zm, 1)', np.tensordot(za.reshape(5, 6, 20), zm, 1), False),
    ('np.einsum("ij,ij->i", za, zb)', np.einsum("ij,ij->i", za, zb), False),
    ('np.einsum("ij,jk->ik", m.T(), zm)', np.einsum("ij,jk->ik", m.T, zm), False),
]
COMPLEX_REALS = [
    ('za.abs()', np.abs(za), False),
    ('np.angle(za)', np.angle(za), False),
    ('za.real()', za.real, True),
    ('za.imag()', za.imag, True),
    ('za.eq(za.copy().set("2, 3", 0.0))', za == assigned(za, (2, 3), 0.0), True),
    ('za.ne(zb)', za != zb, True),
]
# values where C's clog, csqrt and cexp take care a plain formula does not (|z| near 1, overflowing
# intermediates, infinities): each part within 1e-12 of NumPy's relative to itself, zeros' signs included
with np.errstate(all="ignore"):
    COMPLEX_EDGES = [('zedge.log()', np.log(zedge)), ('zedge.sqrt()', np.sqrt(zedge)), ('zedge.exp()', np.exp(zedge)),
                     ('np.array(1.0, 2.0).eq(new Complex(1, 0))', np.array([1.0, 2.0]) == (1 + 0j)),
                     ('np.dot(np.complex(np.array(Double.POSITIVE_INFINITY), np.array(0.0)), np.array(1.0))',
                      np.dot(cx(np.array([np.inf]), np.array([0.0])), np.array([1.0]))),
                     ('np.complex(np.array(0.0), np.array(1e200)).pow(-2)', cx(np.array([0.0]), np.array([1e200])) ** -2)]
COMPLEX_SCALARS = [
    ('za.csum()', za.sum()), ('zm.conj().mul(zm).csum()', (np.conj(zm) * zm).sum()), ('za.cmean()', za.mean()), ('za.citem(3, 4)', za[3, 4]), ('zb.get("2:").citem(-1)', zb[2:].flat[-1]),
]

SCALARS = [
    ('np.linalg.norm(za)', np.linalg.norm(za)),
    ('za.var()', za.var()), ('za.std()', za.std()),
    ('a.sum()', a.sum()), ('a.mean()', a.mean()), ('a.std()', a.std()), ('a.var()', a.var()),
    ('a.max()', a.max()), ('a.min()', a.min()), ('a.argmax()', a.argmax()), ('a.argmin()', a.argmin()),
    ('big.argmax()', big.argmax()), ('big.argmin()', big.argmin()), ('big.get("7:").argmax()', big[7:].argmax()),
    ('a.get("1:-1, ::3").sum()', a[1:-1, ::3].sum()), ('np.linalg.norm(a)', np.linalg.norm(a)),
    ('a.item(17, 3)', a[17, 3]), ('a.item(-1)', a.flat[-1]),
    ('np.median(sh)', np.median(sh)), ('np.median(dup.get(":-1"))', np.median(dup[:-1])), ('np.quantile(a, 0.3)', np.quantile(a, 0.3)),
    ('np.countNonzero(a.gt(0.0))', np.count_nonzero(a > 0.0)),
    ('np.linalg.norm(a, 1.0)', np.linalg.norm(a, 1)), ('np.linalg.norm(a, Double.POSITIVE_INFINITY)', np.linalg.norm(a, np.inf)),
    ('np.linalg.norm(b, 3.0)', np.linalg.norm(b, 3)), ('np.linalg.norm(a, "fro")', np.linalg.norm(a, "fro")), ('np.linalg.norm(gd, 2.0)', np.linalg.norm(gd, 2)),
    ('np.linalg.norm(gd, -2.0)', np.linalg.norm(gd, -2)), ('np.linalg.norm(m, "nuc")', np.linalg.norm(m, "nuc")),
    ('np.linalg.cond(spd)', np.linalg.cond(spd)), ('np.searchsorted(np.sort(dup), 10.0)', np.searchsorted(np.sort(dup), 10.0)),
]


def parse(text):
    shape, values = text.split("|")
    shape = [int(x) for x in shape.strip("[]").split(",") if x.strip()]
    return np.array([float(v) for v in values.split()]).reshape(shape)


@pytest.fixture(scope="module", params=["jdk17", "ranks2"])
def kernel(request):
    k = KernelSession(KERNELS[request.param], env={"LEGATE_PARTITION_THRESHOLD": "64"})
    reply, _ = k.execute(SETUP)
    assert reply["status"] == "ok", reply
    k.spec = request.param
    yield k
    k.close()


RESULTS = {}


def run(kernel, code):
    reply, outputs = kernel.execute(code, timeout=60)
    assert reply["status"] == "ok", (code, reply.get("evalue"))
    return kernel.stdout(outputs).strip()


@pytest.mark.parametrize("java,expected,exact", CASES, ids=[c[0][:40] for c in CASES])
def test_arrays_match_numpy(kernel, java, expected, exact):
    text = run(kernel, f"System.out.println(show({java}));")
    got = parse(text)
    assert got.shape == expected.shape, (java, got.shape, expected.shape)
    if exact:
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    RESULTS.setdefault(java, {})[kernel.spec] = text


@pytest.mark.parametrize("java,expected", SCALARS, ids=[s[0] for s in SCALARS])
def test_scalars_match_numpy(kernel, java, expected):
    text = run(kernel, f"System.out.println(Double.toString({java}));")
    np.testing.assert_allclose(float(text), expected, rtol=1e-12)
    RESULTS.setdefault(java, {})[kernel.spec] = text


@pytest.mark.parametrize("java,expected,exact", COMPLEX_CASES + COMPLEX_REALS, ids=[c[0][:40] for c in COMPLEX_CASES + COMPLEX_REALS])
def test_complex_arrays_match_numpy(kernel, java, expected, exact):
    complex_result = np.iscomplexobj(expected)
    text = run(kernel, f"System.out.println({'showc' if complex_result else 'show'}({java}));")
    if complex_result:
        dtype, re, im = text.split("#")
        assert dtype == expected.dtype.name, (java, dtype)
        got = parse(re) + 1j * parse(im)
        got.real, got.imag = parse(re), parse(im)  # exactly the parts (1j * inf would make a NaN)
    else:
        got = parse(text)
    assert got.shape == expected.shape, (java, got.shape, expected.shape)
    if exact:
        np.testing.assert_array_equal(got, expected)
    else:
        rtol = 1e-6 if expected.dtype == np.complex64 else 1e-12
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol)
    RESULTS.setdefault(java, {})[kernel.spec] = text


@pytest.mark.parametrize("java,expected", COMPLEX_EDGES, ids=[e[0][:40] for e in COMPLEX_EDGES])
def test_complex_special_values_are_cs(kernel, java, expected):
    if np.iscomplexobj(expected):
        dtype, re, im = run(kernel, f"System.out.println(showc({java}));").split("#")
        got = [parse(re), parse(im)]
        want = [expected.real, expected.imag]
    else:
        got = [parse(run(kernel, f"System.out.println(show({java}));"))]
        want = [expected.astype(float)]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=0, err_msg=java)
        finite_zero = (w == 0)
        assert (np.signbit(g[finite_zero]) == np.signbit(w[finite_zero])).all(), (java, g, w)


@pytest.mark.parametrize("java,expected", COMPLEX_SCALARS, ids=[s[0] for s in COMPLEX_SCALARS])
def test_complex_scalars_match_numpy(kernel, java, expected):
    text = run(kernel, f"var r = {java}; System.out.println(r.re() + \" \" + r.im() + \" \" + r);")
    re, im, printed = text.split(" ", 2)
    np.testing.assert_allclose(float(re) + 1j * float(im), expected, rtol=1e-12)
    if complex(float(re), float(im)) == complex(expected):
        assert printed == repr(complex(expected)), "printed as Python prints a complex"
    RESULTS.setdefault(java, {})[kernel.spec] = text


def test_two_ranks_give_one_ranks_bits():
    """Runs last in this module: every result recorded on both kernels is the same text."""
    both = {k: v for k, v in RESULTS.items() if len(v) == 2}
    assert len(both) == len(CASES) + len(SCALARS) + len(COMPLEX_CASES) + len(COMPLEX_REALS) + len(COMPLEX_SCALARS), \
        "both kernels ran every case"
    for java, by_spec in both.items():
        assert by_spec["jdk17"] == by_spec["ranks2"], java


REPRS = [
    ("np.arange(0.0, 10.0, 1.0).div(3.0)", "np.arange(0.0, 10.0, 1.0) / 3.0"),
    ("np.arange(12).reshape(3, 4)", "np.arange(12).reshape(3, 4)"),
    ("np.linspace(-1, 1, 7).mul(1e5)", "np.linspace(-1, 1, 7) * 1e5"),
    ("np.array(1e-7, 1.0, 123.5)", "np.array([1e-7, 1.0, 123.5])"),
    ("np.arange(0.0, 30.0, 1.0).reshape(2, 3, 5).sub(7.5)", "np.arange(0.0, 30.0, 1.0).reshape(2, 3, 5) - 7.5"),
    ("np.arange(2000).mul(3L)", "np.arange(2000) * 3"),
    ("np.arange(0.0, 1200.0, 1.0).reshape(40, 30).div(7.0)", "np.arange(0.0, 1200.0, 1.0).reshape(40, 30) / 7.0"),
    ("np.arange(6).gt(2.5)", "np.arange(6) > 2.5"),
    ("np.ones(3).astype(DType.FLOAT32)", "np.ones(3, dtype=np.float32)"),
    # the dtype on a line of its own when it would pass the line width (numpy's array_repr)
    ("np.array(-3.0, 5.5, -2.0, 4.0, -1.0, 2.5, -2.5, 1.0, -1.5).astype(DType.FLOAT32)",
     "np.array([-3.0, 5.5, -2.0, 4.0, -1.0, 2.5, -2.5, 1.0, -1.5], dtype=np.float32)"),
    ("np.arange(0, 13, 1).mul(1001L).astype(DType.INT32)", "np.arange(13, dtype=np.int32) * 1001"),
    ("np.arange(30).astype(DType.FLOAT64).mul(1.5)", "np.arange(30) * 1.5"),
    ("np.complex(np.arange(0.0, 6.0, 1.0).sub(2.5), np.linspace(-1.0, 2.0, 6))", "cx(np.arange(0.0, 6.0, 1.0) - 2.5, np.linspace(-1.0, 2.0, 6))"),
    ("np.complex(np.arange(0.0, 6.0, 1.0).div(3.0), np.arange(0.0, 6.0, 1.0).mul(-1e5)).astype(DType.COMPLEX64)",
     "cx(np.arange(0.0, 6.0, 1.0) / 3.0, np.arange(0.0, 6.0, 1.0) * -1e5).astype(np.complex64)"),
    ("np.complex(np.arange(0.0, 2000.0, 1.0).div(7.0), np.arange(0.0, 2000.0, 1.0)).reshape(40, 50)",
     "cx(np.arange(0.0, 2000.0, 1.0) / 7.0, np.arange(0.0, 2000.0, 1.0)).reshape(40, 50)"),
    ("np.complex(np.array(1.0, Double.NaN, -0.0), np.array(Double.POSITIVE_INFINITY, 2.0, Double.NaN))",
     "np.array([complex(1.0, np.inf), complex(np.nan, 2.0), complex(-0.0, np.nan)])"),
    ("np.zeros(DType.COMPLEX64, 2, 2)", "np.zeros((2, 2), dtype=np.complex64)"),
    # rows that end at the last column NumPy allows at their depth (73 for 1-D, one less each level)
    ("np.arange(0, 23, 1).mod(10L)", "np.arange(23) % 10"),
    ("np.arange(0.0, 52.0, 1.0).reshape(2, 2, 13)", "np.arange(0.0, 52.0).reshape(2, 2, 13)"),
    ("np.complex(np.arange(0.0, 13.0, 1.0), np.arange(0.0, 13.0, 1.0).mul(-0.5)).reshape(1, 13)",
     "cx(np.arange(0.0, 13.0), np.arange(0.0, 13.0) * -0.5).reshape(1, 13)"),
]


@pytest.mark.parametrize("java,python", REPRS, ids=[r[0][:40] for r in REPRS])
def test_repr_is_numpys(kernel, java, python):
    reply, outputs = kernel.execute(java)
    assert reply["status"] == "ok", reply
    assert kernel.result(outputs)["text/plain"] == repr(eval(python))


def test_running_out_of_sysmem_is_an_error_and_the_kernel_goes_on(kernel):
    reply, _ = kernel.execute("var keep = np.ones(1000);\nnp.zeros(100000, 100000)")
    assert reply["status"] == "error"
    assert reply["ename"] == "legate.runtime.OutOfMemoryError"
    assert "out of array memory (--sysmem 4000 MB per rank): asked for" in reply["evalue"]
    reply, outputs = kernel.execute("keep.sum()")
    assert kernel.result(outputs)["text/plain"] == "1000.0"


def test_interrupting_an_array_loop_leaves_the_ranks_in_step(kernel):
    """An interrupt can land anywhere in an exchange of halo rows; the next cells still agree."""
    import time
    msg_id = kernel.start_cell('var w = np.random(5).rand(300, 40);\n'
                               'while (true) { w.set("1:-1", w.get("2:").add(w.get(":-2")).mul(0.5)); }')
    time.sleep(1.5)
    kernel.km.interrupt_kernel()
    reply = kernel.reply(msg_id, timeout=20)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted", reply["content"]
    reply, outputs = kernel.execute("var z = np.arange(0.0, 1000.0, 1.0); z.get(\"1:\").add(z.get(\":-1\")).sum()")
    assert reply["status"] == "ok", reply
    assert kernel.result(outputs)["text/plain"] == str(float(sum(range(1, 1000)) + sum(range(0, 999))))


BAD_INDEXING = [
    ('a.get(np.array(0L, 30L))', "java.lang.IndexOutOfBoundsException",
     "get(index array): index 30 is out of bounds for axis 0 with size 30"),
    ('a.get(iy.copy().set("150", 45.0))', "java.lang.IndexOutOfBoundsException",  # the bad index is on rank 1 only
     "get(index array): index 45 is out of bounds for axis 0 with size 30"),
    ('a.copy().put(np.array(600L), 1.0)', "java.lang.IndexOutOfBoundsException",
     "put: index 600 is out of bounds for axis 0 with size 600"),
    ('a.get(b.gt(0.0))', "java.lang.IllegalArgumentException",
     "get(mask): boolean index did not match indexed array along dimension 0; dimension is 30 but corresponding boolean "
     "dimension is 20 (array (30, 20), mask (20,))"),
    ('a.get(b)', "java.lang.IllegalArgumentException",
     "get(index array): arrays used as indices must be of integer (or boolean) type, not float64"),
    ('a.copy().set(a.gt(0.0), np.ones(3))', "java.lang.IllegalArgumentException",
     "set(mask): NumPy boolean array indexing assignment cannot assign 3 input values to the 464 output values where the mask is true"),
    ('np.quantile(a, 1.5)', "java.lang.IllegalArgumentException", "quantile: Quantiles must be in the range [0, 1] (got 1.5)"),
    ('a.get(np.array(0L, 3L), np.array(1L, 20L))', "java.lang.IndexOutOfBoundsException",
     "get(index arrays): index 20 is out of bounds for axis 1 with size 20"),
    ('a.get(iy, iy.mod(20L).set("150", -21.0))', "java.lang.IndexOutOfBoundsException",  # the bad index is on rank 1 only
     "get(index arrays): index -21 is out of bounds for axis 1 with size 20"),
    ('a.get(ix, ix2)', "java.lang.IllegalArgumentException",
     "get(index arrays): shape mismatch: indexing arrays could not be broadcast together with shapes (7,) (4,)"),
    ('np.sort(sh, 0, "bogus")', "java.lang.IllegalArgumentException", "sort kind must be one of 'quick', 'heap', or 'stable' (got 'bogus')"),
    ('a.get(ix, ix, ix)', "java.lang.IllegalArgumentException",
     "get(index arrays): too many indices for array: array is 2-dimensional, but 3 were indexed"),
    ('a.get("1:3", np.array(0L, 20L))', "java.lang.IndexOutOfBoundsException",
     "get(index): index 20 is out of bounds for axis 1 with size 20"),
    ('s3.get(":", iy.mod(6L).set("150", 6.0), 0)', "java.lang.IndexOutOfBoundsException",  # the bad index is on rank 1 only
     "get(index): index 6 is out of bounds for axis 1 with size 6"),
    ('a.get(1, 2, ix)', "java.lang.IndexOutOfBoundsException", "get(index): too many indices for array: array is 2-dimensional, but 3 were indexed"),
    ('a.get(":", 2.5)', "java.lang.IllegalArgumentException", "get(index): an index is a slice or an integer as a string"),
    ('a.get(ix, b.gt(0.0))', "java.lang.IllegalArgumentException",  # the mask stands for its nonzero() indices: 14 of them
     "get(index arrays): shape mismatch: indexing arrays could not be broadcast together with shapes (7,) (14,)"),
    ('a.copy().set(ix2, ix2, np.ones(3))', "java.lang.IllegalArgumentException",
     "set(index arrays): shape mismatch: value array of shape (3,) could not be broadcast to indexing result of shape (4,)"),
    # what complex arrays do not have yet: an error naming the function, never an answer from one part
    ('np.sort(za)', "java.lang.UnsupportedOperationException", "np.sort: not supported for complex128 arrays yet"),
    ('z64.cumsum(0)', "java.lang.UnsupportedOperationException", "cumsum: not supported for complex64 arrays yet"),
    ('za.sin()', "java.lang.UnsupportedOperationException", "sin: not supported for complex128 arrays yet"),
    ('za.gt(zb)', "java.lang.UnsupportedOperationException", "gt: not supported for complex128 arrays yet"),
    ('za.pow(2.5)', "java.lang.UnsupportedOperationException", "pow: complex128 to the power 2.5 is not supported yet"),
    ('za.sum()', "java.lang.IllegalArgumentException", "sum: the sum of a complex128 array is complex, not a Java double; csum() returns it"),
    ('za.item(0, 0)', "java.lang.IllegalArgumentException", "item: an element of a complex128 array is not a Java double; citem(...)"),
    ('a.copy().set("0", new Complex(1, 1))', "java.lang.IllegalArgumentException",
     "set(\"0\"): cannot assign a complex value to a float64 array"),
]


@pytest.mark.parametrize("java,ename,message", BAD_INDEXING, ids=[b[0][:40] for b in BAD_INDEXING])
def test_bad_indexing_is_the_same_error_on_every_rank_and_the_kernel_goes_on(kernel, java, ename, message):
    reply, _ = kernel.execute(java)
    assert reply["status"] == "error", reply
    assert reply["ename"] == ename, reply
    assert reply["evalue"].startswith(message), reply["evalue"]
    assert "(on rank" not in reply["evalue"], reply["evalue"]  # every rank raised it, not one rank alone
    assert float(run(kernel, "System.out.println(a.get(ix).sum());")) == a[ix].sum()
