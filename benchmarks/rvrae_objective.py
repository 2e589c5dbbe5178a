"""RVRAE's objective, chosen on validation: the VRNN's per-step reconstruction vs. the first version (the predicted day only).

    python benchmarks/rvrae_objective.py [--csi300 ../shared/data/qlib_csi300] [--epochs 5] [--seeds 0 1]

Trains RVRAE with nbs/train.ipynb on the synthetic market (each seed) and on CSI 300 (the first seed) with `per_step` True and
False, and records the **validation** figures of the epoch the run keeps (lowest validation loss): Rank IC, its share of the
oracle's on the synthetic market's validation days, and the step-averaged KL. The test segment plays no part in the choice.
One row per run in benchmarks/results/rvrae_objective.csv; a row already there is not run again, and a run directory that
already holds a finished run of the same settings (e.g. the experiment grid's csi300/rvrae/seed0, linked in) is scored as it is.
"""
import argparse, json, os, subprocess, sys
from pathlib import Path
import pandas as pd, torch

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'benchmarks'/'results'/'rvrae_objective.csv'

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--csi300', default=None); ap.add_argument('--epochs', type=int, default=5); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1])
    a = ap.parse_args()
    done = pd.read_csv(OUT) if OUT.exists() else pd.DataFrame(columns=['market', 'per_step', 'seed', 'epochs'])
    jobs = [('synthetic', {'dataset': 'synthetic'}, s) for s in a.seeds] + ([('csi300', {'dataset': a.csi300}, a.seeds[0])] if a.csi300 else [])
    for name, params, seed in jobs:
        for per_step in (True, False):
            if ((done.market == name) & (done.per_step == per_step) & (done.seed == seed) & (done.epochs == a.epochs)).any(): continue
            out = ROOT/'runs'/'rvrae_objective'/f'{name}-{"steps" if per_step else "last"}-seed{seed}'; out.mkdir(parents=True, exist_ok=True)
            cmd = [str(Path(sys.executable).parent/'papermill'), '--no-progress-bar', 'nbs/train.ipynb', str(out/'train.ipynb'),
                   '-p', 'model', 'rvrae', '-p', 'epochs', str(a.epochs), '-p', 'seed', str(seed), '-p', 'per_step', str(per_step),
                   '-p', 'progress', 'False', '-p', 'out_dir', str(out)] + [x for k, v in params.items() for x in ('-p', k, str(v))]
            if not (out/'metrics.json').exists():                          # a run finished in its directory is scored, not redone
                subprocess.run(cmd, cwd=ROOT, check=True, env={**os.environ, 'MPLBACKEND': 'Agg', 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'})
            m = json.loads((out/'metrics.json').read_text())
            h = pd.DataFrame(torch.load(out/'last.pt', weights_only=False)['history']).set_index('epoch')
            best = int(m['best_epoch'])
            row = dict(market=name, per_step=per_step, seed=seed, epochs=a.epochs, best_epoch=best,
                       valid_rank_ic=round(float(h.valid_rank_ic.loc[best]), 4), valid_rank_icir=round(float(h.valid_rank_icir.loc[best]), 3),
                       valid_kl=round(float(h.valid_kl.loc[best]), 4), valid_nll=round(float(h.valid_nll.loc[best]), 4),
                       epoch_s=round(float(h.seconds.median()), 1))
            if name == 'synthetic':
                from factorvae_nb.synthetic import synthetic_market, oracle_rank_ic
                seg = json.loads((out/'recipe.json').read_text())['segments']['valid']
                row['valid_oracle_share'] = round(row['valid_rank_ic']/oracle_rank_ic(synthetic_market(seed=0), *seg), 3)
            done = pd.concat([done, pd.DataFrame([row])], ignore_index=True)
            OUT.parent.mkdir(exist_ok=True); done.to_csv(OUT, index=False); print(row, flush=True)
    print(done.to_string(index=False))
