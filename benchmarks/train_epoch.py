"""Time one FactorVAE training epoch on a CSI 300-shaped set, and its peak memory.

    python benchmarks/train_epoch.py [--device auto|cpu|cuda] [--epochs 2] [--batch-days 4]

The set is random (features N(0,1), labels rank-normalised noise) with CSI 300's shape: 300 stocks, 1,700 training days and 60
validation days, lookback 20, 158 features; the model has the paper's sizes, K=32, M=64, H=64. An epoch's time is the whole
`fit` epoch as the trainer logs it: gathering the day batches from the feature table (data loading), forward, backward and Adam
steps, and the validation pass. The first epoch includes warm-up, so the figure reported is the fastest epoch. Peak memory is the
process's peak RSS (on CUDA also the peak allocated GPU memory). Results are printed and written to
benchmarks/results/train_epoch_<device>.json.
"""
import argparse, json, platform, resource, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
from factorvae_nb.dataset import DayDataset
from factorvae_nb.processors import Segments
from factorvae_nb.runs import build_model
from factorvae_nb.trainer import TrainConfig, fit, get_device

def csi300_shaped(n_stocks=300, n_train=1700, n_valid=60, n_features=158, seed=0):
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range('2010-01-04', periods=n_train + n_valid + 1)           # + one test day
    idx = pd.MultiIndex.from_product([dates, [f'S{i:03d}' for i in range(n_stocks)]], names=['datetime', 'instrument'])
    X = rng.standard_normal((len(idx) + 1, n_features), dtype=np.float32); X[-1] = 0
    feats = pd.DataFrame(X[:-1], index=idx, copy=False)
    y = pd.Series(rng.uniform(-1.73, 1.73, len(idx)).astype(np.float32), index=idx)
    seg = Segments((dates[0], dates[n_train - 1]), (dates[n_train], dates[-2]), (dates[-1], None))
    return DayDataset(feats, y, lookback=20, segments=seg)

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--device', default='auto'); ap.add_argument('--epochs', type=int, default=2)
    ap.add_argument('--batch-days', type=int, default=4)
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    dev = get_device(a.device)
    t0 = time.perf_counter(); ds = csi300_shaped(); build_s = time.perf_counter() - t0
    net = build_model('factorvae', 158, n_factors=32, n_portfolios=64, hidden=64)
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats()
    h = fit(net, ds, TrainConfig(epochs=a.epochs, batch_days=a.batch_days, device=a.device, progress=False, patience=a.epochs))
    res = dict(device=str(dev), device_name=torch.cuda.get_device_name() if dev.type == 'cuda' else platform.processor() or platform.machine(),
               threads=torch.get_num_threads(), stocks=300, train_days=1700, valid_days=60, lookback=20, features=158,
               K=32, M=64, H=64, batch_days=a.batch_days, epoch_s=[round(s, 2) for s in h.seconds], best_epoch_s=round(h.seconds.min(), 2),
               dataset_build_s=round(build_s, 1), peak_rss_gb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/2**20, 2),
               torch=torch.__version__)
    if dev.type == 'cuda': res['peak_gpu_gb'] = round(torch.cuda.max_memory_allocated()/2**30, 2)
    print(json.dumps(res, indent=1))
    out = Path(__file__).parent/'results'/f'train_epoch_{dev.type}.json'
    out.write_text(json.dumps(res, indent=1))
