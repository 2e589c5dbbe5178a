import os
from pathlib import Path
import pytest

def pytest_addoption(parser):
    parser.addoption('--runslow', action='store_true', default=False, help='also run tests marked slow')

def pytest_collection_modifyitems(config, items):
    if config.getoption('--runslow'): return
    skip = pytest.mark.skip(reason='slow: run with --runslow')
    for it in items:
        if 'slow' in it.keywords: it.add_marker(skip)

@pytest.fixture(scope='session')
def csi300_dir():
    "The CSI 300 Qlib directory: $QLIB_CSI300, or ../shared/data/qlib_csi300 beside the repository."
    for p in [os.environ.get('QLIB_CSI300'), Path(__file__).resolve().parents[2]/'shared'/'data'/'qlib_csi300']:
        if p and (Path(p)/'calendars'/'day.txt').exists(): return Path(p)
    pytest.skip('CSI 300 Qlib data not found: set QLIB_CSI300 or place it at ../shared/data/qlib_csi300')
