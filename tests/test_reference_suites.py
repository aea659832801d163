"""The references' own test files, run against minibalance: the drop-in claim, tested.

Each file is read from the installed scikit-learn / imbalanced-learn (the versions
the ``test`` extra pins), its imports of the names minibalance implements are
rewritten to minibalance's, and nothing else changes. It then runs in a fresh
pytest process. What is deselected is what we do not claim, each with its reason.
"""

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import minibalance.combine
import minibalance.ensemble
import minibalance.metrics
import minibalance.over_sampling
import minibalance.under_sampling

OURS = {
    "sklearn.metrics": ("minibalance.metrics", set(minibalance.metrics.__all__)),
    "sklearn.utils.class_weight": (
        "minibalance.class_weight",
        {"compute_class_weight", "compute_sample_weight"},
    ),
    "sklearn.utils": (
        "minibalance.class_weight",
        {"compute_class_weight", "compute_sample_weight"},
    ),
    "sklearn.model_selection": (
        "minibalance.threshold",
        {"TunedThresholdClassifierCV", "FixedThresholdClassifier"},
    ),
    "imblearn.over_sampling": ("minibalance.over_sampling", set(minibalance.over_sampling.__all__)),
    "imblearn.under_sampling": (
        "minibalance.under_sampling",
        set(minibalance.under_sampling.__all__),
    ),
    "imblearn.combine": ("minibalance.combine", set(minibalance.combine.__all__)),
    "imblearn.ensemble": ("minibalance.ensemble", set(minibalance.ensemble.__all__)),
    "imblearn.metrics": ("minibalance.metrics", set(minibalance.metrics.__all__)),
    "imblearn.metrics.pairwise": ("minibalance.metrics.pairwise", {"ValueDifferenceMetric"}),
    "imblearn.pipeline": ("minibalance.pipeline", {"Pipeline", "make_pipeline"}),
    "imblearn": ("minibalance", {"FunctionSampler"}),
    "imblearn.base": ("minibalance.base", {"FunctionSampler"}),
    "imblearn.datasets": ("minibalance.datasets", {"make_imbalance"}),
    "imblearn.utils": ("minibalance.utils", {"check_sampling_strategy"}),
}

SUITES = [
    "sklearn/metrics/tests/test_classification.py",
    "sklearn/metrics/tests/test_ranking.py",
    "sklearn/utils/tests/test_class_weight.py",
    "sklearn/model_selection/tests/test_classification_threshold.py",
    "imblearn/metrics/tests/test_classification.py",
    "imblearn/over_sampling/_smote/tests/test_smote.py",
    "imblearn/over_sampling/tests/test_random_over_sampler.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_random_under_sampler.py",
    "imblearn/tests/test_pipeline.py",
    "imblearn/over_sampling/_smote/tests/test_borderline_smote.py",
    "imblearn/over_sampling/_smote/tests/test_svm_smote.py",
    "imblearn/over_sampling/_smote/tests/test_kmeans_smote.py",
    "imblearn/over_sampling/tests/test_adasyn.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_tomek_links.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_edited_nearest_neighbours.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_repeated_edited_nearest_neighbours.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_allknn.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_nearmiss.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_condensed_nearest_neighbour.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_one_sided_selection.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_neighbourhood_cleaning_rule.py",
    "imblearn/under_sampling/_prototype_selection/tests/test_instance_hardness_threshold.py",
    "imblearn/under_sampling/_prototype_generation/tests/test_cluster_centroids.py",
    "imblearn/combine/tests/test_smote_enn.py",
    "imblearn/combine/tests/test_smote_tomek.py",
    "imblearn/tests/test_base.py",
    "imblearn/datasets/tests/test_imbalance.py",
    "imblearn/utils/tests/test_validation.py",
    "imblearn/over_sampling/_smote/tests/test_smoten.py",
    "imblearn/metrics/tests/test_pairwise.py",
    "imblearn/over_sampling/_smote/tests/test_smote_nc.py",
    "imblearn/ensemble/tests/test_bagging.py",
    "imblearn/ensemble/tests/test_easy_ensemble.py",
    "imblearn/ensemble/tests/test_forest.py",
    "imblearn/ensemble/tests/test_weight_boosting.py",
]

