"""The command line and the demo data behind it."""

import re
import subprocess
import sys

import numpy as np
import pytest

from minibalance.cli import main
from minibalance.datasets import make_imbalanced


def test_report_on_demo_data(capsys):
    assert main(["report", "--n-samples", "1000", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "imbalance ratio 97.00:1" in out
    assert "Balanced class weights" in out
    assert "Best F1 threshold over all" in out and "recall >= 0.9" in out


def test_report_on_a_csv_with_string_labels(tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_text("amount,label\n1.0,fraud\n2.0,ok\n3.0,ok\n4.0,ok\n")
    assert main(["report", "--csv", str(path), "--target", "label"]) == 0
    out = capsys.readouterr().out
    # 4 samples, 2 classes: fraud 4 / (2 * 1) = 2, ok 4 / (2 * 3) = 0.6667
    assert "fraud: 2.0000" in out and "ok: 0.6667" in out


def test_report_on_a_missing_column_says_which_exist(tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n1,0\n")
    assert main(["report", "--csv", str(path), "--target", "c"]) == 2
    assert re.search(r"--target 'c' is not a column.*'a', 'b'", capsys.readouterr().err)


def test_python_dash_m_runs_the_report():
    proc = subprocess.run(
        [sys.executable, "-m", "minibalance", "report", "--n-samples", "500"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Class distribution" in proc.stdout


def test_make_imbalanced_honours_weights_and_seed():
    X, y = make_imbalanced(1000, n_features=3, weights=[0.8, 0.15, 0.05], random_state=3)
    assert X.shape == (1000, 3)
    assert np.bincount(y).tolist() == [800, 150, 50]
    X2, y2 = make_imbalanced(1000, n_features=3, weights=[0.8, 0.15, 0.05], random_state=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


@pytest.mark.parametrize("weights", [[1.0], [0.5, -0.5], [0.5, np.nan]])
def test_make_imbalanced_refuses_bad_weights(weights):
    with pytest.raises(ValueError, match="weights="):
        make_imbalanced(100, weights=weights)


def test_demo_report_resamples_and_scores(capsys):
    assert main(["report", "--n-samples", "2000", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "After SMOTE(k_neighbors=5, random_state=3)" in out and "PR-AUC" in out


def test_demo_report_on_a_tiny_sample_lowers_k(capsys):
    assert main(["report", "--n-samples", "300", "--seed", "0"]) == 0
    assert "After SMOTE(k_neighbors=2" in capsys.readouterr().out
