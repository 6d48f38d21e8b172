"""notebooks/03-arrays-tour.ipynb's code cells, step for step in NumPy: the baseline of
bench/first_run.py (run as a fresh process; the cells that show an error in the notebook raise
here too, and are caught)."""
import math

import numpy as np

a = np.arange(12).reshape(3, 4)
print(repr(a))
print(repr(np.linspace(0, 1, 5)))
m = np.array([[1, 2], [3, 4]], dtype=float)
print(m.dtype, m.shape)
print(repr(m))
print(repr(np.eye(3) + np.full((3, 3), 0.5)))
x = np.arange(0.0, 10.0, 1.0)
middle = x[2:8]
middle[::2] = -1.0
print(repr(x))
print(repr(a[::-1, 1]))
print(a[..., None].shape)
y = np.arange(0.0, 6.0, 1.0)
y[1:] = y[:-1].copy()
print(repr(y))
col = np.arange(0.0, 3.0, 1.0).reshape(3, 1)
row = np.arange(0.0, 4.0, 1.0)
print(repr(col * 10.0 + row))
with np.errstate(invalid="ignore"):
    print(repr(np.where(row > 1.5, np.sqrt(row), -row)))
print(repr(np.sin(np.linspace(0, math.pi, 5))))
n = 64
u = np.zeros((n, n))
u[0, :] = 1.0
for it in range(200):
    u[1:-1, 1:-1] = (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2]) * 0.25
print(f"heat that spread in: {u[1:-1, 1:-1].sum():.6f}")
print(repr(u[0:6, 30:34]))
r = np.random.default_rng(2024).standard_normal(100_000)
print(f"mean {r.mean():.5f}, std {r.std():.5f}, min {r.min():.3f} at {r.argmin()}, max {r.max():.3f} at {r.argmax()}")
print(r.sum())
print(repr(a.sum(0)))
print(repr(a.astype(float).mean(1)))
rot = np.array([[0, -1], [1, 0]], dtype=float)
pts = np.array([[1, 0], [0, 2], [3, 3]], dtype=float)
print(repr(pts @ rot.T))
print(np.dot(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])).item())
print(np.linalg.norm(np.array([3.0, 4.0])))
g = np.random.default_rng(7)
print(repr(g.random((2, 3))))
print(repr(g.integers(0, 10, 8)))
print(repr(np.concatenate([a, a * -1], 1)))
print(repr(np.stack([row, row * 2.0], 0).T))
print(repr(np.roll(np.arange(6), 2, 0)))
for bad in (lambda: np.zeros(3) + np.zeros(4), lambda: a[1:"x"], lambda: a.item(5, 0)):
    try:
        bad()
    except Exception as e:  # the notebook shows these errors
        print(type(e).__name__, e)
print(repr(np.arange(0.0, 1e6, 1.0).reshape(1000, 1000)))
