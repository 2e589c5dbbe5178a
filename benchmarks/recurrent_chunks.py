"""What `layers.recurrent`'s `pre` and `outputs=False` save, before and after side by side in one run, on an every-A-share-shaped
set with the fair grid's chosen configurations and the paper's inputs (20 features, lookback 20).

    python benchmarks/recurrent_chunks.py [--repeats 5] [--scale 40] [--threads 1]

Before: FactorVAE's extractor projected every window of a batch at once (`s t h`, 290 MB for an 8-day validation batch of
3,500 stocks) and `recurrent` joined the chunks' per-step outputs, which the extractor and the GRU baseline then threw away
(they read the final state). After: the projection runs chunk by chunk with the GRU, and the outputs are not joined.

Timed: the validation pass over every stock (`trainer.evaluate`, 243 days / `--scale`) and a whole training epoch under the
protocol (300 random stocks of each of 1,944 / `--scale` training days, 4 days a step, then that validation pass), each the
fastest of `--repeats` after an untimed warm-up fit, the two variants interleaved so that a busy machine slows both alike, on
`--threads` torch threads (one by default, as the grids run: on a machine busy with other jobs two threads wait on each other
and an epoch's time varies fivefold). The times are multiplied by `--scale` (linear in the days). Results: benchmarks/results/recurrent_chunks_<device>.json, with the machine and its load.
"""
import argparse, json, os, sys, time, warnings
from pathlib import Path
import torch, torch.nn.functional as F
sys.path.insert(0, str(Path(__file__).parent))
from train_epoch import shaped, timed
import factorvae_nb.trainer as trainer, factorvae_nb.layers as layers
from factorvae_nb.extractor import FeatureExtractor
from factorvae_nb.sequence import RNN
from factorvae_nb.runs import build_model
from factorvae_nb.trainer import TrainConfig, fit, get_device, machine

def recurrent_before(rnn, x):
    "`layers.recurrent` before `pre` and `outputs` (the LSTM-under-autocast branch left out: these models run GRUs)."
    if x.device.type != 'cpu' or len(x) <= layers.CPU_CHUNK: return rnn(x)
    out, state = zip(*(rnn(c) for c in x.split(layers.CPU_CHUNK)))
    return torch.cat(out, 0), layers._cat(list(state), 1)

def extractor_before(self, x, mask=None):
    "`FeatureExtractor.forward` before: every window projected at once, outputs joined."
    if mask is None: mask = torch.ones(x.shape[:2], dtype=torch.bool, device=x.device)
    _, last = recurrent_before(self.gru, F.leaky_relu(self.proj(x[mask])))
    e = x.new_zeros(*x.shape[:2], last.shape[-1], dtype=last.dtype); e[mask] = last[0]
    return e

def encode_before(self, x): return recurrent_before(self.rnn, x)[0][:, -1]

AFTER = {'extractor': FeatureExtractor.forward, 'encode': RNN.encode}
BEFORE = {'extractor': extractor_before, 'encode': encode_before}
MODELS = {'factorvae': dict(n_factors=64, n_portfolios=32, hidden=128, gamma=0.471),   # results/search's chosen configurations
          'gru': dict(hidden=64, n_layers=1, dropout=0.1)}

def use(code):
    FeatureExtractor.forward, RNN.encode = code['extractor'], code['encode']

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--device', default='cpu'); ap.add_argument("--repeats", type=int, default=5); ap.add_argument("--scale", type=int, default=40)
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args(); warnings.simplefilter('ignore'); torch.set_num_threads(a.threads)
    dev = get_device(a.device); load = os.getloadavg()[0]
    ds = shaped(n_stocks=3500, n_train=-(-1944//a.scale), n_valid=-(-243//a.scale), n_features=20)
    evaluate = trainer.evaluate
    res = {m: {v: {'validation_s': [], 'epoch_s': []} for v in ('before', 'after')} for m in MODELS}
    for m, hp in MODELS.items():                              # warm-up, untimed: the first fit of a process pays for allocations and kernels
        fit(build_model(m, 20, **hp), shaped(n_stocks=300, n_train=8, n_valid=2, n_features=20), TrainConfig(epochs=1, device=a.device, progress=False))
    for rep in range(a.repeats):
        for m, hp in MODELS.items():
            for v, code in (('before', BEFORE), ('after', AFTER)):
                use(code); spent = []
                trainer.evaluate = timed(evaluate, spent)
                try:
                    torch.manual_seed(rep); net = build_model(m, 20, **hp)
                    h = fit(net, ds, TrainConfig(epochs=1, batch_days=4, max_stocks=300, device=a.device, progress=False, patience=1, seed=rep))
                finally: use(AFTER); trainer.evaluate = evaluate
                res[m][v]['validation_s'].append(round(spent[0]*a.scale, 1)); res[m][v]['epoch_s'].append(round(float(h.seconds.iloc[0])*a.scale, 1))
                print(f"{m} {v}: epoch {res[m][v]['epoch_s'][-1]} s, of which validation {res[m][v]['validation_s'][-1]} s", flush=True)
    out = dict(device=str(dev), machine=machine(dev), threads=torch.get_num_threads(), torch=torch.__version__, load_average_at_start=round(load, 2),
               command=f"python benchmarks/recurrent_chunks.py --repeats {a.repeats} --scale {a.scale} --threads {a.threads}", n_stocks=3500, features=20, lookback=20,
               max_stocks=300, batch_days=4, models=MODELS, times=res,
               best={m: {v: {k: min(x) for k, x in r.items()} for v, r in d.items()} for m, d in res.items()})
    out['speedup'] = {m: {k: round(b['before'][k]/b['after'][k], 2) for k in ('validation_s', 'epoch_s')} for m, b in out['best'].items()}
    print(json.dumps(out['best'], indent=1), json.dumps(out['speedup']))
    (Path(__file__).parent/'results'/f'recurrent_chunks_{dev.type}.json').write_text(json.dumps(out, indent=1))
