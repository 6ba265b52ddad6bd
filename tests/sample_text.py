"""Sample texts more than one test module uses: rolling captions, hostile notes."""

from __future__ import annotations

# What YouTube serves as automatic captions: each cue shows the line before it
# and the new one (word timings inline), and a 10 ms cue holds the old line.
ROLLING = "\n".join(
    [
        "WEBVTT",
        "Kind: captions",
        "Language: en",
        "",
        "00:00:00.320 --> 00:00:02.790 align:start position:0%",
        " ",
        "so<00:00:00.640><c> today</c><00:00:01.000><c> we</c><00:00:01.400><c> look</c>"
        "<00:00:01.800><c> at</c>",
        "",
        "00:00:02.790 --> 00:00:02.800 align:start position:0%",
        "so today we look at",
        " ",
        "",
        "00:00:02.800 --> 00:00:05.110 align:start position:0%",
        "so today we look at",
        "gradient<00:00:03.200><c> descent.</c><00:00:03.900><c> It</c><00:00:04.300><c> is</c>",
        "",
        "00:00:05.110 --> 00:00:05.120 align:start position:0%",
        "gradient descent. It is",
        " ",
        "",
        "00:00:05.120 --> 00:00:07.500 align:start position:0%",
        "gradient descent. It is",
        "how<00:00:05.500><c> models</c><00:00:06.000><c> learn</c><00:00:06.400><c> &amp;</c>"
        "<00:00:06.800><c> improve?</c>",
        "",
    ]
)

# A title and notes written to attack the exported page.
HOSTILE_TITLE = "</title><script>alert('t')</script> & <b>bold</b>"
HOSTILE_NOTES = """\
<script>alert('notes')</script>
<img src=x onerror="alert('img')">
[click](javascript:alert('js')) and [upper](JAVASCRIPT:alert(1)) and [tab](java&#9;script:alert(1))
[data](data:text/html;base64,PHNjcmlwdD4=) ![pic](javascript:alert('img')) <javascript:alert(2)>
[fine](https://example.org/ok) and [mail](mailto:me@example.org)
<div onmouseover="alert('div')">hover</div>

## Things I learned
- [x] <script>alert('item')</script> [x](vbscript:msgbox) [ok](https://example.org/item)
"""
