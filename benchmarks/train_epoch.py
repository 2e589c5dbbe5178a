"""FactorVAE's training epoch before and after the CPU speed-ups, side by side in one run, on a CSI 300-shaped and an
all-A-share-shaped set.

    python benchmarks/train_epoch.py [--device auto|cpu|cuda] [--repeats 2] [--scale 20]

Each set is random (features N(0,1), labels rank-normalised noise) with the shape of a real one; the model has the paper's
sizes, K=32, M=64, H=64, lookback 20, 158 features, 4 days a step. An epoch's time is the whole `fit` epoch as the trainer logs
it: gathering the day batches (data loading), forward, backward and Adam steps, and the validation pass.

- CSI 300: 300 stocks a day, 1,700 training and 60 validation days, timed in full.
- All A-shares: 3,500 stocks a day, the paper's 1,944 training (2010–2017) and 243 validation days (2018). An epoch there takes
  minutes, so the set is `--scale` times shorter (98 + 13 days at 20) and its time multiplied by `--scale`: the epoch time is linear
  in the days.

Configurations (`TrainConfig` fields), interleaved so that a busy machine slows them alike; the fastest of `--repeats` epochs
counts (the first includes warm-up):

- `fp32`: the default, what every run so far used (before).
- `bf16`: `cpu_amp=True`, bf16 autocast of the training steps (after; on CUDA the default `amp` does this already).
- `fp32 + 300 stocks`, `bf16 + 300 stocks`: `max_stocks=300`, each training day a random 300 of its stocks (a new draw every
  epoch; validation sees all), all-A-share set only. This changes what is learnt: its cost in Rank IC is in
  benchmarks/max_stocks.py.

Results are printed and written to benchmarks/results/train_epoch_<device>.json, with the machine's load average at the start.
"""
import argparse, json, os, platform, resource, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
from factorvae_nb.dataset import DayDataset
from factorvae_nb.processors import Segments
from factorvae_nb.runs import build_model
from factorvae_nb.trainer import TrainConfig, fit, get_device

def shaped(n_stocks=300, n_train=1700, n_valid=60, n_features=158, seed=0):
    "A random DayDataset with `n_stocks` every day, `n_train` training and `n_valid` validation days and one test day."
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range('2010-01-04', periods=n_train + n_valid + 1)
    idx = pd.MultiIndex.from_product([dates, [f'S{i:04d}' for i in range(n_stocks)]], names=['datetime', 'instrument'])
    X = rng.standard_normal((len(idx) + 1, n_features), dtype=np.float32); X[-1] = 0       # + DayDataset's spare zero row
    feats = pd.DataFrame(X[:-1], index=idx, copy=False)
    y = pd.Series(rng.uniform(-1.73, 1.73, len(idx)).astype(np.float32), index=idx)
    seg = Segments((dates[0], dates[n_train - 1]), (dates[n_train], dates[-2]), (dates[-1], None))
    return DayDataset(feats, y, lookback=20, segments=seg)


CONFIGS = {'fp32': {}, 'bf16': {'cpu_amp': True}, 'fp32 + 300 stocks': {'max_stocks': 300}, 'bf16 + 300 stocks': {'cpu_amp': True, 'max_stocks': 300}}

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--device', default='auto'); ap.add_argument('--repeats', type=int, default=2)
    ap.add_argument('--scale', type=int, default=20)
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    dev = get_device(a.device)
    sets = {'csi300': dict(shape=dict(n_stocks=300, n_train=1700, n_valid=60), scale=1, configs=['fp32', 'bf16']),
            'ashare_all': dict(shape=dict(n_stocks=3500, n_train=-(-1944//a.scale), n_valid=-(-243//a.scale)), scale=a.scale,
                               configs=list(CONFIGS))}
    load = os.getloadavg()[0]
    res = dict(device=str(dev), device_name=torch.cuda.get_device_name() if dev.type == 'cuda' else platform.processor() or platform.machine(),
               threads=torch.get_num_threads(), load_average_at_start=round(load, 2), torch=torch.__version__, lookback=20, features=158,
               K=32, M=64, H=64, batch_days=4, repeats=a.repeats, command=f"python benchmarks/train_epoch.py --repeats {a.repeats} --scale {a.scale}",
               sets={})
    for name, s in sets.items():
        ds = shaped(**s['shape'])
        times = {c: [] for c in s['configs']}
        for rep in range(a.repeats):
            for c in s['configs']:
                net = build_model('factorvae', 158, n_factors=32, n_portfolios=64, hidden=64)
                cfg = TrainConfig(epochs=1, batch_days=4, device=a.device, progress=False, patience=1, seed=rep, **CONFIGS[c])
                h = fit(net, ds, cfg)
                times[c].append(float(h.seconds.iloc[0])*s['scale'])
                print(f"{name} {c}: {times[c][-1]:.1f} s per epoch", flush=True)
        best = {c: min(v) for c, v in times.items()}
        res['sets'][name] = dict(s['shape'] | dict(scale=s['scale'], epoch_s={c: [round(t, 1) for t in v] for c, v in times.items()},
                                 best_epoch_s={c: round(v, 1) for c, v in best.items()},
                                 speedup_vs_fp32={c: round(best['fp32']/v, 2) for c, v in best.items()}))
    res['peak_rss_gb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/2**20, 2)
    print(json.dumps(res, indent=1))
    out = Path(__file__).parent/'results'/f'train_epoch_{dev.type}.json'
    out.write_text(json.dumps(res, indent=1))
