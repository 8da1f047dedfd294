"""The long-form loader's fast paths (validation cache, row fast path, paused collector) give
the same answers and the same problems as checking every cell."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from rung.core.errors import InputError
from rung.io.assessments import load_assessments
from rung.io.tables import gc_paused

TINY = Path(__file__).resolve().parents[1] / "io" / "fixtures" / "tiny-framework.yaml"
HEADER = "person_id,person_name,level,competency,rater,rater_name,score,assessed_on,evidence"


def csv_file(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "org.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def test_rows_with_the_same_score_cells_keep_their_own_rater_names_and_evidence(tmp_path: Path):
    path = csv_file(
        tmp_path,
        "ana,Ana,pm,execution,peer,Sam,3,2026-11-02,Ran the launch",
        "ana,Ana,pm,execution,peer,Kim,3,2026-11-02,",
        "ana,Ana,pm,execution,self,,3,2026-11-02,Shipped weekly",
        "ben,Ben,pm,execution,peer,Sam,3,2026-11-02,Fixed the backlog",
    )
    (ana, _), (ben, _) = load_assessments(path)
    peers = sorted((r.name, dict(r.scores)) for r in ana.ratings_by("peer"))
    assert peers == [("Kim", {"execution": 3.0}), ("Sam", {"execution": 3.0})]
    assert ana.evidence == {"execution": ("Ran the launch", "Shipped weekly")}
    assert ben.evidence == {"execution": ("Fixed the backlog",)}


def test_the_same_bad_cell_on_many_rows_is_reported_on_each_row(tmp_path: Path):
    path = csv_file(
        tmp_path,
        "ana,Ana,pm,execution,self,,lots,2026-11-02,",
        "ana,Ana,pm,roadmapping,self,,3,2026-11-02,",
        "ben,Ben,pm,execution,self,,lots,2026-11-02,",
        "ben,Ben,pm,execution,manager,Mo,lots,2026-11-02,",
    )
    with pytest.raises(InputError) as err:
        load_assessments(path)
    assert [p.where for p in err.value.problems] == [
        "row 2, column score", "row 4, column score", "row 5, column score"]


def test_cells_valid_for_one_framework_are_checked_again_for_another(tmp_path: Path):
    header = HEADER + ",framework"
    path = csv_file(
        tmp_path,
        "ana,Ana,pm,market-analysis,self,,3,2026-11-02,,pm-quadrants",
        f"ben,Ben,pm,market-analysis,self,,3,2026-11-02,,{TINY}",
        header=header,
    )
    with pytest.raises(InputError) as err:
        load_assessments(path)
    assert [p.where for p in err.value.problems] == ["row 3, column competency"]
    assert "unknown competency 'market-analysis' in framework tiny" in str(err.value)


def test_short_rows_and_cells_beyond_the_header_are_read_as_before(tmp_path: Path):
    path = csv_file(
        tmp_path,
        "ana,Ana,pm,execution,self,,3,2026-11-02",  # no evidence cell at all
        "ana,Ana,pm,roadmapping,self,,2,2026-11-02,,stray,",
        "ana,Ana,pm,user-research,self,,2,2026-11-02,,again",
    )
    with pytest.raises(InputError) as err:
        load_assessments(path)
    assert [(p.where, p.message.split(";")[0]) for p in err.value.problems] == [
        ("row 3, column J", "value 'stray' is in a column without a header")]
    path = csv_file(tmp_path, "ana,Ana,pm,execution,self,,3,2026-11-02")
    ((ana, _),) = load_assessments(path)
    assert dict(ana.ratings[0].scores) == {"execution": 3.0}


def test_person_columns_that_disagree_are_reported_cell_by_cell(tmp_path: Path):
    path = csv_file(
        tmp_path,
        "ana,Ana,pm,execution,self,,3,2026-11-02,",
        "ana,Ana R,senior-pm,roadmapping,self,,3,2026-11-02,",
        "ana,Ana,pm,user-research,self,,3,2026-11-03,",
    )
    with pytest.raises(InputError) as err:
        load_assessments(path)
    assert [p.where for p in err.value.problems] == [
        "row 3, column person_name", "row 3, column level", "row 4, column assessed_on"]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_reading_and_restored_after(enabled: bool):
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), gc_paused():
            raise RuntimeError("boom")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
