"""``python -m api.cli`` runs the ``bookcase`` command."""

import sys

from .app import main

sys.exit(main())
