"""Workflow tests reuse the invented scenario in tests/report/dashboard_fixtures.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
