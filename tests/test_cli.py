"""`python -m pakru check`: every problem at once, with file and line; non-zero exit on any error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pakru.yamlfile import MAX_DEPTH, MAX_VALUES


def run(*args: str, root=None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"PAKRU_ROOT": str(root)} if root else {})}
    return subprocess.run([sys.executable, "-m", "pakru", *args], capture_output=True, text=True, env=env)


def test_check_passes_on_the_project():
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no errors" in result.stdout


def test_check_reports_every_problem_at_once_and_fails(project_copy):
    catalogue = project_copy / "seeds" / "catalogue.yaml"
    text = catalogue.read_text("utf-8")
    catalogue.write_text(text.replace("date: 2011-01-24", "date: 2011-02-30"), encoding="utf-8")
    bad_line = text[: text.index("date: 2011-01-24")].count("\n") + 1
    (project_copy / "seeds" / "004_85bcd7cbb8b03c76.txt").write_bytes("Caf\u00e9 au lait\n".encode("cp1252"))
    events = project_copy / "data" / "events.yaml"
    events.write_text(events.read_text("utf-8").replace("paragraph: 14,", "paragraph: 99,", 1), encoding="utf-8")

    result = run("check", root=project_copy)
    assert result.returncode == 1
    out = result.stdout
    assert f"seeds/catalogue.yaml:{bad_line}: malformed date '2011-02-30'" in out
    assert "seeds/004_85bcd7cbb8b03c76.txt:1: not valid UTF-8 (byte 0xe9 at offset 3)" in out
    [cause] = [line for line in out.splitlines() if line.startswith("seeds/004_85bcd7cbb8b03c76.txt:1: ")]
    assert "differs from its SHA-256" in cause  # changed and unreadable: one event, one line
    assert "error(s)" in result.stderr


def test_check_on_broken_rules_file_names_it(project_copy):
    rules = project_copy / "data" / "boilerplate.yaml"
    rules.write_text(rules.read_text("utf-8").replace("pattern: '^Original url:$'", "pattern: '^(Original url:$'"),
                     encoding="utf-8")
    result = run("check", root=project_copy)
    assert result.returncode == 1
    assert "data/boilerplate.yaml:" in result.stdout and "bad regular expression" in result.stdout


def test_unknown_command_is_a_usage_error():
    result = run("frobnicate")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_catalogue_date_that_contradicts_the_texts_own_date_line_is_an_error(project_copy):
    from pakru.checks import check_catalogue_against_texts
    from pakru.corpus import Corpus

    catalogue = project_copy / "seeds" / "catalogue.yaml"
    text = catalogue.read_text("utf-8")
    catalogue.write_text(text.replace("date: 2011-01-24", "date: 2011-01-25"), encoding="utf-8")
    corpus = Corpus.load(project_copy / "seeds", project_copy / "data")
    problems = check_catalogue_against_texts(corpus)
    assert len(problems) == 1
    assert "moscowtimes-2011: date 2011-01-25 is 'stated' but the text says January 24, 2011" in problems[0].message
    entry_line = text[: text.index("  - id: moscowtimes-2011")].count("\n") + 1
    assert problems[0].line == entry_line


def test_check_reports_deeply_nested_banks_as_damaged_files(project_copy):
    quizzes = project_copy / "notebooks" / "quizzes"
    (quizzes / "deep.yaml").write_text("id: deep\nquestions:\n" + "".join("  " * i + "- \n" for i in range(1, 5_000)),
                                       encoding="utf-8")
    (quizzes / "brackets.json").write_text("[" * 100_000, encoding="utf-8")
    result = run("check", root=project_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "notebooks/quizzes/deep.yaml:102: damaged file: nested more than 100 levels deep" in result.stdout
    assert "notebooks/quizzes/brackets.json: damaged file: nested more than 100 levels deep" in result.stdout


def test_out_in_the_way_is_one_line_and_exit_1(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    cases = [("exercises", "build", "--out", str(a_file)),  # an existing file
             ("exercises", "release", "--out", str(a_file / "sub")),  # a file where a folder is expected
             ("exercises", "build", "--out", "/proc/pakru-out")]  # a folder nobody may write in (even root)
    for args in cases:
        result = run(*args)
        assert result.returncode == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("pakru exercises: ") and (str(a_file) in line or "/proc/pakru-out" in line), line
    assert a_file.read_text("utf-8") == "not a folder"


def test_ctrl_c_is_one_line_and_exit_130(tmp_path):
    """Ctrl-C while export waits to write (a named pipe nobody reads blocks the open, deterministically)."""
    import signal
    import time

    from pakru.progress import Store

    env = {**os.environ, "PAKRU_PROGRESS_DIR": str(tmp_path / "progress"), "PAKRU_LEARNER": "zoya"}
    Store(tmp_path / "progress", "zoya").record("demo", "q1", answer="a")
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    proc = subprocess.Popen([sys.executable, "-m", "pakru", "export", "--out", str(pipe), "--force"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    wchan = Path(f"/proc/{proc.pid}/wchan")  # the kernel function the process sleeps in (Linux)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        waiting = wchan.read_text() if wchan.exists() else ""
        if "wait_for_partner" in waiting or "fifo" in waiting:
            break  # blocked opening the pipe, inside the command
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["pakru export: interrupted"]


def test_one_undecodable_seed_gives_its_cause_once_and_one_summary_of_the_consequences(project_copy):
    seed = project_copy / "seeds" / "002_3a59d508f10717f8.txt"  # moscowtimes-2011, cited across the course
    seed.write_bytes("Caf\u00e9 au lait\n".encode("cp1252"))
    result = run("check", root=project_copy)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": warning:" not in line and ": info:" not in line]
    mentions = [line for line in errors if "moscowtimes-2011" in line]
    assert len(mentions) == 1, "\n".join(mentions)
    [summary] = mentions
    assert summary.startswith(f"seeds/{seed.name}: ") and "further problem(s) in" in summary
    assert "come from source moscowtimes-2011 not loading" in summary
    assert int(summary.split(": ")[1].split()[0]) > 20  # the consequences are counted, not listed
    assert sum("not valid UTF-8" in line for line in errors) == 1
    assert len(errors) < 10, "\n".join(errors)


DEEP = "".join("  " * i + "- \n" for i in range(1, 3_000))
"""Three thousand levels of block lists: deeper than Python's recursion limit lets a recursive reader go."""


