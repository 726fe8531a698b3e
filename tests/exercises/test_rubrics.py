"""The rubric table in exercises/INSTRUCTORS.md is made from the task files (the rubrics' one home)."""

from __future__ import annotations

import shutil

from pakru.exercises import rubrics
from pakru.exercises.tasks import TASKS_DIR, load_spec, spec_paths


def test_is_the_guides_rubric_table_made_from_the_task_files_and_not_stale(tmp_path):
    guide = rubrics.GUIDE.read_text("utf-8")
    block = guide[guide.index(rubrics.BEGIN) + len(rubrics.BEGIN): guide.index(rubrics.END)]
    assert block.strip() == rubrics.table(), "run: python -m pakru.exercises.rubrics"
    # each written task has its row, and an edited rubric changes the table
    for path in spec_paths():
        spec, _ = load_spec(path)
        for task in spec.tasks:
            if task.kind == "written":
                assert f"| {spec.id} {task.id}: " in block and task.rubric[0].full in block, (spec.id, task.id)
    tasks = tmp_path / "tasks"
    shutil.copytree(TASKS_DIR, tasks)
    first = spec_paths(tasks)[0]
    first.write_text(first.read_text("utf-8").replace("criterion: argument\n        full: \"",
                                                      "criterion: argument\n        full: \"EDITED "), "utf-8")
    assert "EDITED " in rubrics.table(tasks) and rubrics.table(tasks) != block.strip()
