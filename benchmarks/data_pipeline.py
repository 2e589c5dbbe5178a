"""Time Alpha158 on the S&P 500 set (and CSI 300 if given) and measure the peak memory of building the S&P 500 dataset; with
--ashare, the whole pipeline (load, Alpha158, label, processors, dataset) on every A-share, 2009-2021 (7.46 M stock-days).

    python benchmarks/data_pipeline.py [--csi300 ../shared/data/qlib_csi300] [--ashare ../shared/data/ashare_all]

Each measurement runs in a fresh process, so that peak RSS belongs to that step alone (it includes the Python, numpy, pandas and
torch runtime, about 0.3 GB). Results are printed and written to benchmarks/results/data_pipeline.json.
"""
import argparse, json, platform, subprocess, sys, time
from pathlib import Path

STEP = r'''
import json, resource, sys, time, warnings
warnings.simplefilter('ignore')
import numpy as np
from pathlib import Path
from factorvae_nb.data import load_sp500, load_qlib, load_bars
from factorvae_nb.features import alpha158
from factorvae_nb.dataset import prepare
what, arg = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
bars = arg != 'sp500' and (Path(arg)/'bars.parquet').exists()
ohlcv = load_sp500() if arg == 'sp500' else load_bars(arg, 'all') if bars else load_qlib(arg, 'csi300')
load_s = time.perf_counter() - t0
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/2**20
times = []
if what == 'alpha158':
    for _ in range(3):
        t0 = time.perf_counter(); f = alpha158(ohlcv); times.append(time.perf_counter() - t0); del f
else:
    t0 = time.perf_counter(); ds = prepare(ohlcv, 'sp500' if arg == 'sp500' else 'all' if bars else 'csi300', lookback=20); times.append(time.perf_counter() - t0)
    b = next(iter(ds.loader('train', batch_days=8)))
print(json.dumps(dict(rows=len(ohlcv), stocks=int(ohlcv.instrument.nunique()), days=int(ohlcv.date.nunique()),
                      best_s=min(times), load_s=round(load_s, 1), loaded_rss_gb=rss0, peak_rss_gb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/2**20)))
'''

def run(what, arg):
    out = subprocess.run([sys.executable, '-c', STEP, what, arg], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--csi300', default=None); ap.add_argument('--ashare', default=None); a = ap.parse_args()
    res = {'machine': f"{platform.processor() or platform.machine()}, {__import__('os').cpu_count()} cores",
           'load_average_at_start': round(__import__('os').getloadavg()[0], 2),   # other jobs on the machine slow every step alike
           'alpha158_sp500': run('alpha158', 'sp500'), 'prepare_sp500': run('prepare', 'sp500')}
    if a.csi300: res['alpha158_csi300'] = run('alpha158', a.csi300)
    if a.ashare: res['prepare_ashare_all'] = run('prepare', a.ashare)
    for k, v in res.items(): print(k, v)
    Path(__file__).with_name('results').mkdir(exist_ok=True)
    Path(__file__).with_name('results').joinpath('data_pipeline.json').write_text(json.dumps(res, indent=1))
