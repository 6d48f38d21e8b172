"""k-means in NumPy, on the inputs of ../kmeans.jsh."""
import numpy as np

from common import Timer, parser, save, uniform

p = parser("k-means")
p.add_argument("--centers", type=int, default=10)
p.add_argument("-d", type=int, default=2)
p.add_argument("-m", type=int, default=1000)
p.add_argument("-n", type=int, default=10)
p.add_argument("-s", type=int, default=25)
args = p.parse_args()
data = uniform(5, args.n * 1000, args.d)
start = uniform(6, args.centers, args.d)
for _ in range(args.b):
    centroids = start.copy()  # each run starts over
    labels = None
    with Timer():
        data_dots = np.square(np.linalg.norm(data, ord=2, axis=1))
        prior = np.inf
        iteration = 0
        while iteration < args.m:
            pairwise = data_dots[:, np.newaxis] + np.square(np.linalg.norm(centroids, ord=2, axis=1))[np.newaxis, :] \
                - np.dot(data, centroids.T) * 2.0
            new_labels = np.argmin(pairwise, axis=1)
            if labels is not None and iteration % args.s == 0:
                print(f"Iteration {iteration} produced {np.count_nonzero(new_labels != labels)} reassignments")
            labels = new_labels
            counts = np.bincount(labels, minlength=args.centers)
            for j in range(args.d):
                centroids[:, j] = np.bincount(labels, weights=data[:, j], minlength=args.centers)
            centroids = centroids / np.maximum(counts, 1.0)[:, np.newaxis]
            distance = np.sum(np.amin(pairwise, axis=1))
            iteration += 1
            if distance / prior > 1 - 1e-6:
                break
            prior = distance
print(f"Converged after {iteration} iterations")
save(args, labels=labels, centroids=centroids)
