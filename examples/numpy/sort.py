"""Sorting in NumPy, on the inputs of ../sort.jsh (argsort stable, as legate.numpy's)."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("sort")
p.add_argument("-s", default="1000000")
p.add_argument("-d", default="int", choices=["int", "float"])
p.add_argument("-l", type=int, default=0)
p.add_argument("-u", type=int, default=4294967295)
p.add_argument("-a", type=int, default=-1)
p.add_argument("-g", action="store_true")
p.add_argument("--check", action="store_true")
args = p.parse_args()
shape = tuple(int(s) for s in args.s.split(","))
a = np.floor(uniform(61, *shape) * float(args.u - args.l)).astype(np.int64) + args.l if args.d == "int" else uniform(61, *shape)
for _ in range(args.b):
    with Timer():
        result = np.argsort(a, axis=args.a, kind="stable") if args.g else np.sort(a, axis=args.a)
save(args, sorted=result)
