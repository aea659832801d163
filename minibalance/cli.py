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
    X = None
    if args.csv:
        y = _read_target(args.csv, args.target)
        source = f"{args.csv} (target column {args.target or 'last'})"
    else:
        X, y = make_imbalanced(args.n_samples, weights=[0.97, 0.02, 0.01], random_state=args.seed)
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
    if X is not None:
        _demo_resampling_and_metrics(X, y, args.seed)
    return 0


def _demo_resampling_and_metrics(X: np.ndarray, y: np.ndarray, seed: int) -> None:
    from .metrics import average_precision_score, roc_auc_score
    from .over_sampling import SMOTE
    from .threshold import find_best_threshold

    k = min(5, int(class_distribution(y).counts.min()) - 1)  # SMOTE needs k + 1 per class
    if k >= 1:
        _, y_res = SMOTE(random_state=seed, k_neighbors=k).fit_resample(X, y)
        counts = class_distribution(y_res).to_dict()["counts"]
        print(
            f"\nAfter SMOTE(k_neighbors={k}, random_state={seed}): {counts} "
            f"({len(y_res) - len(y)} synthetic rows)"
        )
    # A one-line scorer for "rare vs common": distance from the common class's mean.
    rare = y != 0
    score = np.linalg.norm(X - X[~rare].mean(axis=0), axis=1)
    print(
        "Rare-vs-common scorer (distance from the common class's mean): "
        f"PR-AUC {average_precision_score(rare, score):.3f} "
        f"(chance {rare.mean():.3f}), ROC AUC {roc_auc_score(rare, score):.3f}"
    )
    best = find_best_threshold(rare, score, objective="f1")
    print(
        f"Best F1 threshold over all {best.thresholds.size} candidates: {best.threshold:.3f} "
        f"(F1 {best.score:.3f}, precision {best.precision:.3f}, recall {best.recall:.3f})"
    )
    # always feasible: the lowest threshold has recall 1
    kept = find_best_threshold(rare, score, objective="precision", min_recall=0.9)
    print(
        f"Best precision with recall >= 0.9: {kept.precision:.3f} "
        f"at threshold {kept.threshold:.3f} (recall {kept.recall:.3f})"
    )


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
