"""Hashed answers: one spelling per answer, and the hash depends on the salt."""

from __future__ import annotations

from pakru.exercises.answer_hashes import digest, main, matches, normalise


def test_do_spellings_of_one_answer_agree():
    assert normalise(" 2003-02-05 ") == normalise("2003-02-05")
    assert normalise("VOA-2003 : 7") == normalise("voa-2003 ¶7")
    assert normalise(33) == normalise(33.0) == normalise("33")
    assert normalise("The  Kremlin") == normalise("the kremlin")


def test_do_different_answers_differ():
    assert normalise("1970s") != normalise("1970")
    assert normalise(30) != normalise(33)


def test_does_the_salt_change_the_hash():
    assert digest("33", "a") != digest("33", "b")
    assert matches(33.0, "a", [digest("33", "a")])
    assert not matches(30, "a", [digest("33", "a")])


def test_does_the_author_tool_print_only_hashes_on_stdout(capsys):
    assert main(["--salt", "s", "1970s"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == digest("1970s", "s")
    assert "1970s" not in out and "1970s" in err
