"""`python -m lessontui`: the same as the `lessontui` command."""

import sys

from lessontui.cli import main

sys.exit(main())
