"""RVRAE's validation pass before and after it ran its beta network once (session 25), side by side in one run.

    python benchmarks/rvrae_validation.py [--repeats 3] [--days 60]

The set is random with the shape of the hyperparameter search's proxy (`search.SEARCH_DATA`: CSI 800, 158 features, lookback
20): 800 stocks every day, `--days` validation days. The model has the search's largest sizes (hidden 128, K 16, M 128) and is
timed in both variants (`per_step` False, the default, and True).

- `before`: `trainer.evaluate` with the model's `validate` switched off: the training losses from `forward` on the labelled
  stocks, then `predict` on every stock — the beta network's LSTM over every stock's window twice (what every RVRAE row of
  results/ up to session 24 paid for).
- `after`: today's `RVRAE.validate`: one LSTM pass shared by the losses and the prediction.

Both give the same numbers (the test in nbs/09_trainer.ipynb); here they are timed, interleaved so that a busy machine slows
them alike, the fastest of `--repeats` counting. Written to benchmarks/results/rvrae_validation.json with the CPU model and the
load average at the start.
"""
import argparse, json, os, sys, time, warnings
from pathlib import Path
import torch
from factorvae_nb.runs import build_model
from factorvae_nb.trainer import evaluate, machine
sys.path.insert(0, str(Path(__file__).parent))
from train_epoch import shaped

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--repeats', type=int, default=3); ap.add_argument('--days', type=int, default=60)
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    ds = shaped(n_stocks=800, n_train=40, n_valid=a.days)
    res = dict(device_name=machine(), threads=torch.get_num_threads(), load_average_at_start=round(os.getloadavg()[0], 2),
               torch=torch.__version__, n_stocks=800, features=158, lookback=20, valid_days=a.days, hidden=128, K=16, M=128,
               repeats=a.repeats, command=f"python benchmarks/rvrae_validation.py --repeats {a.repeats} --days {a.days}", variants={})
    for per_step in (False, True):
        net = build_model('rvrae', 158, hidden=128, n_factors=16, n_portfolios=128, per_step=per_step)
        times = {'before': [], 'after': []}
        for rep in range(a.repeats):
            for c in times:
                if c == 'before': net.validate = None                                 # evaluate's two passes
                else: vars(net).pop('validate', None)                                   # the class's validate again
                t = time.time(); evaluate(net, ds, 'valid'); times[c].append(time.time() - t)
                print(f"per_step={per_step} {c}: {times[c][-1]:.1f} s ({1000*times[c][-1]/a.days:.0f} ms a day)", flush=True)
        best = {c: min(v) for c, v in times.items()}
        res['variants'][f'per_step={per_step}'] = dict(seconds={c: [round(t, 2) for t in v] for c, v in times.items()},
                                                      ms_per_day={c: round(1000*v/a.days) for c, v in best.items()},
                                                      speedup=round(best['before']/best['after'], 2))
    print(json.dumps(res, indent=1))
    (Path(__file__).parent/'results'/'rvrae_validation.json').write_text(json.dumps(res, indent=1))
