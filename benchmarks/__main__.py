"""`python -m benchmarks`: the preview and editor benchmark table (see benchmarks/preview.py)."""

import sys

from benchmarks.preview import main

sys.exit(main())