def test_check_names_a_deeply_nested_task_file_lessons_file_and_gazetteer_as_damaged(project_copy):
    """These three are read twice: by their schema and by the claims reader, which walked them by recursion."""
    files = ["exercises/tasks/02_thaw_2003.yaml", "notebooks/lessons.yaml", "data/gazetteer.yaml"]
    lines = {}
    for name in files:
        path = project_copy / name
        text = path.read_text(encoding="utf-8")
        lines[name] = text.count("\n") + 1 + MAX_DEPTH  # `deep:` is a line, then 100 levels are allowed
        path.write_text(text + "deep:\n" + DEEP, encoding="utf-8")
    result = run("check", root=project_copy)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    assert result.returncode == 1
    for name in files:
        assert f"{name}:{lines[name]}: damaged file: nested more than {MAX_DEPTH} levels deep" in result.stdout


def test_check_refuses_an_alias_bomb_at_once_naming_its_file_and_line(project_copy):
    """Ten lines whose aliases stand for nine to the tenth values: check used to walk every one of them."""
    lessons = project_copy / "notebooks" / "lessons.yaml"
    text = lessons.read_text(encoding="utf-8")
    bomb = "bomb:\n  a0: &a0 [" + ", ".join(["lol"] * 9) + "]\n"
    bomb += "".join(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))
    lessons.write_text(text + bomb, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pakru", "check"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PAKRU_ROOT": str(project_copy)})
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    first = text.count("\n") + 1  # the line `bomb:` starts on
    assert [line for line in result.stdout.splitlines() if "lessons.yaml" in line] == [
        f"notebooks/lessons.yaml:{first + 6}: damaged file: more than {MAX_VALUES} values (through aliases, each "
        "standing for the whole node it names)"]


