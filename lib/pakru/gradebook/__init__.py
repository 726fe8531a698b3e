"""The gradebook: learners' results in, scores the instructor can trust and an LMS import file out.

A pipeline of small stages, in the order nbgrader's converters run (each stage one module or folder):

``read``     who handed in what: an LMS bulk-download archive (``read.archive``), the home folders on a hub
             (``read.homes``), a folder of handed-in files (``read.folder``); each file parsed as data only
             (``read.formats``: progress JSON, ``pakru export`` CSV, saved notebook), never executed.
``regrade``  every answer judged again with the task's own checks and the bank's questions.
``review``   what the instructor must look at: records that are not the student's own, verdicts that
             disagree with the re-grade, marks that rest on hashes or on files others could change.
``write``    one small module per output (``canvas.csv``, ``moodle.csv``, ``gradebook.csv``, ``checks.csv``,
             ``quizzes.csv``, ``marking.csv``, ``review.csv``, ``problems.txt``, ``scores.png``).
``cli``      ``python -m pakru gradebook``.

Why scores are recomputed: a progress file is JSON the learner can edit, so its ``correct`` and ``score``
prove nothing. Quizzes and exercises are told apart by the record's ``kind``, never by matching ids
(lesson 2's quiz bank and exercise 2 share the id ``02_thaw_2003``).

Imports point downward: ``cli`` → ``write`` → ``review`` → ``regrade`` → ``read`` → ``model``/``config``/``text``.
"""
