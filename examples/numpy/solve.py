"""Solving a x = b in NumPy, on the inputs of ../solve.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("solve")
p.add_argument("-n", type=int, default=10)
p.add_argument("-s", type=int, default=1)
p.add_argument("--check", action="store_true")
args = p.parse_args()
a = uniform(71, args.n, args.n)
b = uniform(72, args.n, args.s)
for _ in range(args.b):
    with Timer():
        x = np.linalg.solve(a, b)
if args.check:
    residual = np.linalg.norm(a @ x - b, np.inf)
    print(("PASS!" if residual < 1e-4 else "FAIL!") + f" max-res = {residual}")
save(args, x=x)