def test_one_undecodable_seed_gives_one_line_for_its_cause_and_one_for_everything_that_follows(project_copy):
    """Nothing else reaches the output: not the entities only that source mentions (warnings), not the exercise
    values computed over the whole corpus, not a second line saying the same file changed."""
    seed = project_copy / "seeds" / "002_3a59d508f10717f8.txt"  # moscowtimes-2011
    seed.write_bytes("Caf\u00e9 au lait\n".encode("cp1252"))
    result = run("check", root=project_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    shown = [line for line in result.stdout.splitlines() if ": info:" not in line]
    assert len(shown) == 2, "\n".join(shown)
    cause, summary = shown
    assert cause.startswith(f"seeds/{seed.name}:1: not valid UTF-8 (byte 0xe9 at offset 3)")
    assert "differs from its SHA-256 in SHA256SUMS" in cause and "restore" in cause
    assert summary.startswith(f"seeds/{seed.name}: ") and "come from source moscowtimes-2011 not loading" in summary
    assert result.stderr.splitlines() == ["check: 2 error(s), 0 warning(s)"]


def test_findings_about_the_whole_corpus_are_reported_when_every_source_loads(project_copy):
    """The findings ``check`` counts with a source that did not load are reported as they are otherwise; each
    of the patterns that recognise them matches the message its check really gives."""
    from pakru.checks import WHOLE_CORPUS

    gazetteer = project_copy / "data" / "gazetteer.yaml"
    gazetteer.write_text(gazetteer.read_text(encoding="utf-8").replace(
        "entities:\n", "entities:\n  - {id: nobody-zz, name: Zzyzx Nobody, type: person, aliases: [Zzyzx Nobody]}\n",
        1), encoding="utf-8")
    tasks = project_copy / "exercises" / "tasks" / "03_talks_2011.yaml"
    text = tasks.read_text(encoding="utf-8")
    for old, new in [("contains: Afghan, doc_id", "contains: Zzyzx, doc_id"),
                     ("{quotes: {doc_id: moscowtimes-2011}}", "{quotes: {doc_id: moscowtimes-2011, no_column: 3}}")]:
        assert old in text
        text = text.replace(old, new)
    tasks.write_text(text, encoding="utf-8")
    result = run("check", root=project_copy)
    found = {line.split(": ", 1)[1].removeprefix("warning: ") for line in result.stdout.splitlines()
             if line.startswith(("data/gazetteer.yaml", "exercises/tasks/03_talks_2011.yaml"))}
    assert found == {"entity 'nobody-zz' is mentioned in no source",
                     "task q3: expected value is empty on the current corpus",
                     "task q1: expected value cannot be computed (TypeError: quotes() got an unexpected keyword "
                     "argument 'no_column')"}, result.stdout
    for pattern in WHOLE_CORPUS:
        assert [message for message in found if pattern.search(message)], pattern


def test_check_refuses_a_question_with_the_id_of_its_lessons_exercise_task(project_copy):
    """Bank 02_thaw_2003 and exercise 02_thaw_2003 share the activity id: a question `q1` would share its answers."""
    bank = project_copy / "notebooks" / "quizzes" / "02_thaw_2003.yaml"
    text = bank.read_text("utf-8")
    line = text.splitlines().index("  - id: visit-gap") + 1
    bank.write_text(text.replace("  - id: visit-gap", "  - id: q1", 1), encoding="utf-8")
    result = run("check", root=project_copy)
    assert result.returncode == 1
    assert (f"notebooks/quizzes/02_thaw_2003.yaml:{line}: question 'q1' has the id of a task of exercise "
            "02_thaw_2003") in result.stdout
