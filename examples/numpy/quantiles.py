"""Quantiles in NumPy, on the inputs of ../quantiles.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("quantiles")
p.add_argument("-s", default="1000")
p.add_argument("-d", default="int", choices=["int", "float"])
p.add_argument("-l", type=int, default=0)
p.add_argument("-u", type=int, default=4294967295)
p.add_argument("-a", type=int, default=None)
p.add_argument("-m", default="linear")
p.add_argument("--check", action="store_true")
args = p.parse_args()
shape = tuple(int(s) for s in args.s.split(","))
a = np.floor(uniform(81, *shape) * float(args.u - args.l)).astype(np.uint32) + args.l if args.d == "int" else uniform(81, *shape)
for _ in range(args.b):
    with Timer():
        q = np.quantile(a, [0, .37, .42, .5, .67, .83, .99, 1.0], axis=args.a, method=args.m)
print(q)
save(args, q=q)
