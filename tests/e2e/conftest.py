"""Dashboard tests reuse the invented scenario in tests/report/dashboard_fixtures.py; the
``browser`` fixture (headless Debian Chromium) comes from browser_support.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))

from browser_support import browser  # noqa: F401  (the fixture, for every module here)
