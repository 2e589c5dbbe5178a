"""RVRAE's objective, chosen on validation: the VRNN's per-step reconstruction vs. the predicted day only.

    python benchmarks/rvrae_objective.py [--csi300 ../shared/data/qlib_csi300] [--epochs 5] [--seeds 0 1 2] [--jobs 2]
                                         [--grid runs/experiments]

Trains RVRAE with nbs/train.ipynb on the synthetic market and on CSI 300 (each seed) with `per_step` True and False, and records
the **validation** figures of the epoch the run keeps (lowest validation loss): Rank IC, its share of the oracle's on the
synthetic market's validation days, and the step-averaged KL. The test segment plays no part in the choice.
One row per run in benchmarks/results/rvrae_objective.csv, with the `code` it measured (rows of earlier code are kept but not
read); a row already there is not run again. A CSI 300 `per_step=False` run the experiment grid has finished with the same
settings (`--grid`: <grid>/csi300/rvrae/seed<s>, 5 epochs) is scored as it is instead of being trained again.
`--jobs` runs that many trainings at once (one torch thread each); `--markets` limits the run to some of the markets.
"""
import argparse, json, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import pandas as pd, torch

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'benchmarks'/'results'/'rvrae_objective.csv'
CODE = 'lagged-beta'   # window step τ decoded with the exposures after τ−2, priors two steps ahead in both variants (nbs/07_rvrae.ipynb)

def train(name, params, seed, per_step, epochs, grid):
    "The finished run directory of one setting: the grid's when it has it, else trained here."
    g = Path(grid)/'csi300'/'rvrae'/f'seed{seed}' if grid else None
    if name == 'csi300' and not per_step and g is not None and (g/'metrics.json').exists():
        cfg = json.loads((g/'metrics.json').read_text())['config']
        if cfg.get('epochs') == epochs and cfg.get('per_step') in (None, False): return g
    out = ROOT/'runs'/'rvrae_objective'/f'{name}-{"steps" if per_step else "last"}-seed{seed}'; out.mkdir(parents=True, exist_ok=True)
    cmd = [str(Path(sys.executable).parent/'papermill'), '--no-progress-bar', 'nbs/train.ipynb', str(out/'train.ipynb'),
           '-p', 'model', 'rvrae', '-p', 'epochs', str(epochs), '-p', 'seed', str(seed), '-p', 'per_step', str(per_step),
           '-p', 'progress', 'False', '-p', 'out_dir', str(out)] + [x for k, v in params.items() for x in ('-p', k, str(v))]
    if not (out/'metrics.json').exists():                                  # a run finished in its directory is scored, not redone
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, 'MPLBACKEND': 'Agg', 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'})
    return out

def score(name, per_step, seed, epochs, out) -> dict:
    m = json.loads((out/'metrics.json').read_text())
    h = pd.DataFrame(torch.load(out/'last.pt', weights_only=False)['history']).set_index('epoch')
    best = int(m['best_epoch'])
    row = dict(market=name, per_step=per_step, seed=seed, epochs=epochs, best_epoch=best,
               valid_rank_ic=round(float(h.valid_rank_ic.loc[best]), 4), valid_rank_icir=round(float(h.valid_rank_icir.loc[best]), 3),
               valid_kl=round(float(h.valid_kl.loc[best]), 4), valid_nll=round(float(h.valid_nll.loc[best]), 4),
               epoch_s=round(float(h.seconds.median()), 1), code=CODE, run=str(out.relative_to(ROOT)) if out.is_relative_to(ROOT) else str(out))
    if name == 'synthetic':
        from factorvae_nb.synthetic import synthetic_market, oracle_rank_ic
        seg = json.loads((out/'recipe.json').read_text())['segments']['valid']
        row['valid_oracle_share'] = round(row['valid_rank_ic']/oracle_rank_ic(synthetic_market(seed=0), *seg), 3)
    return row

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--csi300', default=None); ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2]); ap.add_argument('--jobs', type=int, default=1)
    ap.add_argument('--grid', default=None); ap.add_argument('--markets', nargs='+', default=['synthetic', 'csi300'])
    a = ap.parse_args()
    done = pd.read_csv(OUT) if OUT.exists() else pd.DataFrame(columns=['market', 'per_step', 'seed', 'epochs', 'code'])
    if 'code' not in done: done['code'] = None
    markets = [(n, p) for n, p in [('synthetic', {'dataset': 'synthetic'})] + ([('csi300', {'dataset': a.csi300})] if a.csi300 else [])
               if n in a.markets]
    jobs = [(n, p, s, ps) for n, p in markets for s in a.seeds for ps in (True, False)
            if not ((done.market == n) & (done.per_step == ps) & (done.seed == s) & (done.epochs == a.epochs) & (done.code == CODE)).any()]
    def one(job):
        n, p, s, ps = job
        return score(n, ps, s, a.epochs, train(n, p, s, ps, a.epochs, a.grid))
    with ThreadPoolExecutor(a.jobs) as pool:
        for row in pool.map(one, jobs):
            now = pd.read_csv(OUT) if OUT.exists() else done.iloc[:0]     # re-read: another invocation may have added rows meanwhile
            done = pd.concat([now, pd.DataFrame([row])], ignore_index=True)
            OUT.parent.mkdir(exist_ok=True); done.to_csv(OUT, index=False); print(row, flush=True)
    print(done[done.code == CODE].to_string(index=False))
