"""The command line with hostile files and options (Hypothesis): every command that reads a
file ends with exit 0, 1 (lint findings) or 2 (bad input) and one message, never a traceback.

Files are real examples with one value replaced by a hostile one, long-form tables with hostile
cells, raw bytes, deep nesting and a sparse workbook; options get far dates and odd text.
Bounded (about 15 s on one core) and derandomized by the "repeatable" profile.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rung.cli.main import cli

from hostile import HEADER, hostile_text, sparse_xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FRAMEWORK = ROOT / "src" / "rung" / "content" / "frameworks" / "pm-quadrants.yaml"
SUFFIXES = (".yaml", ".json", ".csv", ".xlsx", ".md", ".txt")


@st.composite
def mutated_yaml(draw: st.DrawFn) -> bytes:
    """A real file (an example assessment or a framework) with one value made hostile."""
    source = draw(st.sampled_from([*EXAMPLES, FRAMEWORK]))
    lines = source.read_text(encoding="utf-8").splitlines()
    keyed = [i for i, line in enumerate(lines) if ": " in line]
    i = draw(st.sampled_from(keyed))
    key = lines[i].split(": ", 1)[0]
    value = draw(hostile_text)
    quoted = draw(st.booleans())
    lines[i] = f"{key}: {json.dumps(value) if quoted else value}"
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def long_form(draw: st.DrawFn) -> bytes:
    """A long-form table (CSV) whose cells are hostile."""
    rows = [",".join(HEADER)]
    for _ in range(draw(st.integers(1, 4))):
        cells = [draw(st.sampled_from(["pat", "Pat", "pm", "user-research", "self", "3",
                                       "2026-11-02"]) | hostile_text) for _ in HEADER]
        rows.append(",".join(json.dumps(c) for c in cells))
    return "\n".join(rows).encode("utf-8", "surrogatepass")


def _leaves(node: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path]


@st.composite
def mutated_json(draw: st.DrawFn) -> bytes:
    """An example assessment as JSON with one leaf made hostile: text stays text (so the file
    often loads and the hostile text reaches every renderer), other values become anything."""
    data = yaml.safe_load(draw(st.sampled_from(EXAMPLES)).read_text(encoding="utf-8"))
    *parents, last = draw(st.sampled_from(_leaves(data)))
    node = data
    for key in parents:
        node = node[key]
    node[last] = draw(hostile_text if isinstance(node[last], str) else
                      hostile_text | st.integers(-(10**20), 10**20) | st.none() | st.floats())
    return json.dumps(data, default=str).encode()


# (bytes, suffix): mostly a suffix that matches, so the parsers behind it are reached.
files = st.one_of(
    st.tuples(mutated_yaml(), st.just(".yaml")),
    st.tuples(mutated_json(), st.just(".json")),
    st.tuples(long_form(), st.just(".csv")),
    st.tuples(st.just(sparse_xlsx_bytes()), st.just(".xlsx")),
    st.tuples(st.just(b"[" * 100_000 + b"]" * 100_000), st.sampled_from([".json", ".yaml"])),
    st.tuples(st.just(b"a: &a [*a, *a]\n"), st.just(".yaml")),
    st.tuples(hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass"))
              | st.binary(max_size=300), st.sampled_from(SUFFIXES)),
)
# Half the time a good date, so the hostile file reaches the planner and every renderer.
dates = st.just("2027-01-04") | st.sampled_from(
    ["0001-01-01", "9999-12-31", "1969-12-31", "2200-12-31", "2026-02-30", "-1", ""]
) | hostile_text


@st.composite
def invocations(draw: st.DrawFn) -> tuple[list[str], bytes, str]:
    """(arguments with FILE for the input file, the file's bytes, its suffix)."""
    command = draw(st.sampled_from([
        ["plan", "FILE", "--start", draw(dates),
         "--format", draw(st.sampled_from(["md", "json", "ics", "html"]))],
        ["plan", "FILE", "--target", draw(hostile_text), "--holidays", draw(hostile_text)],
        ["plan", "FILE", "--framework", draw(hostile_text)],
        ["plan", "--batch", "FILE", "-o", "OUT"],
        ["lint", "FILE", "--today", draw(dates)],
        ["lint", "FILE", "--format", "json"],
        ["pack", "FILE", "--start", draw(dates), "--purpose", draw(hostile_text)],
        ["ladder", "FILE", "--start", draw(dates)],
        ["frameworks", "validate", "FILE"],
        ["frameworks", "validate-activities", "FILE"],
        ["frameworks", "show", draw(hostile_text)],
        ["frameworks", "import", "FILE", "-o", "OUT/framework.yaml"],
    ]))
    content, suffix = draw(files)
    return command, content, suffix


def run(command: list[str], content: bytes, suffix: str) -> tuple[int, str, object]:
    with tempfile.TemporaryDirectory(prefix="rung-hostile-") as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(content)
        args = [str(path) if a == "FILE" else a.replace("OUT", f"{tmp}/out") for a in command]
        result = CliRunner().invoke(cli, args)
    return result.exit_code, result.output, result.exception


@given(invocations())
@example((["plan", "FILE", "--start", "0001-01-01"], EXAMPLES[0].read_bytes(), ".yaml"))
@example((["plan", "FILE", "--start", "9999-12-31"], EXAMPLES[0].read_bytes(), ".yaml"))
@example((["plan", "FILE"], sparse_xlsx_bytes(), ".xlsx"))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
def test_every_command_ends_with_0_1_or_2_and_no_traceback(
        invocation: tuple[list[str], bytes, str]) -> None:
    code, output, exception = run(*invocation)
    assert code in (0, 1, 2), (code, output[-2000:])
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    assert "Traceback" not in output
