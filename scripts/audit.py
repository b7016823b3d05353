"""Audit the pinned dependencies: pip-audit where its advisory databases answer, otherwise the pins that lag.

    python scripts/audit.py [requirements files…]     (default: requirements.txt requirements-dev.txt)

pip-audit needs PyPI's per-version JSON API or OSV. Where neither answers it skips every package, which
looks like a clean audit and is not one. So when pip-audit is missing, or could not audit every pin, this
lists each pinned package that is not the newest release of its own series (5.2.19 while 5.2.20 is out):
patch releases are where security fixes land, so a lagging pin is the likeliest unpatched hole.

Exit 0: audited clean, or every pin is the newest of its series. Exit 1: a vulnerability, or a pin behind.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

try:
    from packaging.version import InvalidVersion, Version
except ImportError:  # pip always carries a copy
    from pip._vendor.packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = ("requirements.txt", "requirements-dev.txt")
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;#]+)")
# pip-audit's words for a package it could not check (its database did not answer for it).
UNAUDITED = ("could not be audited", "Dependency not found", "Connection", "resolve", "HTTPError")


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    source: str


@dataclass(frozen=True)
class Lag:
    pin: Pin
    newest: str | None  # None: the index could not be asked


def pins(files: list[Path]) -> list[Pin]:
    """Every ``name==version`` line of the files (an ``-r`` include is read where it is named)."""
    found: dict[str, Pin] = {}
    for path in files:
        for line in path.read_text().splitlines():
            match = PIN.match(line)
            if match:
                name = match.group(1).lower()
                found.setdefault(name, Pin(name, match.group(3), path.name))
    return list(found.values())


def series(version: str) -> tuple[int, ...]:
    """The release series a version belongs to: its first two numbers (5.2 for 5.2.19, 2026.10 for 2026.10.1)."""
    release = Version(version).release
    return tuple(release[:2]) if len(release) > 1 else tuple(release)


def newest_in_series(pin: Pin) -> str | None:
    """The newest final release of the pin's series on the package index pip is set up to use."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", pin.name, "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    match = re.search(r"Available versions:\s*(.+)", result.stdout)
    if result.returncode != 0 or not match:
        return None
    wanted = series(pin.version)
    candidates = []
    for text in match.group(1).split(","):
        try:
            version = Version(text.strip())
        except InvalidVersion:
            continue
        if not version.is_prerelease and tuple(version.release[: len(wanted)]) == wanted:
            candidates.append(version)
    return str(max(candidates)) if candidates else None


def lags(all_pins: list[Pin]) -> list[Lag]:
    """The pins that are not the newest of their series, and those whose newest could not be found."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        newest = list(pool.map(newest_in_series, all_pins))
    return [
        Lag(pin, latest)
        for pin, latest in zip(all_pins, newest, strict=True)
        if latest is None or Version(latest) > Version(pin.version)
    ]


def pip_audit(files: list[Path]) -> tuple[bool, int]:
    """Run pip-audit; (whether it could audit every pin, its exit code)."""
    if importlib.util.find_spec("pip_audit") is None:
        print("pip-audit is not installed: comparing each pin with the newest release of its series instead.")
        return False, 0
    # The pins as written (no resolver run, no throwaway virtualenv): every dependency is pinned.
    args = [sys.executable, "-m", "pip_audit", "--strict", "--progress-spinner", "off", "--no-deps", "--disable-pip"]
    for path in files:
        args += ["-r", str(path)]
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        print("pip-audit did not finish in 15 minutes.")
        return False, 0
    output = result.stdout + result.stderr
    print(output.strip())
    if result.returncode != 0 and any(word in output for word in UNAUDITED):
        print("pip-audit could not reach its advisory database for every pin: the audit above is incomplete.")
        return False, result.returncode
    return True, result.returncode


def report(found: list[Lag], total: int) -> int:
    if not found:
        print(f"All {total} pinned packages are the newest release of their series.")
        return 0
    behind = [lag for lag in found if lag.newest]
    print(f"{len(behind)} of {total} pinned packages are not the newest release of their series:")
    for lag in behind:
        print(f"  {lag.pin.name}=={lag.pin.version} -> {lag.newest}  ({lag.pin.source})")
    for lag in found:
        if lag.newest is None:
            print(f"  {lag.pin.name}=={lag.pin.version}: the package index did not answer  ({lag.pin.source})")
    return 1


def main(argv: list[str]) -> int:
    files = [ROOT / name for name in (argv or DEFAULT_FILES)]
    audited, code = pip_audit(files)
    if audited:
        return code
    all_pins = pins(files)
    return report(lags(all_pins), len(all_pins)) or code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
