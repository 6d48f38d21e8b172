"""Linear regression by gradient descent in NumPy, on the inputs of ../linreg.jsh."""
import numpy as np

from common import Timer, normal, parser, save, uniform

p = parser("linear regression")
p.add_argument("-B", action="store_true", help="an intercept column")
p.add_argument("-f", type=int, default=32)
p.add_argument("-i", type=int, default=1000)
p.add_argument("-n", type=int, default=10)
p.add_argument("-s", type=int, default=100)
args = p.parse_args()
samples = args.n * 1000
x = normal(21, samples, args.f)
y = uniform(22, samples)
if args.B:
    x = np.hstack((np.ones((samples, 1)), x))
for _ in range(args.b):
    w = np.zeros(x.shape[1])  # each run starts over
    with Timer():
        for step in range(args.i):
            error = np.dot(x, w) - y
            gradient = np.dot(error, x) * (-1.0 / samples)
            w = w + gradient * 1e-5
            if step % args.s == 0:
                print(f"Error of step {step}: {np.sum(np.power(error, 2))}")
save(args, w=w)
