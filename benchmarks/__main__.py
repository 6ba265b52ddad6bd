"""`python -m benchmarks`: typing in a terminal, preview, start-up, memory (see preview.py)."""

import sys

from benchmarks.preview import main

sys.exit(main())
