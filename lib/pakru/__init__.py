"""pakru: read news sources on Pakistan–Russia relations as citable data.

The lessons import modules by name::

    from pakru import corpus, show, quiz
    c = corpus.load()
    show.passage("voa-2003", 2)

See docs/architecture.md for the rooms of the package and how data flows between them.
"""

__version__ = "0.1.0"
