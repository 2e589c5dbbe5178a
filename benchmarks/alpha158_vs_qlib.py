"""Compare `factorvae_nb.features.alpha158` with Qlib's own expression engine, cell by cell.

A development check, not a test dependency: it needs `pyqlib==0.9.7` (install it after torch, in a separate venv if you like,
with this repository on PYTHONPATH):

    PYTHONPATH=. python benchmarks/alpha158_vs_qlib.py --data sp500 --n 80
    PYTHONPATH=. python benchmarks/alpha158_vs_qlib.py --data ../shared/data/qlib_csi300 --n 80

Both sides read the same float32 values: the S&P 500 bars are first written in Qlib's layout with `write_qlib`.
"""
import argparse, tempfile, time
from pathlib import Path
import numpy as np, pandas as pd
from factorvae_nb.data import load_sp500, load_qlib, write_qlib
from factorvae_nb.features import alpha158, label, _oracle_check

ap = argparse.ArgumentParser()
ap.add_argument('--data', default='sp500'); ap.add_argument('--n', type=int, default=80); ap.add_argument('--seed', type=int, default=0)
a = ap.parse_args()

import qlib
from qlib.data import D
from qlib.contrib.data.loader import Alpha158DL

tmp = tempfile.TemporaryDirectory()
if a.data == 'sp500':
    root, market = Path(tmp.name), 'all'
    write_qlib(load_sp500(), root, market)
else: root, market = Path(a.data), 'csi300'
ohlcv = load_qlib(root, market)
insts = sorted(ohlcv.instrument.unique())
insts = list(np.random.default_rng(a.seed).choice(insts, min(a.n, len(insts)), replace=False))
ohlcv = ohlcv[ohlcv.instrument.isin(insts)]

qlib.init(provider_uri=str(root), region='us' if a.data == 'sp500' else 'cn', kernels=1)
fields, names = Alpha158DL.get_feature_config()
t0 = time.time()
q = D.features(insts, fields + ['Ref($close, -2)/Ref($close, -1) - 1'], freq='day')
tq = time.time() - t0
q.columns = names + ['LABEL0']
q = q.swaplevel().sort_index(); q.index.names = ['datetime', 'instrument']
t0 = time.time(); ours = alpha158(ohlcv); to = time.time() - t0
ours['LABEL0'] = label(ohlcv)
ours = ours[ours.index.isin(q.index)]
bad = _oracle_check(ours, q)
print(f"{a.data}: {len(insts)} instruments, {len(ours):,} rows; Qlib {tq:.1f} s, ours {to:.1f} s")
print(f"columns with any disagreement: {(bad > 0).sum()} of {len(bad)}; worst:")
print(bad.sort_values(ascending=False).head(10).to_string())
if a.__dict__.get('show', True):
    for col in bad[bad > 0].index.drop('VWAP0', errors='ignore')[:3]:
        x, y = ours[col], q[col].reindex(ours.index)
        m = ~(np.isclose(x, y, rtol=1e-4, atol=1e-5) | (x.isna() & y.isna()))
        print(col); print(pd.DataFrame({'ours': x[m], 'qlib': y[m]}).head(5).to_string())
