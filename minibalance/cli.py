"""Command line: ``python -m minibalance report``.

``report`` prints the class distribution of a target and the balanced class
weights that would even it out: the first look at any imbalanced problem. With
no file it reports on a built-in synthetic fraud-like dataset.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence

import numpy as np

from .class_weight import class_distribution, compute_class_weight
from .datasets import make_imbalanced


def _read_target(path: str, column: str | None) -> np.ndarray:
    with open(path, newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, None)
        if header is None:
            raise SystemExit(f"error: {path} is empty.")
        name = column if column is not None else header[-1]
        if name not in header:
            raise SystemExit(
                f"error: --target {name!r} is not a column of {path}; columns: {header}."
            )
        at = header.index(name)
        values = [row[at] for row in rows if row]
    for kind in (int, float):  # numbers when every label parses as one
        try:
            return np.array([kind(v) for v in values])
        except ValueError:
            continue
    return np.array(values)


def _report(args: argparse.Namespace) -> int:
    if args.csv:
        y = _read_target(args.csv, args.target)
        source = f"{args.csv} (target column {args.target or 'last'})"
    else:
        _, y = make_imbalanced(args.n_samples, weights=[0.97, 0.02, 0.01], random_state=args.seed)
        source = f"built-in demo data ({args.n_samples} samples, seed {args.seed})"
    dist = class_distribution(y)
    print(f"Class distribution of {source}\n")
    print(dist)
    weights = compute_class_weight("balanced", classes=dist.labels, y=y)
    print("\nBalanced class weights (n_samples / (n_classes * count)):")
    for label, weight in zip(dist.labels.tolist(), weights.tolist()):
        print(f"  {label!s:>10}: {weight:.4f}")
    print(
        "\nPass them to an estimator as class_weight=dict(zip(labels, weights)), "
        "or use class_weight='balanced'."
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line interface and return its exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m minibalance",
        description="Imbalanced classification toolkit.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser(
        "report", help="class distribution and balanced class weights of a target"
    )
    report.add_argument("--csv", help="CSV file with a header row (default: demo data)")
    report.add_argument("--target", help="name of the label column (default: the last)")
    report.add_argument("--n-samples", type=int, default=10_000, help="demo data size")
    report.add_argument("--seed", type=int, default=0, help="demo data seed")
    report.set_defaults(func=_report)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
