"""FactorVAE's training epoch before and after the CPU speed-ups, side by side in one run, on a CSI 300-shaped and an
all-A-share-shaped set.

    python benchmarks/train_epoch.py [--device auto|cpu|cuda] [--repeats 3] [--scale 10]

Each set is random (features N(0,1), labels rank-normalised noise) with the shape of a real one; the model has the paper's
sizes, K=32, M=64, H=64, lookback 20, 158 features, 4 days a step. An epoch's time is the whole `fit` epoch as the trainer logs
it: gathering the day batches (data loading), forward, backward and Adam steps, and the validation pass.

- CSI 300: 300 stocks a day, 1,700 training and 60 validation days, timed in full.
- All A-shares: 3,500 stocks a day, the paper's 1,944 training (2010–2017) and 243 validation days (2018). An epoch there takes
  minutes, so the set is `--scale` times shorter (195 + 25 days at 10) and its time multiplied by `--scale`: the epoch time is linear
  in the days.

Configurations (`TrainConfig` fields), interleaved so that a busy machine slows them alike; the fastest of `--repeats` epochs
counts (the first includes warm-up):

- `fp32`: the default, what every row of results/ trained with.
- `bf16`: `cpu_amp=True`, bf16 autocast of the training steps (on CUDA the default `amp` does this already).
- `fp32 + 300 stocks`, `bf16 + 300 stocks`: `max_stocks=300`, each training day a random 300 of its stocks (a new draw every
  epoch; validation sees all), all-A-share set only. This changes what is learnt: its cost in Rank IC is in
  benchmarks/max_stocks.py.
- `fp32 + 300 stocks, before`: the trainer as it was before session 13, all-A-share set only: validation in two passes (the
  training loss over the labelled stocks, then `predict` again over every stock: two feature extractions of 3,500 stocks a day;
  `two_pass_evaluate` below is that code) and each GRU in one call (`layers.CPU_CHUNK` off). Every other configuration runs
  today's code: one validation pass, recurrent layers in chunks of `CPU_CHUNK` sequences on CPU.

Each epoch is split into its validation pass (timed around `trainer.evaluate`), the time the training loader takes to gather
its batches alone (data), and the rest (training steps).

Results are printed and written to benchmarks/results/train_epoch_<device>.json, with the machine's load average at the start.
"""
import argparse, json, os, resource, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
import factorvae_nb.trainer as trainer, factorvae_nb.layers as layers
from factorvae_nb.core import signal_metrics
from factorvae_nb.dataset import DayDataset
from factorvae_nb.processors import Segments
from factorvae_nb.runs import build_model
from factorvae_nb.trainer import TrainConfig, fit, get_device, predict, model_device, _autocast, machine

ONE_PASS, CHUNK = trainer.evaluate, layers.CPU_CHUNK

@torch.no_grad()
def two_pass_evaluate(model, ds, segment='valid', batch_days=8):
    "Validation before it became one pass (the trainer's code until session 13): the loss pass, then `predict`."
    device = model_device(model)
    was = model.training; model.eval()
    sums, n = {}, 0
    for b in ds.loader(segment, batch_days=batch_days):
        with _autocast(device, True): _, losses = model(b.to(device))
        for k, v in losses.items(): sums[k] = sums.get(k, 0.) + float(v)*len(b)
        n += len(b)
    model.train(was)
    p = predict(model, ds, segment, batch_days=batch_days)
    return {k: v/n for k, v in sums.items()} | signal_metrics(p['mu'], p['label'])

def timed(evaluate, spent):
    "`evaluate`, adding its seconds to `spent`."
    def run(*a, **k):
        t = time.time(); out = evaluate(*a, **k); spent.append(time.time() - t); return out
    return run

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


CONFIGS = {'fp32': {}, 'bf16': {'cpu_amp': True}, 'fp32 + 300 stocks': {'max_stocks': 300}, 'bf16 + 300 stocks': {'cpu_amp': True, 'max_stocks': 300},
           'fp32 + 300 stocks, before': {'max_stocks': 300}}
BEFORE = 'fp32 + 300 stocks, before' # runs the code of before session 13

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--device', default='auto'); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--scale', type=int, default=10)
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    dev = get_device(a.device)
    sets = {'csi300': dict(shape=dict(n_stocks=300, n_train=1700, n_valid=60), scale=1, configs=['fp32', 'bf16']),
            'ashare_all': dict(shape=dict(n_stocks=3500, n_train=-(-1944//a.scale), n_valid=-(-243//a.scale)), scale=a.scale,
                               configs=list(CONFIGS))}
    load = os.getloadavg()[0]
    res = dict(device=str(dev), device_name=machine(dev),
               threads=torch.get_num_threads(), load_average_at_start=round(load, 2), torch=torch.__version__, lookback=20, features=158,
               K=32, M=64, H=64, batch_days=4, repeats=a.repeats, command=f"python benchmarks/train_epoch.py --repeats {a.repeats} --scale {a.scale}",
               sets={})
    for name, s in sets.items():
        ds = shaped(**s['shape'])
        times, parts = {c: [] for c in s['configs']}, {c: [] for c in s['configs']}
        for rep in range(a.repeats):
            for c in s['configs']:
                net = build_model('factorvae', 158, n_factors=32, n_portfolios=64, hidden=64)
                cfg = TrainConfig(epochs=1, batch_days=4, device=a.device, progress=False, patience=1, seed=rep, **CONFIGS[c])
                spent = []
                trainer.evaluate, layers.CPU_CHUNK = timed(two_pass_evaluate if c == BEFORE else ONE_PASS, spent), 10**12 if c == BEFORE else CHUNK
                try: h = fit(net, ds, cfg)
                finally: trainer.evaluate, layers.CPU_CHUNK = ONE_PASS, CHUNK
                t0 = time.time()
                for _ in ds.loader('train', batch_days=4, shuffle=True, seed=rep, max_stocks=cfg.max_stocks): pass
                data = time.time() - t0
                total = float(h.seconds.iloc[0])
                times[c].append(total*s['scale'])
                parts[c].append({'validation': spent[0]*s['scale'], 'data': data*s['scale'], 'training steps': (total - spent[0] - data)*s['scale']})
                print(f"{name} {c}: {times[c][-1]:.1f} s per epoch ({', '.join(f'{k} {v:.1f}' for k, v in parts[c][-1].items())})", flush=True)
        best = {c: min(v) for c, v in times.items()}
        split = {c: {k: round(v, 1) for k, v in parts[c][int(np.argmin(times[c]))].items()} for c in times}
        res['sets'][name] = dict(s['shape'] | dict(scale=s['scale'], epoch_s={c: [round(t, 1) for t in v] for c, v in times.items()},
                                 best_epoch_s={c: round(v, 1) for c, v in best.items()}, best_epoch_split_s=split,
                                 speedup_vs_fp32={c: round(best['fp32']/v, 2) for c, v in best.items()})
                             | ({'speedup_vs_before': {c: round(best[BEFORE]/v, 2) for c, v in best.items()}} if BEFORE in best else {}))
    res['peak_rss_gb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/2**20, 2)
    print(json.dumps(res, indent=1))
    out = Path(__file__).parent/'results'/f'train_epoch_{dev.type}.json'
    out.write_text(json.dumps(res, indent=1))
