"""The compact finite difference in NumPy, as ../compact_finite_difference.jsh."""
import numpy as np

from common import parser, save

p = parser("compact finite difference")
p.add_argument("-n", type=int, default=100)
p.add_argument("-k", type=float, default=10)
args = p.parse_args()
n = args.n
h = 2 * np.pi / n
x = np.linspace(0, 2 * np.pi, n, endpoint=False)
fx = np.sin(x * args.k)
alpha, a1, a2 = 1.0 / 3, 7.0 / (9 * h), 1.0 / (36 * h)
a = np.diag(np.ones(n)) + np.diag(np.full(n - 1, alpha), 1) + np.diag(np.full(n - 1, alpha), -1)
a[0, -1] = alpha
a[-1, 0] = alpha
fv = np.zeros(n + 4)
fv[2:-2] = fx
fv[:2] = fx[-2:]
fv[-2:] = fx[:2]
rhs = (fv[3:n + 3] - fv[1:n + 1]) * a1 + (fv[4:n + 4] - fv[0:n]) * a2
df = np.linalg.solve(a, rhs)
exact = np.cos(x * args.k) * args.k
print(f"L2 error: {np.linalg.norm(df - exact) / np.sqrt(n)}")
save(args, df=df)
