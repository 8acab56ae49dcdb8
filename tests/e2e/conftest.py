"""The dashboard tests reuse the report tests' invented scenario (tests/report/helpers.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
