"""The read stage: who handed in what, from an LMS archive, hub homes or a folder, as ``model.Handed``.

``formats`` parses one file's bytes (progress JSON, export CSV, saved notebook); ``archive``, ``homes`` and
``folder`` find the files and their owners; ``roster`` reads who is in the class.
"""
