"""The device check: every model's training step, prediction and reconstruction under bf16 autocast, and FactorVAE's epoch time on a
CSI 300-shaped and an every-A-share-shaped set — in a few minutes on a CUDA machine (`bash scripts/gpu_check.sh` there).

    python benchmarks/gpu_check.py [--device auto|cuda|cpu] [--quick] [--out FILE]

- Models: each of `runs.MODELS` on a small synthetic market: one Adam step of its training loss under bf16 autocast (LightGBM, which
  has no GPU path here, boosts 20 rounds where `lightgbm` is installed and is reported as skipped where it is not), then `predict`
  (fp32: a bf16 μ ties ranks) and `reconstruct`; every output must be finite and μ fp32.
- Epochs: FactorVAE with the paper's sizes (K=32, M=64, H=64, T=20, 158 features, 4 days a step) for one `fit` epoch, bf16 autocast
  (`amp` on CUDA, `cpu_amp` on CPU): 300 stocks × 1,700 training + 60 validation days, and 3,500 stocks × the paper's 1,944 + 243
  days, timed on a `--scale` times shorter set and scaled up (the epoch time is linear in the days). `--quick` shrinks both sets
  (tests/test_gpu_check.py runs it that way on CPU: the same code path under CPU autocast).

Writes benchmarks/results/train_epoch_gpu.json on CUDA (train_epoch_<device>_check.json elsewhere) or `--out`.
"""
import argparse, json, sys, time, warnings
from pathlib import Path
import numpy as np, torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT/'benchmarks'))
from factorvae_nb.dataset import prepare
from factorvae_nb.runs import MODELS, build_model
from factorvae_nb.synthetic import synthetic_market
from factorvae_nb.trainer import TrainConfig, fit, predict, get_device, machine
from train_epoch import shaped

def model_step(name:str, ds, device) -> dict:
    "One bf16 training step (or LightGBM's short fit), then fp32 `predict` and `reconstruct`: timings and what came out."
    t0 = time.time()
    net = build_model(name, len(ds.columns), seed=0, hidden=16, n_factors=4, n_portfolios=8, num_boost_round=20)
    if hasattr(net, 'fit_dataset'):
        try: import lightgbm  # noqa: F401
        except ImportError: return dict(status='skipped', reason='lightgbm is not installed here (a CPU model)')
        fit(net, ds, TrainConfig(epochs=1, progress=False))
    else:
        net.to(device).train()
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        b = next(iter(ds.loader('train', batch_days=4))).to(device)
        with torch.autocast(device.type, dtype=torch.bfloat16):
            _, losses = net(b)
        if not torch.isfinite(losses['loss']): return dict(status='failed', reason=f"non-finite loss {float(losses['loss'])}")
        losses['loss'].backward(); opt.step()
    p = predict(net, ds, 'test', reconstruct=True, device=device if not hasattr(net, 'fit_dataset') else 'cpu')
    ok = bool(np.isfinite(p['mu'].to_numpy()).all()) and ('recon' not in p or bool(p.loc[p.label.notna(), 'recon'].notna().all()))
    return dict(status='ok' if ok else 'failed', seconds=round(time.time() - t0, 2), rows=len(p), mu_unique_share=round(p['mu'].nunique()/len(p), 3),
                reconstruct='recon' in p, reason='' if ok else 'non-finite predictions')

def epoch_seconds(n_stocks:int, n_train:int, n_valid:int, device, scale:int=1) -> float:
    "One FactorVAE `fit` epoch under bf16 autocast at the paper's sizes, in seconds, times `scale`."
    ds = shaped(n_stocks=n_stocks, n_train=n_train, n_valid=n_valid)
    net = build_model('factorvae', 158, n_factors=32, n_portfolios=64, hidden=64)
    h = fit(net, ds, TrainConfig(epochs=1, batch_days=4, device=str(device), progress=False, patience=1, amp=True, cpu_amp=device.type == 'cpu'))
    return float(h.seconds.iloc[0])*scale

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--device', default='auto'); ap.add_argument('--quick', action='store_true'); ap.add_argument('--scale', type=int, default=20)
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    dev = get_device(a.device)
    t_all = time.time()
    ds = prepare(synthetic_market(n_stocks=40, n_days=200, seed=5).ohlcv, 'synthetic', lookback=5)
    res = dict(device=str(dev), device_name=machine(dev),
               torch=torch.__version__, autocast='bf16', quick=a.quick, command=' '.join(['python benchmarks/gpu_check.py'] + sys.argv[1:]), models={})
    for name in MODELS:
        try: res['models'][name] = model_step(name, ds, dev)
        except Exception as e: res['models'][name] = dict(status='failed', reason=f"{type(e).__name__}: {str(e)[:300]}")
        print(name, res['models'][name], flush=True)
    sets = ({'csi300': (300, 10, 3, 1), 'ashare_all': (500, 6, 2, 1)} if a.quick else
            {'csi300': (300, 1700, 60, 1), 'ashare_all': (3500, -(-1944//a.scale), -(-243//a.scale), a.scale)})
    res['epoch_s'] = {}
    for name, (n, tr, va, sc) in sets.items():
        res['epoch_s'][name] = round(epoch_seconds(n, tr, va, dev, sc), 2)
        print(f"FactorVAE epoch, {name}-shaped ({n} stocks, {tr*sc} + {va*sc} days): {res['epoch_s'][name]:.1f} s", flush=True)
    res['epoch_shapes'] = {k: dict(stocks=n, train_days=tr*sc, valid_days=va*sc, timed_at_scale=sc) for k, (n, tr, va, sc) in sets.items()}
    res['wall_s'] = round(time.time() - t_all, 1)
    res['all_ok'] = all(m['status'] in ('ok', 'skipped') for m in res['models'].values())
    out = Path(a.out) if a.out else ROOT/'benchmarks'/'results'/('train_epoch_gpu.json' if dev.type == 'cuda' else f'train_epoch_{dev.type}_check.json')
    out.parent.mkdir(parents=True, exist_ok=True); out.write_text(json.dumps(res, indent=1))
    print(json.dumps(res, indent=1))
    sys.exit(0 if res['all_ok'] else 1)
