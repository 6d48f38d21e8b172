"""Jacobi iteration in NumPy, on the inputs of ../jacobi.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("Jacobi iteration")
p.add_argument("-n", type=int, default=100)
p.add_argument("-i", type=int, default=1000)
p.add_argument("--check", action="store_true")
args = p.parse_args()
n = args.n
a = uniform(3, n, n) + np.eye(n) * n
b = uniform(4, n)
for _ in range(args.b):
    with Timer():
        x = np.zeros(n)
        d = np.diag(a)
        rest = a - np.diag(d)
        for _ in range(args.i):
            x = (b - np.dot(rest, x)) / d
assert not np.isnan(np.sum(x))
if args.check:
    print("PASS!" if np.allclose(np.dot(a, x), b) else "FAIL!")
save(args, x=x)
