"""Early stopping on what is predicted: which validation criterion picks the better FactorVAE epoch, judged on validation only.

    python benchmarks/early_stopping.py --csi300 ../shared/data/qlib_csi300 [--seeds 0 1] [--epochs 8] [--threads 1]

FactorVAE's validation loss is the posterior reconstruction + γ·KL, not the prior path that makes the predictions;
`TrainConfig(select='rank_ic')` stops on the validation Rank IC of `predict` instead. To compare the two without touching the
test segment, the validation year is cut in two halves: each epoch's model (its `last.pt`) is scored on both, each criterion
picks its epoch on one half and is judged by the Rank IC of that epoch on the other half (both ways round), so neither is judged
on the days it chose with. One row per seed × epoch goes to benchmarks/results/early_stopping.csv (a row already there is not redone;
training resumes from runs/early_stopping/seed<s>/last.pt), and the comparison to benchmarks/results/early_stopping.json.
"""
import argparse, json, os
from pathlib import Path
import numpy as np, pandas as pd, torch

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'benchmarks'/'results'/'early_stopping.csv'

@torch.no_grad()
def half_scores(model, ds, start, end) -> dict:
    "Mean training loss and the prediction's Rank IC over the validation days from `start` to `end`."
    from factorvae_nb.trainer import predict
    from factorvae_nb.core import signal_metrics
    model.eval(); tot, n = 0., 0
    for b in ds.loader(start=start, end=end, batch_days=8):
        tot += float(model(b)[1]['loss'])*len(b); n += len(b)
    p = predict(model, ds, None, start, end)
    return {'loss': tot/n, 'rank_ic': signal_metrics(p.mu, p.label)['rank_ic']}

def compare(rows:pd.DataFrame) -> dict:
    "Mean (over seeds and both directions) of the other half's Rank IC at the epoch each criterion picks on one half."
    out = {}
    for crit, best in [('loss', 'idxmin'), ('rank_ic', 'idxmax')]:
        got = []
        for _, g in rows.groupby('seed'):
            g = g.set_index('epoch')
            for a, b in [('h1', 'h2'), ('h2', 'h1')]:
                e = getattr(g[f'{a}_{crit}'], best)(); got.append(float(g.loc[e, f'{b}_rank_ic']))
        out[crit] = {'other_half_rank_ic_mean': float(np.mean(got)), 'other_half_rank_ic_std': float(np.std(got, ddof=1)), 'n': len(got)}
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--csi300', required=True); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1])
    ap.add_argument('--epochs', type=int, default=8); ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    from factorvae_nb.data import load_qlib
    from factorvae_nb.dataset import prepare
    from factorvae_nb.runs import build_model, load_model
    from factorvae_nb.trainer import TrainConfig, fit
    done = pd.read_csv(OUT) if OUT.exists() else pd.DataFrame(columns=['seed', 'epoch'])
    ds = prepare(load_qlib(a.csi300, 'csi300'), 'csi300')
    vd = ds.dates[ds.day_range(*ds.segments.valid)]
    halves = {'h1': (vd[0], vd[len(vd)//2 - 1]), 'h2': (vd[len(vd)//2], vd[-1])}
    for s in a.seeds:
        out = ROOT/'runs'/'early_stopping'/f'seed{s}'
        net = build_model('factorvae', len(ds.columns), seed=s)
        for e in range(1, a.epochs + 1):
            if ((done.seed == s) & (done.epoch == e)).any(): continue
            last = out/'last.pt'
            have = torch.load(last, weights_only=False)['epoch'] if last.exists() else 0
            if have < e:
                fit(net, ds, TrainConfig(epochs=e, seed=s, patience=a.epochs + 1, progress=False), out_dir=out, resume=last if have else None)
            m = load_model(last)                                            # this epoch's weights, not the best so far
            row = {'seed': s, 'epoch': e} | {f'{h}_{k}': v for h, (x, y) in halves.items() for k, v in half_scores(m, ds, x, y).items()}
            done = pd.concat([done, pd.DataFrame([row])], ignore_index=True)
            OUT.parent.mkdir(exist_ok=True); done.to_csv(OUT, index=False); print(row, flush=True)
    res = compare(done) | {'halves': {h: [str(x.date()), str(y.date())] for h, (x, y) in halves.items()}, 'seeds': sorted(map(int, done.seed.unique())),
                           'epochs': int(done.epoch.max()), 'command': 'python benchmarks/early_stopping.py --csi300 ../shared/data/qlib_csi300 '
                           f'--seeds {" ".join(map(str, a.seeds))} --epochs {a.epochs}'}
    (OUT.with_suffix('.json')).write_text(json.dumps(res, indent=1)); print(json.dumps(res, indent=1))
