"""Sobel edge detection in NumPy, as ../edge_detection.jsh (the same image, the same shifted-view convolution)."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("Sobel edge detection")
p.add_argument("-n", type=int, default=256)
args = p.parse_args()
n = args.n


def convolve_same(a, w):
    rows, cols = a.shape
    padded = np.zeros((rows + 2, cols + 2))
    padded[1:-1, 1:-1] = a
    out = np.zeros((rows, cols))
    for k in range(3):
        for m in range(3):
            out = out + padded[2 - k:2 - k + rows, 2 - m:2 - m + cols] * float(w[k][m])
    return out


row = np.arange(0.0, n, 1.0).reshape(n, 1)
col = np.arange(0.0, n, 1.0).reshape(1, n)
disk = (((row - n * 0.35) ** 2 + (col - n * 0.6) ** 2) < (n * 0.2) ** 2).astype(np.float64) * 120.0
square = np.logical_and(np.logical_and(row > n * 0.6, row < n * 0.9), np.logical_and(col > n * 0.1, col < n * 0.4)).astype(np.float64) * 80.0
img = (row + col) * (40.0 / n) + disk + square + uniform(93, n, n) * 10.0
for _ in range(args.b):
    with Timer():
        gx = convolve_same(img, [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
        gy = convolve_same(img, [[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
        edges = np.sqrt(gx ** 2 + gy ** 2)
        edges = (edges * (255.0 / edges.max())).astype(np.int64)
print(f"pixels on an edge (over 128): {np.count_nonzero(edges > 128)}")
save(args, edges=edges)
