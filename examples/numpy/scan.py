"""A running sum or product in NumPy, on the inputs of ../scan.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("scan")
p.add_argument("-s", default="10")
p.add_argument("-t", default="int", choices=["int", "float"])
p.add_argument("-a", type=int, default=None)
p.add_argument("-o", default="cumsum", choices=["cumsum", "cumprod"])
p.add_argument("--check", action="store_true")
args = p.parse_args()
shape = tuple(int(s) for s in args.s.split(","))
a = np.floor(uniform(51, *shape) * 1000.0).astype(np.int32) if args.t == "int" else uniform(51, *shape).astype(np.float32)
for _ in range(args.b):
    with Timer():
        b = getattr(np, args.o)(a, axis=args.a)
save(args, b=b)
