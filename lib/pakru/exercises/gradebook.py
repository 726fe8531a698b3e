"""Old home of the gradebook, kept so ``from pakru.exercises.gradebook import ...`` still works.

The gradebook is the package ``pakru.gradebook`` now (read → regrade → review → write → cli).
"""

from __future__ import annotations

from pakru.gradebook.read.folder import from_folder
from pakru.gradebook.read.homes import from_homes
from pakru.gradebook.regrade import Judge, load_specs
from pakru.gradebook.review import grade

__all__ = ["Judge", "from_folder", "from_homes", "grade", "load_specs"]
