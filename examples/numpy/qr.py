"""QR factorization in NumPy, on the inputs of ../qr.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("QR factorization")
p.add_argument("-m", type=int, default=1000)
p.add_argument("-n", type=int, default=1000)
p.add_argument("--check", action="store_true")
args = p.parse_args()
a = uniform(95, args.m, args.n)
for _ in range(args.b):
    with Timer():
        q, r = np.linalg.qr(a)
if args.check:
    print("PASS!" if np.allclose(a, q @ r) else "FAIL!")
save(args, q=q, r=r)
