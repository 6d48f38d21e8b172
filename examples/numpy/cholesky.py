"""Cholesky in NumPy, on the inputs of ../cholesky.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("Cholesky factor")
p.add_argument("-n", type=int, default=10)
p.add_argument("--spd", action="store_true")
p.add_argument("--check", action="store_true")
args = p.parse_args()
n = args.n
a = np.eye(n)
if args.spd:
    g = uniform(11, n, n)
    a = g @ g.T + np.eye(n) * n
for _ in range(args.b):
    with Timer():
        l = np.linalg.cholesky(a)
if args.check:
    print("PASS!" if np.allclose(l @ l.T, a) else "FAIL!")
save(args, l=l)
