"""Reading a user's CSV file as users have it: for the command line.

Spreadsheets write ``;`` as well as ``,``, Excel starts UTF-8 files with a byte
order mark, some files have no header row, and fields may be quoted or large.
:func:`read_csv` sniffs the delimiter and the header on the first lines with
:class:`csv.Sniffer`, then hands them to pandas' fast C parser (the python
engine's own sniffing is slow on large files). Every problem becomes a
:class:`UserError` with one line saying what is wrong and what to do.
"""

from __future__ import annotations

import csv
import os
from typing import Any

__all__ = ["UserError", "read_csv", "split_target"]

_SAMPLE_BYTES = 64 * 1024


class UserError(ValueError):
    """A problem with the user's input, reported as one line and exit code 2."""


def _sniff(sample: str) -> tuple[str, bool]:
    """Delimiter and whether the first row is a header."""
    lines = sample.splitlines()
    if len(sample) >= _SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut in the middle
    text = "\n".join(lines[:200])
    sniffer = csv.Sniffer()
    try:
        delimiter = sniffer.sniff(text, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    try:
        header = sniffer.has_header(text) if len(lines) > 1 else True
    except csv.Error:
        header = True
    return delimiter, header


def read_csv(path: str) -> Any:
    """Read a delimited text file into a pandas DataFrame.

    Parameters
    ----------
    path : str
        A CSV (or ``;``/tab/``|`` separated) file, UTF-8 with or without a BOM.

    Returns
    -------
    pandas.DataFrame
        Column names from the header row, or ``column_1`` ... when the file
        has none.

    Raises
    ------
    UserError
        Missing file, a directory, empty file, header only, bytes that are not
        UTF-8, ragged rows.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - the CLI extra brings pandas
        raise UserError("reading a CSV file needs pandas: pip install 'minibalance[all]'") from exc
    if not os.path.exists(path):
        raise UserError(f"{path}: no such file")
    if os.path.isdir(path):
        raise UserError(f"{path} is a directory, not a CSV file")
    if os.path.getsize(path) == 0:
        raise UserError(f"{path} is empty: it needs a header row and data rows")
    with open(path, "rb") as handle:
        raw = handle.read(_SAMPLE_BYTES)
    try:
        sample = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - 4:  # not just a character cut by the sample's end
            raise _not_utf8(path, exc) from None
        sample = raw[: exc.start].decode("utf-8-sig")
    if not sample.strip():
        raise UserError(f"{path} holds only blank space: it needs a header row and data rows")
    delimiter, header = _sniff(sample)
    try:
        frame = pd.read_csv(
            path,
            sep=delimiter,
            encoding="utf-8-sig",
            header=0 if header else None,
            skipinitialspace=True,
        )
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, exc) from None
    except pd.errors.EmptyDataError:
        raise UserError(f"{path} has no columns to read") from None
    except pd.errors.ParserError as exc:
        detail = str(exc).strip().splitlines()[-1]
        raise UserError(
            f"{path}: rows have different numbers of fields ({detail}); "
            "fix the file so every row has one value per column"
        ) from None
    if not header:
        frame.columns = [f"column_{i + 1}" for i in range(frame.shape[1])]
    if frame.shape[0] == 0:
        raise UserError(f"{path} has a header row but no data rows")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _not_utf8(path: str, exc: UnicodeDecodeError) -> UserError:
    bad = exc.object[exc.start : exc.start + 1].hex()
    return UserError(
        f"{path} is not UTF-8 text (byte 0x{bad} at position {exc.start}); "
        'save it as UTF-8 ("CSV UTF-8" in spreadsheet programs)'
    )


def split_target(frame: Any, target: str | None, path: str, drop: list[str] | None = None):
    """Split ``frame`` into features and the target column (default: the last).

    Raises
    ------
    UserError
        An unknown ``--target`` or ``--drop`` column (the message lists the columns).
    """
    columns = list(frame.columns)
    listing = ", ".join(repr(c) for c in columns[:30]) + (" ..." if len(columns) > 30 else "")
    name = columns[-1] if target is None else target
    if name not in columns:
        raise UserError(f"--target {name!r} is not a column of {path}; columns: {listing}")
    unknown = [c for c in (drop or []) if c not in columns]
    if unknown:
        raise UserError(f"--drop {unknown[0]!r} is not a column of {path}; columns: {listing}")
    if name in (drop or []):
        raise UserError(f"--drop {name!r}: that is the target column")
    features = frame.drop(columns=[name, *(drop or [])])
    if features.shape[1] == 0:
        raise UserError(f"{path} has no feature columns besides the target {name!r}")
    return features, frame[name], name
