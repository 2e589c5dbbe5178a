import os
from pathlib import Path
import pytest

def pytest_addoption(parser):
    parser.addoption('--runslow', action='store_true', default=False, help='also run tests marked slow')

@pytest.fixture(scope='session')
def csi300_dir():
    "The CSI 300 Qlib directory: $QLIB_CSI300, or ../shared/data/qlib_csi300 beside the repository."
    for p in [os.environ.get('QLIB_CSI300'), Path(__file__).resolve().parents[2]/'shared'/'data'/'qlib_csi300']:
        if p and (Path(p)/'calendars'/'day.txt').exists(): return Path(p)
    pytest.skip('CSI 300 Qlib data not found: set QLIB_CSI300 or place it at ../shared/data/qlib_csi300')

FIRST = ('test_train.py', 'test_experiments.py')   # the longest files first: with `-n 2 --dist loadfile` (scripts/test.sh) each starts on its own worker

def pytest_collection_modifyitems(config, items):
    if not config.getoption('--runslow'):
        skip = pytest.mark.skip(reason='slow: run with --runslow')
        for it in items:
            if 'slow' in it.keywords: it.add_marker(skip)
    rank = lambda it: FIRST.index(it.path.name) if it.path.name in FIRST else len(FIRST)
    items.sort(key=rank)                                     # stable: the order within a file is kept
