"""Newton's method for two equations in NumPy, as ../newton_raphson_2d.jsh."""
import numpy as np

from common import parser, save

p = parser("Newton-Raphson in 2-D")
p.add_argument("--tol", type=float, default=1e-6)
p.add_argument("-m", type=int, default=20)
args = p.parse_args()


def f(v):
    sq = v ** 2
    return np.array([sq[0] + sq[1] - 13.0, sq[0] - 2.0 * sq[1] + 14.0])


def jacobian(v):
    x, y = v
    return np.array([[2 * x, 2 * y], [2 * x, -4 * y]])


def newton(use_solve):
    v = np.array([-20.0, 20.0])
    for i in range(1, args.m + 1):
        step = np.linalg.solve(jacobian(v), f(v)) if use_solve else np.dot(np.linalg.inv(jacobian(v)), f(v))
        v = v - step
        if np.linalg.norm(step) < args.tol:
            print(f"{'solve' if use_solve else 'inv'}: converged in {i} iterations to {v!r}")
            return v
    print(f"{'solve' if use_solve else 'inv'}: no convergence in {args.m} iterations")
    return v


save(args, inv=newton(False), solve=newton(True))
