"""Repeated einsum contractions in NumPy, as ../einsum.jsh."""
import numpy as np

from common import Timer, parser, save

p = parser("repeated einsum")
p.add_argument("-e", default="kac,kbc->kab")
p.add_argument("-n", type=int, default=100)
p.add_argument("-i", type=int, default=10)
args = p.parse_args()
ins, out = args.e.split("->")
sa, sb = ins.split(",")
n = args.n
for _ in range(args.b):
    a = np.ones((n,) * len(sa))  # each run starts over
    b = np.ones((n,) * len(sb))
    c = np.zeros((n,) * len(out))
    with Timer():
        for _ in range(args.i):
            c = np.einsum(args.e, a, b)
            if c.ndim == a.ndim:
                a, c = c, a
            elif c.ndim == b.ndim:
                b, c = c, b
save(args, a=a, b=b)
