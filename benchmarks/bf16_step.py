"""One FactorVAE training step in fp32 and under CPU bf16 autocast, side by side, on this machine's CPU: whether `cpu_amp` pays here.

    python benchmarks/bf16_step.py [--steps 5] [--threads 1]

The step is the fair contest's FactorVAE (the search's choice: K 64, M 32, H 128) on the paper's inputs (20 features, T = 20), 4 days
of 300 stocks (`PROTOCOL`'s batch and `max_stocks`): forward, backward and an Adam step, random data. The two precisions alternate,
`--steps` steps each per round, two rounds; the faster round of each counts. Where the CPU has no oneDNN bf16 kernels (`trainer.cpu_bf16`
False: no AVX-512 or AMX), bf16 falls back to slow reference kernels, which is why the protocol's `cpu_amp='auto'` trains in fp32 there.

Each run appends (or replaces) this CPU's row in benchmarks/results/bf16_step.csv: CPU model, bf16 kernels, AVX-512 BF16 / AMX flags,
threads, seconds per step in each precision, the ratio, the machine's load average at the start (other jobs slow both alike, not the ratio).
"""
import argparse, os, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
from factorvae_nb.runs import build_model
from factorvae_nb.dataset import DayBatch
from factorvae_nb.trainer import cpu_bf16, cpu_info, machine
from factorvae_nb.search import PROTOCOL

def step_seconds(net, opt, batch, bf16:bool, steps:int) -> float:
    t = time.perf_counter()
    for _ in range(steps):
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16): _, losses = net(batch)
        opt.zero_grad(set_to_none=True); losses['loss'].backward(); opt.step()
    return (time.perf_counter() - t)/steps

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--steps', type=int, default=5); ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args(); warnings.simplefilter('ignore'); torch.set_num_threads(a.threads)
    b, n, t, f = PROTOCOL['batch_days'], PROTOCOL['max_stocks'], PROTOCOL['lookback'], 20
    g = torch.Generator().manual_seed(0)
    batch = DayBatch(torch.randn(b, n, t, f, generator=g), torch.randn(b, n, generator=g), torch.randn(b, n, generator=g),
                     torch.ones(b, n, dtype=torch.bool), np.arange(b), np.zeros((b, n), int))
    net = build_model('factorvae', f, n_factors=64, n_portfolios=32, hidden=128)
    opt = torch.optim.Adam(net.parameters(), 3e-4)
    load = os.getloadavg()[0]
    step_seconds(net, opt, batch, False, 1)                                   # warm-up
    secs = {p: [] for p in ('fp32', 'bf16')}
    for _ in range(2):
        for p in secs: secs[p].append(step_seconds(net, opt, batch, p == 'bf16', a.steps))
    fl = set(cpu_info().get('flags', '').split())
    row = dict(cpu=machine('cpu'), cpu_bf16=cpu_bf16(), avx512_bf16='avx512_bf16' in fl, amx_bf16='amx_bf16' in fl, avx512f='avx512f' in fl,
               threads=a.threads, fp32_s=round(min(secs['fp32']), 3), bf16_s=round(min(secs['bf16']), 3), load_average_at_start=round(load, 2),
               torch=torch.__version__, date=time.strftime('%Y-%m-%d'))
    row['bf16_over_fp32'] = round(row['bf16_s']/row['fp32_s'], 2)
    print(row)
    out = Path(__file__).parent/'results'/'bf16_step.csv'
    old = pd.read_csv(out) if out.exists() else pd.DataFrame(columns=list(row))
    old = old[~((old['cpu'] == row['cpu']) & (old['avx512f'] == row['avx512f']) & (old['threads'] == row['threads']))]
    pd.concat([old, pd.DataFrame([row])], ignore_index=True).to_csv(out, index=False)
