"""Richardson–Lucy deconvolution in NumPy, as ../richardson_lucy.jsh (the same shifted-view convolution)."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("Richardson-Lucy deconvolution")
p.add_argument("-i", type=int, default=10)
p.add_argument("-x", type=int, default=20)
p.add_argument("-y", type=int, default=20)
p.add_argument("-z", type=int, default=20)
p.add_argument("--fx", type=int, default=4)
p.add_argument("--fy", type=int, default=4)
p.add_argument("--fz", type=int, default=4)
args = p.parse_args()


def convolve_same(a, w):
    n, k = a.shape, w.shape
    left = [k[d] - 1 - (k[d] - 1) // 2 for d in range(3)]
    padded = np.zeros([n[d] + k[d] - 1 for d in range(3)])
    padded[left[0]:left[0] + n[0], left[1]:left[1] + n[1], left[2]:left[2] + n[2]] = a
    out = np.zeros(n)
    for i in range(k[0]):
        for j in range(k[1]):
            for m in range(k[2]):
                s0, s1, s2 = k[0] - 1 - i, k[1] - 1 - j, k[2] - 1 - m
                out = out + padded[s0:s0 + n[0], s1:s1 + n[1], s2:s2 + n[2]] * float(w[i, j, m])
    return out


image = uniform(91, args.x, args.y, args.z)
psf = uniform(92, args.fx, args.fy, args.fz)
psf_mirror = np.flip(psf)
for _ in range(args.b):
    with Timer():
        estimate = np.full((args.x, args.y, args.z), 0.5)
        for _ in range(args.i):
            conv = convolve_same(estimate, psf)
            relative_blur = image / conv
            estimate = estimate * convolve_same(relative_blur, psf_mirror)
save(args, estimate=estimate)
