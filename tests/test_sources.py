"""Seeds, catalogue and manifest: byte-exact seeds, and every bad input named with file and line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pakru.corpus import Corpus
from pakru.paths import SEEDS_DIR
from pakru.problems import ProblemError
from pakru.sources import SeedChanged, check_manifest, read_catalogue, read_sources

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_manifest_matches_every_seed():
    assert check_manifest() == []


@pytest.mark.skipif(not SHARED_SEEDS.exists(), reason="shared/seeds is not beside this checkout")
def test_seeds_are_byte_identical_to_the_shared_originals():
    ours = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    assert ours == sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    for name in ours:
        assert (SEEDS_DIR / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_manifest_lists_sha256_of_the_bytes():
    lines = (SEEDS_DIR / "SHA256SUMS").read_text().split("\n")
    listed = dict(reversed(line.split()) for line in lines if line.strip())
    for name, digest in listed.items():
        assert hashlib.sha256((SEEDS_DIR / name).read_bytes()).hexdigest() == digest


def test_an_edited_seed_fails_the_manifest(project_copy):
    seed = next((project_copy / "seeds").glob("000_*.txt"))
    seed.write_bytes(seed.read_bytes().replace(b"Moscow", b"Moskva", 1))
    problems = check_manifest(project_copy / "seeds")
    assert [p.file.endswith(seed.name) for p in problems] == [True]
    assert "never be edited" in problems[0].message


def test_a_seed_missing_from_the_manifest_is_reported_with_the_fix(project_copy):
    (project_copy / "seeds" / "005_new.txt").write_text("A new source.\n", encoding="utf-8")
    problems = check_manifest(project_copy / "seeds")
    assert len(problems) == 1 and "005_new.txt" in problems[0].file and "sha256sum" in problems[0].message


def test_catalogue_covers_every_seed_with_required_fields():
    entries, problems = read_catalogue()
    assert problems == []
    assert sorted(e.file for e in entries) == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    for e in entries:
        assert e.title and e.publisher and e.kind and e.era and e.notes
        if e.date_basis == "inferred":
            assert e.date_reasoning and len(e.date_reasoning) > 40


def test_two_sources_carry_no_date_of_their_own_and_say_so():
    entries = {e.id: e for e in read_catalogue()[0]}
    undated = [e for e in entries.values() if e.date_basis == "inferred"]
    assert {"latimes-2003", "nation-forum-2015"} <= {e.id for e in undated}
    assert entries["nation-forum-2015"].date_precision == "year"


def _write_catalogue(root: Path, text: str) -> None:
    (root / "seeds" / "catalogue.yaml").write_text(text, encoding="utf-8")


def _catalogue_text(root: Path) -> str:
    return (root / "seeds" / "catalogue.yaml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_malformed_date_names_catalogue_line(project_copy):
    text = _catalogue_text(project_copy).replace("date: 2011-01-24", "date: 24/01/2011")
    _write_catalogue(project_copy, text)
    _, problems = read_catalogue(project_copy / "seeds")
    assert len(problems) == 1
    assert problems[0].line == _line_of(text, "date: 24/01/2011")
    assert problems[0].file.endswith("catalogue.yaml") and "malformed date" in problems[0].message


def test_duplicate_id_is_reported_not_dropped_silently(project_copy):
    text = _catalogue_text(project_copy).replace("id: toi-2018", "id: voa-2003")
    _write_catalogue(project_copy, text)
    _, problems = read_sources(project_copy / "seeds")
    messages = [str(p) for p in problems]
    assert any("duplicate id 'voa-2003'" in m for m in messages)
    # the file whose entry was rejected is still reported, not silently left out
    assert any("004_" in m and "no catalogue entry" in m for m in messages)


def test_broken_yaml_names_the_line(project_copy):
    text = _catalogue_text(project_copy).replace("    kind: forum repost", "    kind: [forum repost", 1)
    _write_catalogue(project_copy, text)
    _, problems = read_catalogue(project_copy / "seeds")
    assert len(problems) == 1 and "YAML syntax" in problems[0].message
    assert problems[0].line is not None and problems[0].line >= _line_of(text, "kind: [forum repost")


def test_inferred_date_without_reasoning_is_refused(project_copy):
    text = _catalogue_text(project_copy)
    start = text.index("    date_reasoning: >-\n      The text carries no date. It reports")
    end = text.index("    place: Moscow")
    _write_catalogue(project_copy, text[:start] + text[end:])
    _, problems = read_catalogue(project_copy / "seeds")
    assert [p.message for p in problems] == ["an inferred date needs `date_reasoning`: say from what"]


def test_unknown_field_and_missing_field_are_both_reported_at_once(project_copy):
    text = _catalogue_text(project_copy).replace("    byline: Times Staff Writer", "    author: Times Staff Writer")
    text = text.replace("    era: talks-2011\n", "")
    _write_catalogue(project_copy, text)
    _, problems = read_catalogue(project_copy / "seeds")
    messages = " | ".join(p.message for p in problems)
    assert "unknown field `author`" in messages and "missing `era`" in messages


def test_entry_without_file_and_file_without_entry(project_copy):
    seeds = project_copy / "seeds"
    (seeds / "002_3a59d508f10717f8.txt").rename(seeds / "orphan.txt")
    _, problems = read_sources(seeds)
    text = [str(p) for p in problems]
    assert any("orphan.txt" in t and "no catalogue entry" in t for t in text)
    assert any("moscowtimes-2011" in t and "not in the seeds folder" in t for t in text)


def test_windows_1252_file_is_an_error_with_the_fix(project_copy):
    seed = project_copy / "seeds" / "001_173df6663f9b0053.txt"
    raw = seed.read_text("utf-8")
    seed.write_bytes(raw.encode("cp1252"))
    first_bad = raw.index("’")
    with pytest.raises(ProblemError) as caught:
        Corpus.load(project_copy / "seeds", project_copy / "data")
    (problem,) = caught.value.problems
    assert problem.file.endswith("001_173df6663f9b0053.txt")
    assert f"offset {len(raw[:first_bad].encode('cp1252'))}" in problem.message
    assert problem.line == raw[:first_bad].count("\n") + 1
    assert "UTF-8" in problem.message and "iconv" in problem.message


def test_empty_file_is_an_error(project_copy):
    (project_copy / "seeds" / "000_40c0c1059b2fc02d.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(ProblemError, match="000_40c0c1059b2fc02d.txt: file is empty"):
        Corpus.load(project_copy / "seeds", project_copy / "data")


def test_bom_and_crlf_give_the_same_paragraphs(project_copy, corpus):
    seed = project_copy / "seeds" / "002_3a59d508f10717f8.txt"
    text = seed.read_text("utf-8")
    seed.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    with pytest.warns(SeedChanged):  # the bytes differ from the manifest's: loading says so
        changed = Corpus.load(project_copy / "seeds", project_copy / "data")
    ours = changed.paragraphs.query("doc_id == 'moscowtimes-2011'")["text"].tolist()
    assert ours == corpus.paragraphs.query("doc_id == 'moscowtimes-2011'")["text"].tolist()
    # spans still point at the same words in the (CRLF) raw text
    doc = changed.document("moscowtimes-2011")
    for block in doc.paragraphs:
        assert " ".join(doc.raw[block.start:block.end].split()) .replace("**", "") == block.text


def test_raw_spans_of_a_crlf_copy_are_shown_in_the_original_either_way(project_copy, corpus):
    """Offsets index the file as stored (a CRLF counts two characters); lines and LF offsets hold for both copies."""
    from pakru.show import raw

    seed = project_copy / "seeds" / "002_3a59d508f10717f8.txt"
    lf_text = seed.read_text("utf-8")
    seed.write_bytes(lf_text.replace("\n", "\r\n").encode("utf-8"))
    with pytest.warns(SeedChanged):
        crlf = Corpus.load(project_copy / "seeds", project_copy / "data")
    crlf_text = seed.read_bytes().decode("utf-8")
    doc = crlf.document("moscowtimes-2011")
    differing = 0
    for n in range(1, len(doc.paragraphs) + 1):
        lf, cr = corpus.cite("moscowtimes-2011", n), crlf.cite("moscowtimes-2011", n)
        differing += (lf.start, lf.end) != (cr.start, cr.end)
        assert crlf_text[cr.start:cr.end] == cr.raw  # the stored offsets index the CRLF file
        assert cr.lf_span == (lf.start, lf.end) and lf_text[slice(*cr.lf_span)] == lf.raw  # and map to the LF copy
        assert cr.lines == lf.lines
        lines = lf_text.splitlines()[lf.lines[0] - 1: lf.lines[1]]
        assert lf.raw.strip().splitlines()[0] in lines[0]
        shown_lf, shown_cr = raw("moscowtimes-2011", n, corpus=corpus), raw("moscowtimes-2011", n, corpus=crlf)
        assert str(shown_lf) == str(shown_cr) and "\r" not in shown_cr._repr_html_()
        where = f"line {lf.lines[0]}" if lf.lines[0] == lf.lines[1] else f"lines {lf.lines[0]}–{lf.lines[1]}"
        assert where in shown_cr._repr_html_() and where in shown_lf._repr_html_()
        assert f"({lf.start}–{lf.end} with LF)" in shown_cr._repr_html_() or (lf.start, lf.end) == (cr.start, cr.end)
    assert differing >= len(doc.paragraphs) - 1
