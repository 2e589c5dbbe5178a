"""FactorVAE's training step here and in the public x7jeon8gi/FactorVAE module, side by side in one run, and the floor that this
CPU's matrix speed puts under an epoch.

    python benchmarks/public_module.py --public PATH [--stocks 300,3500] [--days 24] [--repeats 3]

PATH is a checkout of https://github.com/x7jeon8gi/FactorVAE: its `module.py` is imported from there (its code is not part of
this repository). Both models get the same shape, K=32, M=64, H=64, lookback 20, 158 features, random inputs, and the same step:
forward, backward, gradient clipping at 1 and an Adam step, one day per step (the public module takes one day at a time).
Ours is also timed as the trainer runs it, 4 days per step (`TrainConfig.batch_days`). Configurations are interleaved and the
fastest of `--repeats` passes over the days counts.

The floor: the extractor alone (the projection, and the GRU's input and hidden products, forward and backward) needs
4·N·T·F·H + 36·N·T·H² floating-point operations per day, which is what nothing that computes the same model can avoid. Divided by
the speed of a large matrix product on this machine (`torch.mm` of two 2048² matrices, the best case), it gives the fewest
seconds an epoch can take here, printed beside the epoch times.

Results are printed and written to benchmarks/results/public_module_cpu.json.
"""
import argparse, importlib.util, json, os, platform, sys, time, warnings
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).parent))
from train_epoch import shaped
from factorvae_nb.runs import build_model

T, F, H, K, M = 20, 158, 64, 32, 64

def public_model(path):
    "The public module's FactorVAE with our sizes."
    spec = importlib.util.spec_from_file_location('x7jeon8gi_module', Path(path)/'module.py')
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m.FactorVAE(m.FeatureExtractor(num_latent=F, hidden_size=H), m.FactorEncoder(num_factors=K, num_portfolio=M, hidden_size=H),
                       m.FactorDecoder(m.AlphaLayer(H), m.BetaLayer(H, K)), m.FactorPredictor(hidden_size=H, num_factor=K))

def timed_pass(net, batches, loss):
    "Seconds per day of one pass of training steps over `batches`."
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    t0, days = time.perf_counter(), 0
    for b in batches:
        l = loss(net, b); opt.zero_grad(set_to_none=True); l.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.); opt.step(); days += len(b.days)
    return (time.perf_counter() - t0)/days

def ours(net, b): return net(b)[1]['loss']
def theirs(net, b): return net(b.x[0], b.y[0][:, None])[0]

def matmul_gflops(n=2048, reps=5):
    a, b = torch.randn(n, n), torch.randn(n, n); a @ b
    t0 = time.perf_counter()
    for _ in range(reps): a @ b
    return 2*n**3*reps/(time.perf_counter() - t0)/1e9

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--public', required=True, help='a checkout of x7jeon8gi/FactorVAE (its module.py)')
    ap.add_argument('--stocks', default='300,3500'); ap.add_argument('--days', type=int, default=24); ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    if not (Path(a.public)/'module.py').exists(): sys.exit(f"no module.py in {a.public}: pass a checkout of x7jeon8gi/FactorVAE")
    warnings.simplefilter('ignore'); torch.manual_seed(0)
    peak = matmul_gflops()
    res = dict(device_name=platform.processor() or platform.machine(), threads=torch.get_num_threads(),
               load_average_at_start=round(os.getloadavg()[0], 2), torch=torch.__version__, K=K, M=M, H=H, lookback=T, features=F,
               matmul_gflops=round(peak, 1), command=f"python benchmarks/public_module.py --public PATH --stocks {a.stocks} --days {a.days} --repeats {a.repeats}",
               sets={})
    for n in [int(s) for s in a.stocks.split(',')]:
        ds = shaped(n_stocks=n, n_train=a.days, n_valid=1)
        one, four = list(ds.loader('train', batch_days=1)), list(ds.loader('train', batch_days=4))
        nets = {'ours, 1 day a step': (build_model('factorvae', F, n_factors=K, n_portfolios=M, hidden=H), one, ours),
                'ours, 4 days a step': (build_model('factorvae', F, n_factors=K, n_portfolios=M, hidden=H), four, ours),
                'x7jeon8gi, 1 day a step': (public_model(a.public), one, theirs)}
        for net, bs, loss in nets.values(): timed_pass(net, bs[:2], loss)           # warm-up
        times = {k: [] for k in nets}
        for _ in range(a.repeats):
            for k, (net, bs, loss) in nets.items(): times[k].append(timed_pass(net, bs, loss))
        ms = {k: round(min(v)*1e3, 1) for k, v in times.items()}
        flop = 4*n*T*F*H + 36*n*T*H*H                                            # per day, the extractor alone
        res['sets'][f'{n} stocks'] = dict(ms_per_day=ms, speedup_vs_public={k: round(ms['x7jeon8gi, 1 day a step']/v, 2) for k, v in ms.items()},
                                          extractor_gflop_per_day=round(flop/1e9, 3), floor_ms_per_day=round(flop/peak/1e6, 1),
                                          floor_csi300_epoch_s=round(flop/peak/1e9*1700, 1) if n == 300 else None)
        print(n, 'stocks:', res['sets'][f'{n} stocks'], flush=True)
    out = Path(__file__).parent/'results'/'public_module_cpu.json'
    out.write_text(json.dumps(res, indent=1)); print(json.dumps(res, indent=1))
