"""What the faster ways to train cost in Rank IC and save in time: a random subset of each day's stocks
(`TrainConfig.max_stocks`), and bf16 autocast on CPU (`TrainConfig.cpu_amp`).

    python benchmarks/max_stocks.py [--csi300 ../shared/data/qlib_csi300] [--epochs 5] [--seed 0] [--sample 100] [--cpu-amp]

Trains FactorVAE (the paper's sizes) with nbs/train.ipynb on the synthetic market and on CSI 300, once on every stock of each
day and once on `--sample` random stocks a day (a new draw every epoch); validation and test see every stock in both. Each
finished run appends a row (model, market, max_stocks, seed, epochs run, best epoch, validation and test Rank IC, seconds per
epoch) to benchmarks/results/max_stocks.csv; a row already there is not run again. With `--cpu-amp` both trainings run under
bf16 autocast (`cpu_amp` 1 in the row), to be read against the fp32 rows.
"""
import argparse, json, subprocess, sys
from pathlib import Path
import pandas as pd, torch

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'benchmarks'/'results'/'max_stocks.csv'

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--csi300', default=None); ap.add_argument('--epochs', type=int, default=5); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--sample', type=int, default=100); ap.add_argument('--cpu-amp', action='store_true')
    a = ap.parse_args()
    done = pd.read_csv(OUT) if OUT.exists() else pd.DataFrame(columns=['market', 'max_stocks', 'seed', 'epochs', 'cpu_amp'])
    done['cpu_amp'] = done['cpu_amp'].fillna(0).astype(int) if 'cpu_amp' in done else 0
    markets = {'synthetic': {'dataset': 'synthetic'}} | ({'csi300': {'dataset': a.csi300}} if a.csi300 else {})
    for name, params in markets.items():
        for ms in (None, a.sample):
            if ((done.market == name) & (done.max_stocks == (ms or 0)) & (done.seed == a.seed) & (done.epochs == a.epochs)
                & (done.cpu_amp == int(a.cpu_amp))).any(): continue
            out = ROOT/'runs'/'max_stocks'/f'{name}-{ms or "all"}-seed{a.seed}{"-bf16" * a.cpu_amp}'; out.mkdir(parents=True, exist_ok=True)
            cmd = [str(Path(sys.executable).parent/'papermill'), '--no-progress-bar', 'nbs/train.ipynb', str(out/'train.ipynb'),
                   '-p', 'model', 'factorvae', '-p', 'epochs', str(a.epochs), '-p', 'patience', str(a.epochs), '-p', 'seed', str(a.seed),
                   '-p', 'out_dir', str(out)] + [x for k, v in params.items() for x in ('-p', k, str(v))] + (['-p', 'max_stocks', str(ms)] if ms else []) + (['-p', 'cpu_amp', 'True'] if a.cpu_amp else [])
            subprocess.run(cmd, cwd=ROOT, check=True, env={**__import__('os').environ, 'MPLBACKEND': 'Agg'})
            m = json.loads((out/'metrics.json').read_text())
            h = pd.DataFrame(torch.load(out/'last.pt', weights_only=False)['history']).set_index('epoch')
            row = dict(market=name, max_stocks=ms or 0, cpu_amp=int(a.cpu_amp), seed=a.seed, epochs=a.epochs, epochs_run=len(h), best_epoch=m['best_epoch'],
                       valid_rank_ic=round(float(h.valid_rank_ic.loc[m['best_epoch']]), 4), test_rank_ic=round(m['rank_ic'], 4),
                       test_rank_icir=round(m['rank_icir'], 3), epoch_s=round(float(h.seconds.median()), 1),
                       oracle_rank_ic=round(m.get('oracle_rank_ic', float('nan')), 4), torch_threads=torch.get_num_threads())
            done = pd.concat([done, pd.DataFrame([row])], ignore_index=True)
            OUT.parent.mkdir(exist_ok=True); done.to_csv(OUT, index=False); print(row, flush=True)
    print(done.to_string(index=False))
