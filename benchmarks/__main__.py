"""`python -m benchmarks [preview|search|transcript|capture|review] [options]`: the tables.

Without a name, the editor and preview table (benchmarks/preview.py: typing in a
terminal, preview, start-up, memory);
`search` runs the search index benchmark (benchmarks/bench_search.py);
`transcript` the transcript pane's (benchmarks/transcript.py);
`capture` capture and images (benchmarks/capture.py);
`review` the review screen's (benchmarks/review.py).
"""

import sys

if len(sys.argv) > 1 and sys.argv[1] == "search":
    from benchmarks.bench_search import main as search_main

    sys.exit(search_main(sys.argv[2:]))
if len(sys.argv) > 1 and sys.argv[1] == "transcript":
    from benchmarks.transcript import main as transcript_main

    sys.exit(transcript_main(sys.argv[2:]))
if len(sys.argv) > 1 and sys.argv[1] == "capture":
    from benchmarks.capture import main as capture_main

    sys.exit(capture_main(sys.argv[2:]))
if len(sys.argv) > 1 and sys.argv[1] == "review":
    from benchmarks.review import main as review_main

    sys.exit(review_main(sys.argv[2:]))
if len(sys.argv) > 1 and sys.argv[1] == "preview":
    del sys.argv[1]

from benchmarks.preview import main

sys.exit(main())
