"""A shortened run of the load benchmark (bench/load.py): 10 API clients push while 4 people browse, 15 seconds.

It asserts what must hold on any machine: no request failed and no row was lost (pushes refused with 429 and
retried after Retry-After, as docs/API.md tells clients to, are counted apart and are not failures). Timings depend
on the machine and are reported by the full run (docs/benchmarks.md), not asserted here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from bench.common import ROOT

pytestmark = pytest.mark.load


def test_a_short_load_run_has_no_errors_and_loses_no_rows():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the load test runs against PostgreSQL (DATABASE_URL)")
    dbname = f"{urlsplit(url).path.lstrip('/') or 'opsplan'}_load"
    command = [
        sys.executable,
        "bench/run.py",
        "--only", "load",
        "--duration", "15",
        "--clients", "10",
        "--users", "4",
        "--db-name", dbname,
    ]  # fmt: skip
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    assert "note: errors: 0" in output, output[-4000:]
    lost = re.search(r"lost rows: (-?\d+)", output)
    assert lost and lost.group(1) == "0", output[-4000:]
    assert re.search(r"\| push\s+\| with pushes\s+\|\s+[1-9]", output), "no push was answered"
