"""The README is part of the specification: its code runs as written, its output is real."""

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
BLOCKS = [
    (m.group(1), m.group(2), README[: m.start()].count("\n") + 1) for m in FENCE.finditer(README)
]
PYTHON = [(code, line) for lang, code, line in BLOCKS if lang == "python"]


@pytest.mark.parametrize("code, line", PYTHON, ids=[f"line{line}" for _, line in PYTHON])
def test_python_blocks_run_as_written(code, line):
    if ">>>" in code:
        test = doctest.DocTestParser().get_doctest(code, {}, f"README:{line}", "README.md", line)
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        assert runner.failures == 0, f"README block at line {line} prints something else"
    else:
        exec(compile(code, f"README.md:{line}", "exec"), {})


def test_quick_start_is_what_ci_runs():
    quick = README.split("## Quick start", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [c.split("#")[0].strip() for c in quick.strip().splitlines()]
    assert len(commands) == 2
    assert commands[0] == 'pip install ".[all]" && python -m minibalance compare'
    assert commands[1] == 'pip install ".[test]" && python -m pytest'
    ci = (ROOT / ".ci" / "run").read_text().replace(" -q", "")  # CI installs quietly
    for command in commands:
        assert command.replace('"', "") in ci.replace('"', ""), command


def _tokens(text):
    # Timings differ per machine: mask the seconds-per-fold column.
    return [re.sub(r"^\d+\.\d\ds$", "<s>", t) for t in text.split()]


def test_the_compare_output_shown_is_what_it_prints(capsys):
    from minibalance.cli import main

    shown = next(code for lang, code, _ in BLOCKS if lang == "text" and "stratified folds" in code)
    assert main(["compare", "--quiet"]) == 0
    out = capsys.readouterr().out
    printed = out[out.index("5 stratified folds") :]
    assert _tokens(printed) == _tokens(shown)
