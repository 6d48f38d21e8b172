"""Conjugate gradient in NumPy, on the inputs of ../cg.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("conjugate gradient on a 2-D Laplacian")
p.add_argument("-n", type=int, default=10)
p.add_argument("-i", type=int, default=25, help="iterations between convergence checks")
p.add_argument("-m", type=int, default=None, help="most iterations")
p.add_argument("-w", type=int, default=5, help="warm-up iterations")
p.add_argument("--threshold", type=float, default=1e-10)
p.add_argument("--corners", action="store_true")
p.add_argument("--check", action="store_true")
args = p.parse_args()
side = args.n
n = side * side
max_iters = min(n, args.m if args.m is not None else n)

a = np.diag(np.full(n, 8.0 if args.corners else 4.0))
for offset in ([1, side - 1, side, side + 1] if args.corners else [1, side]):
    a = a + np.diag(np.full(n - offset, -1.0), offset) + np.diag(np.full(n - offset, -1.0), -offset)
b = uniform(7, n)

for _ in range(args.b):
    with Timer():
        x = np.zeros(n)
        r = b - np.dot(a, x)
        p_ = r
        rsold = np.dot(r, r)
        converged = -1
        for i in range(-args.w, max_iters):
            ap = np.dot(a, p_)
            alpha = rsold / np.dot(p_, ap)
            x = x + p_ * alpha
            r = r - ap * alpha
            rsnew = np.dot(r, r)
            if i >= 0 and (i % args.i == 0 or i == max_iters - 1) and np.sqrt(rsnew) < args.threshold:
                converged = i
                break
            beta = rsnew / rsold
            p_ = r + p_ * beta
            rsold = rsnew
print(f"Converged in {converged} iterations" if converged >= 0 else "Convergence FAILURE!")
if args.check:
    print("PASS!" if np.allclose(np.dot(a, x), b) else "FAIL!")
save(args, x=x)
