"""Run every numbered notebook in `nbs/`, and the index (the README's example), as a test (the same cells `nbdev-test`
runs), one pytest test each.

Flagged cells (`tst_flags` in pyproject.toml: slow, cuda, notest) are skipped unless named in the
environment variable REVDEQ_TEST_FLAGS, e.g. `REVDEQ_TEST_FLAGS=slow pytest tests`.
"""
import os
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook  # renamed so pytest does not collect it

NBS = Path(__file__).resolve().parent.parent / 'nbs'
NOTEBOOKS = sorted(p for p in NBS.glob('*.ipynb') if p.name[0].isdigit() or p.name == 'index.ipynb')
FORCE = os.environ.get('REVDEQ_TEST_FLAGS', '').split()

def _skip_flags():
    flags = get_config(NBS).tst_flags
    return [f for f in (flags.split() if isinstance(flags, str) else flags) if f not in FORCE]

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook(nb):
    ok, secs = run_notebook(nb, skip_flags=_skip_flags(), force_flags=FORCE)
    assert ok, f"{nb.name} failed (traceback above)"
