"""Saved answers that are never lost: who answered (``identity``), the file format (``fileformat``), the store
of one learner's session files (``store``) and handing in as CSV (``export``).

This package's face is what notebooks, the quiz, the exercises, the gradebook and the class service use;
each name is defined in exactly one of the four modules.
"""

from pakru.progress.export import CSV_COLUMNS, default_export_name, export_csv, main_export
from pakru.progress.fileformat import (
    FORMAT,
    KINDS,
    MAX_ANSWER_CHARS,
    MAX_ANSWER_DEPTH,
    MAX_ATTEMPTS,
    MAX_FILE_BYTES,
    MAX_NAME,
    MAX_SCORE,
    DamagedFile,
    Record,
    bounded_answer,
    check_timestamp,
    parse,
    read_file,
)
from pakru.progress.identity import HUB_ENV, Identity, default_learner, folder_name, identity, safe_name
from pakru.progress.store import (
    Store,
    add_listener,
    clean_orphans,
    default_root,
    default_store,
    learners_in,
    remove_listener,
)

__all__ = ["CSV_COLUMNS", "FORMAT", "HUB_ENV", "KINDS", "MAX_ANSWER_CHARS", "MAX_ANSWER_DEPTH", "MAX_ATTEMPTS",
           "MAX_FILE_BYTES", "MAX_NAME", "MAX_SCORE", "DamagedFile", "Identity", "Record", "Store",
           "add_listener", "bounded_answer", "check_timestamp", "clean_orphans", "default_export_name",
           "default_learner", "default_root", "default_store", "export_csv", "folder_name", "identity",
           "learners_in", "main_export", "parse", "read_file", "remove_listener", "safe_name"]
