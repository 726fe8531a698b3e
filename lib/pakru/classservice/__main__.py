"""``python -m pakru.classservice``: run the class service (JupyterHub starts it; see deploy/README.md)."""

import sys

from pakru.classservice.app import main

sys.exit(main())
