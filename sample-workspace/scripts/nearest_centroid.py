"""Nearest-centroid species classifier on the penguins data, logged with Loupe's Python client.

Run from the sample workspace:  python3 scripts/nearest_centroid.py --features 2
(the Loupe client is found in ../tracker/python when it is not installed with pip).
"""
import argparse
import csv
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tracker", "python"))
import loupe  # noqa: E402

FEATURES = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]


def load(path, features):
    with open(path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if all(r[c] for c in features)]
    return [[float(r[c]) for c in features] for r in rows], [r["Species"] for r in rows]


def standardise(train, test):
    cols = list(zip(*train))
    mean = [sum(c) / len(c) for c in cols]
    std = [math.sqrt(sum((v - m) ** 2 for v in c) / len(c)) or 1.0 for c, m in zip(cols, mean)]
    scale = lambda rows: [[(v - m) / s for v, m, s in zip(r, mean, std)] for r in rows]  # noqa: E731
    return scale(train), scale(test)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--features", type=int, default=4, help="how many of the measurements to use")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    features = FEATURES[: args.features]
    x, y = load(os.path.join(HERE, "..", "data", "penguins.csv"), features)
    order = list(range(len(x)))
    random.Random(args.seed).shuffle(order)
    cut = int(len(order) * 0.8)
    train_idx, test_idx = order[:cut], order[cut:]
    train_x, test_x = standardise([x[i] for i in train_idx], [x[i] for i in test_idx])
    train_y, test_y = [y[i] for i in train_idx], [y[i] for i in test_idx]

    params = {"model": "nearest-centroid", "features": args.features, "seed": args.seed}
    with loupe.start_run(experiment="penguins-species", name="centroid-%dfeat" % args.features, params=params) as run:
        # Centroids refined over a few passes on growing slices of the training data: a learning curve.
        for step, share in enumerate([0.1, 0.25, 0.5, 0.75, 1.0], start=1):
            n = max(3, int(len(train_x) * share))
            centroids = {}
            for row, label in zip(train_x[:n], train_y[:n]):
                acc = centroids.setdefault(label, [0.0] * len(row) + [0])
                for j, v in enumerate(row):
                    acc[j] += v
                acc[-1] += 1
            means = {k: [v / c[-1] for v in c[:-1]] for k, c in centroids.items()}
            predict = lambda r: min(means, key=lambda k: sum((a - b) ** 2 for a, b in zip(r, means[k])))  # noqa: E731
            accuracy = sum(predict(r) == t for r, t in zip(test_x, test_y)) / len(test_y)
            run.log({"val_accuracy": accuracy, "train_rows": n}, step=step)
        run.set_tag("dataset", "penguins.csv")
        print("%s: val_accuracy %.3f" % (run.name, accuracy))


if __name__ == "__main__":
    main()
