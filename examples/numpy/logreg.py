"""Logistic regression by gradient ascent in NumPy, on the inputs of ../logreg.jsh."""
import numpy as np

from common import Timer, normal, parser, save, uniform

p = parser("logistic regression")
p.add_argument("-B", action="store_true", help="an intercept column")
p.add_argument("-f", type=int, default=32)
p.add_argument("-i", type=int, default=1000)
p.add_argument("-n", type=int, default=10)
p.add_argument("-s", type=int, default=100)
args = p.parse_args()
samples = args.n * 1000
x = normal(31, samples, args.f)
y = np.floor(uniform(32, samples) * 2.0)
if args.B:
    x = np.hstack((np.ones((samples, 1)), x))


def sigmoid(z):
    return 1.0 / (np.exp(-z) + 1.0)


for _ in range(args.b):
    w = np.zeros(x.shape[1])  # each run starts over
    with Timer():
        for step in range(args.i):
            scores = np.dot(x, w)
            predictions = sigmoid(scores)
            w = w + np.dot(y - predictions, x) * 1e-5
            if step % args.s == 0:
                print(f"Log likelihood of step {step}: {np.sum(y * scores - np.log(np.exp(scores) + 1.0))}")
assert np.count_nonzero(np.isnan(w)) + np.count_nonzero(np.isinf(w)) == 0
save(args, w=w)
