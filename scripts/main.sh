#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run the main job. Until the FactorVAE trainer lands this is the data pipeline demo:
# the S&P 500 bars -> Alpha158 + label -> processors fitted on the training window -> day batches, and the synthetic oracle.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
MPLBACKEND=Agg .venv/bin/python - <<'PY'
import time
from factorvae_nb.data import load_sp500
from factorvae_nb.dataset import prepare
from factorvae_nb.synthetic import synthetic_market, oracle_rank_ic
t0 = time.time()
ds = prepare(load_sp500(), 'sp500', lookback=20)
for seg in ('train', 'valid', 'test'):
    ld = ds.loader(seg, batch_days=8)
    b = next(iter(ld))
    print(f"{seg:5s}: {len(ld.days)} days in {len(ld)} batches; first batch x {tuple(b.x.shape)} (b n t f), {int(b.mask.sum())} labelled stock-days")
print(f"S&P 500 pipeline: {time.time() - t0:.1f} s")
m = synthetic_market()
print(f"{m}: oracle rank IC {oracle_rank_ic(m):.3f}")
PY
