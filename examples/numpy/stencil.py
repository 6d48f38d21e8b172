"""The 5-point stencil in NumPy, as ../stencil.jsh."""
import numpy as np

from common import Timer, parser, save

p = parser("stencil")
p.add_argument("-n", type=int, default=100)
p.add_argument("-i", type=int, default=100)
args = p.parse_args()
for _ in range(args.b):
    grid = np.zeros((args.n + 2, args.n + 2))
    grid[:, 0] = -273.15
    grid[:, -1] = -273.15
    grid[-1, :] = -273.15
    grid[0, :] = 40.0
    center = grid[1:-1, 1:-1]
    north = grid[0:-2, 1:-1]
    east = grid[1:-1, 2:]
    west = grid[1:-1, 0:-2]
    south = grid[2:, 1:-1]
    with Timer():
        for _ in range(args.i):
            average = center + north + east + west + south
            center[:] = 0.2 * average
save(args, grid=grid)