DESELECTED = {
    "imblearn/over_sampling/_smote/tests/test_smote_nc.py": {
        "test_smotenc_categorical_encoder": (
            "asserts the default encoder is scikit-learn's OneHotEncoder (sparse_output); "
            "ours is NumPy's codes, and no one-hot matrix is built; a given encoder's "
            "cloning and use are checked in test_categorical_samplers.py"
        ),
        "test_smote_nc_categorical_features_auto_error": (
            "deliberate (issue 13): categorical_features='auto' also takes object and string "
            "columns, which imbalanced-learn's 'auto' leaves out (this test expects it to)"
        ),
    },
    "imblearn/over_sampling/_smote/tests/test_smoten.py": {
        "test_smoten": (
            "asserts the default encoder is scikit-learn's OrdinalEncoder; ours is NumPy's "
            "(equal codes; the shapes it also checks are in test_categorical_samplers.py)"
        ),
        "test_smoten_categorical_encoder": (
            "the same isinstance check; the given encoder's cloning and use are checked in "
            "test_categorical_samplers.py"
        ),
    },
    "imblearn/tests/test_pipeline.py": {
        "test_pipeline_param_error": (
            "deliberate (issue 10): a bare sample_weight goes to every step that accepts "
            "it and follows the resampling, where imbalanced-learn raises"
        ),
        "test_pipeline_param_validation": "scikit-learn's private _parameter_constraints",
        "test_set_pipeline_step_passthrough": (
            "deliberate (issue 14): Pipeline has one more parameter, calibrate (None or "
            "'prior'), so get_params(deep=True) holds one more key than this exact dict; "
            "the same passthrough steps are checked in test_pipeline.py"
        ),
        "test_transform_input_explicit_value_check": "scikit-learn's metadata routing",
        "test_metadata_routing_with_sampler": "scikit-learn's metadata routing",
    },
}

CONFTEST = '''
from pathlib import Path

import pytest

DESELECTED = set(Path(__file__).with_name("deselected.txt").read_text().split())


@pytest.fixture
def global_random_seed():
    """scikit-learn's fixture, at its default seed."""
    return 42


def _listed(item):
    # a test function by its exact name (all its parameters), or one parametrized case
    return item.name in DESELECTED or getattr(item, "originalname", None) in DESELECTED


def pytest_collection_modifyitems(config, items):
    # by exact test name: pytest's --deselect matches prefixes (test_a deselects test_ab)
    dropped = [item for item in items if _listed(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not _listed(item)]
'''


def rewrite_imports(source: str) -> tuple[str, int]:
    """Point the file's imports of the names we implement at minibalance."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    edits = []
    for node in tree.body:
        if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in OURS):
            continue
        target, names = OURS[node.module]
        ours = [a for a in node.names if a.name in names]
        if not ours:
            continue
        rest = [a for a in node.names if a.name not in names]

        def listed(aliases):
            return ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in aliases)

        new = f"from {target} import {listed(ours)}\n"
        if rest:
            new = f"from {node.module} import {listed(rest)}\n" + new
        edits.append((node.lineno - 1, node.end_lineno, new))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = [new]
    return "".join(lines), len(edits)


def _installed(path: str) -> Path:
    package, rest = path.split("/", 1)
    spec = importlib.util.find_spec(package)
    return Path(spec.submodule_search_locations[0]) / rest


@pytest.mark.parametrize("suite", SUITES)
def test_reference_suite_passes_against_minibalance(suite, tmp_path):
    source, n_rewritten = rewrite_imports(_installed(suite).read_text(encoding="utf-8"))
    assert n_rewritten, f"{suite} imports nothing minibalance implements"
    name = "ref_" + suite.replace("/", "_")
    (tmp_path / name).write_text(source, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "deselected.txt").write_text("\n".join(DESELECTED.get(suite, {})))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr
    assert proc.returncode == 0, f"{suite}: {summary}\n{proc.stdout[-4000:]}"
    assert " passed" in summary and "failed" not in summary, summary
