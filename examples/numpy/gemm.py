"""Repeated matrix products in NumPy, as ../gemm.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("repeated GEMM")
p.add_argument("-n", type=int, default=100)
p.add_argument("-i", type=int, default=100)
args = p.parse_args()
n = args.n
a0 = uniform(1, n, n) * (2.0 / n)
b0 = uniform(2, n, n) * (2.0 / n)
for _ in range(args.b):
    a, b = a0, b0  # each run starts over
    with Timer():
        for _ in range(args.i):
            c = np.dot(a, b)
            a, b, c = b, c, a
save(args, c=b)
