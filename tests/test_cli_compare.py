"""``python -m minibalance compare`` (and ``report --plot``) through subprocesses."""

import json
import pickle
import subprocess
import sys

import numpy as np
import pytest

from minibalance.datasets import make_imbalanced

PNG = b"\x89PNG\r\n\x1a\n"


def run(*args, cwd=None):
    proc = subprocess.run(
        [sys.executable, "-m", "minibalance", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
    return proc


def assert_user_error(proc, *fragments):
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture(scope="module")
def table():
    X, y = make_imbalanced(2000, n_features=4, weights=(0.9, 0.1), class_sep=2.0, random_state=0)
    return X, y


def write_csv(path, header, rows, sep=",", bom=False):
    text = sep.join(header) + "\n" + "\n".join(sep.join(map(str, r)) for r in rows) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def fraud_rows(X, y, label=lambda v: "fraud" if v else "ok"):
    return [[*np.round(x, 6), label(v)] for x, v in zip(X, y)]


# --- success ------------------------------------------------------------------------------------


def test_compare_on_the_built_in_data(tmp_path):
    out = tmp_path / "out.json"
    proc = run("compare", "--n-samples", 8000, "--cv", 3, "--json", out)
    assert proc.returncode == 0, proc.stderr
    assert "Class distribution of built-in fraud-like data" in proc.stdout
    for name in ("majority", "baseline", "class_weight", "smote", "threshold"):
        assert f"\n{name} " in proc.stdout
    assert "Best: " in proc.stdout and "baseline" in proc.stdout
    assert "fold 3/3" in proc.stderr and "ETA" in proc.stderr  # progress
    payload = json.loads(out.read_text())
    assert payload["n_folds"] == 3 and payload["best"] in payload["techniques"]
    assert payload["distribution"]["counts"] == {"0": 7920, "1": 80}
    folds = payload["techniques"]["threshold"]["folds"]["f1"]
    assert len(folds) == 3 and all(0 <= v <= 1 for v in folds)
    assert payload["techniques"]["smote"]["vs_baseline"]["pvalue"] >= 0


def test_compare_on_a_csv_with_string_target_not_last_semicolons_and_bom(table, tmp_path):
    X, y = table
    rows = [[("fraud" if v else "ok"), *np.round(x, 6)] for x, v in zip(X, y)]
    path = write_csv(tmp_path / "d.csv", ["label", "a", "b", "c", "d"], rows, sep=";", bom=True)
    plot = tmp_path / "p.png"
    model = tmp_path / "m.pkl"
    proc = run(
        "compare",
        "--csv",
        path,
        "--target",
        "label",
        "--cv",
        3,
        "--quiet",
        "--plot",
        plot,
        "--save-model",
        model,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # --quiet
    assert "target 'label'" in proc.stdout and "positive class 'fraud'" in proc.stdout
    assert plot.read_bytes()[:8] == PNG
    winner = pickle.loads(model.read_bytes())
    pd = pytest.importorskip("pandas")
    new = pd.DataFrame(np.round(X[:50], 6), columns=list("abcd"))
    assert set(winner.predict(new).tolist()) <= {"fraud", "ok"}


def test_compare_on_a_csv_with_numeric_target_and_categorical_columns(table, tmp_path):
    X, y = table
    rng = np.random.default_rng(0)
    city = rng.choice(["north", "south", "east"], size=y.size)
    rows = [[*np.round(x, 6), c, int(v)] for x, v, c in zip(X, y, city)]
    path = write_csv(tmp_path / "d.csv", ["a", "b", "c", "d", "city", "y"], rows)
    out = tmp_path / "o.json"
    proc = run(
        "compare",
        "--csv",
        path,
        "--cv",
        3,
        "--quiet",
        "--json",
        out,
        "--techniques",
        "baseline",
        "smote+threshold",
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        "One-hot encoded inside the pipeline" in proc.stdout and "'city' (3 values)" in proc.stdout
    )
    payload = json.loads(out.read_text())
    assert payload["encoded"] == ["city"] and payload["pos_label"] == 1
    assert list(payload["techniques"]) == ["majority", "baseline", "smote+threshold"]


def test_compare_quoted_fields_large_fields_and_no_header(table, tmp_path):
    X, y = table
    big = "x" * 200_000
    rows = [
        [*np.round(x, 6), f'"note, {big if i == 0 else i}"', int(v)]
        for i, (x, v) in enumerate(zip(X, y))
    ]
    path = write_csv(tmp_path / "q.csv", ["a", "b", "c", "d", "note", "label"], rows)
    proc = run(
        "compare", "--csv", path, "--cv", 3, "--quiet", "--drop", "note", "--techniques", "baseline"
    )
    assert proc.returncode == 0, proc.stderr
    headless = tmp_path / "h.csv"
    headless.write_text(
        "\n".join(",".join(map(str, [*np.round(x, 6), int(v)])) for x, v in zip(X, y)) + "\n"
    )
    proc = run("compare", "--csv", headless, "--cv", 3, "--quiet", "--techniques", "baseline")
    assert proc.returncode == 0, proc.stderr
    assert "target 'column_5'" in proc.stdout


def test_missing_values_with_dropna_and_impute(table, tmp_path):
    X, y = table
    rows = fraud_rows(X, y)
    rows[3][1] = ""
    rows[7][-1] = ""
    path = write_csv(tmp_path / "m.csv", ["a", "b", "c", "d", "label"], rows)
    proc = run(
        "compare", "--csv", path, "--cv", 3, "--quiet", "--dropna", "--techniques", "baseline"
    )
    assert proc.returncode == 0, proc.stderr
    assert "2 rows with missing values dropped" in proc.stdout
    rows[7][-1] = "ok"
    write_csv(path, ["a", "b", "c", "d", "label"], rows)
    proc = run(
        "compare",
        "--csv",
        path,
        "--cv",
        3,
        "--quiet",
        "--impute",
        "--techniques",
        "baseline",
        "--model",
        "hgb",
    )
    assert proc.returncode == 0, proc.stderr


def test_multiclass_target_with_pos_label(table, tmp_path):
    X, y = table
    labels = np.where(y == 1, "fraud", np.where(X[:, 0] > 0, "ok", "fine"))
    rows = [[*np.round(x, 6), v] for x, v in zip(X, labels)]
    path = write_csv(tmp_path / "mc.csv", ["a", "b", "c", "d", "label"], rows)
    proc = run(
        "compare",
        "--csv",
        path,
        "--cv",
        3,
        "--quiet",
        "--pos-label",
        "fraud",
        "--techniques",
        "baseline",
    )
    assert proc.returncode == 0, proc.stderr
    assert "positive class 'fraud'" in proc.stdout and "rest" in proc.stdout


def test_report_plot_and_help_and_version(tmp_path):
    plot = tmp_path / "r.png"
    proc = run("report", "--n-samples", 500, "--plot", plot)
    assert proc.returncode == 0, proc.stderr
    assert plot.read_bytes()[:8] == PNG
    for sub in ("report", "compare"):
        help_text = run(sub, "--help").stdout
        assert "usage:" in help_text and len(help_text.split("\n\n")[1]) > 40
    assert "leak-free" in run("compare", "--help").stdout
    assert run("--version").stdout.startswith("minibalance ")


# --- every user error: one line on stderr, exit code 2, no traceback ---------------------------


def test_file_errors(tmp_path):
    assert_user_error(run("compare", "--csv", tmp_path / "nope.csv"), "no such file")
    assert_user_error(run("compare", "--csv", tmp_path), "is a directory")
    empty = tmp_path / "e.csv"
    empty.write_text("")
    assert_user_error(run("compare", "--csv", empty), "is empty")
    header = tmp_path / "h.csv"
    header.write_text("a,b,label\n")
    assert_user_error(run("compare", "--csv", header), "no data rows")
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"a,label\n1,\xff\xfe\n2,x\n")
    assert_user_error(run("compare", "--csv", binary), "not UTF-8")
    ragged = tmp_path / "r.csv"
    ragged.write_text("a,b,label\n1,2,0\n3,4,1\n5,6,7,8\n")
    assert_user_error(run("compare", "--csv", ragged), "different numbers of fields")
    assert_user_error(run("report", "--csv", tmp_path / "nope.csv"), "no such file")


def test_column_and_target_errors(table, tmp_path):
    X, y = table
    path = write_csv(tmp_path / "d.csv", ["a", "b", "c", "d", "label"], fraud_rows(X, y))
    assert_user_error(
        run("compare", "--csv", path, "--target", "nope"),
        "--target 'nope' is not a column",
        "'a', 'b'",
    )
    assert_user_error(run("report", "--csv", path, "--target", "nope"), "columns: 'a'")
    assert_user_error(run("compare", "--csv", path, "--drop", "zzz"), "--drop 'zzz'")
    one = write_csv(tmp_path / "one.csv", ["a", "label"], [[i, "ok"] for i in range(20)])
    assert_user_error(run("compare", "--csv", one), "one class")
    few = [[i, "fraud" if i < 3 else "ok"] for i in range(50)]
    few_path = write_csv(tmp_path / "few.csv", ["a", "label"], few)
    assert_user_error(run("compare", "--csv", few_path), "has 3 members, fewer than the 5 folds")
    mc = write_csv(tmp_path / "mc.csv", ["a", "label"], [[i, "abc"[i % 3]] for i in range(30)])
    assert_user_error(run("compare", "--csv", mc), "3 classes", "--pos-label")


def test_missing_and_infinite_feature_errors(table, tmp_path):
    X, y = table
    rows = fraud_rows(X, y)
    rows[2][0] = ""
    path = write_csv(tmp_path / "n.csv", ["a", "b", "c", "d", "label"], rows)
    assert_user_error(
        run("compare", "--csv", path), "1 rows have missing feature values", "--dropna", "--impute"
    )
    rows = fraud_rows(X, y)
    rows[4][1] = "inf"
    path = write_csv(tmp_path / "i.csv", ["a", "b", "c", "d", "label"], rows)
    assert_user_error(run("compare", "--csv", path), "infinite", "'b'")
    rows = fraud_rows(X, y)
    rows[5][-1] = ""
    path = write_csv(tmp_path / "t.csv", ["a", "b", "c", "d", "label"], rows)
    assert_user_error(
        run("compare", "--csv", path), "1 rows have no value in the target", "--dropna"
    )


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--cv", "1"], "--cv"),
        (["--n-samples", "0"], "--n-samples"),
        (["--objective", "nonsense"], "--objective nonsense"),
        (["--cost-fp", "2"], "both --cost-fp and --cost-fn"),
        (["--model", "svm"], "--model"),
        (["--techniques", "smote+magic"], "not understood"),
        (["--cost-fp", "-1", "--cost-fn", "2"], "--cost-fp"),
    ],
)
def test_bad_flags(args, fragment):
    assert_user_error(run("compare", *args), fragment)
