"""IPCA's ALS iteration before and after the factor step became one matrix product, side by side in one run.

    python benchmarks/ipca_fit.py [--days 1700] [--features 158] [--factors 5] [--iterations 20] [--repeats 3] [--threads 1]

The ALS fit (`factor_models.ipca_als`) alternates a factor step f_t = (Γ_β'W_tΓ_β)⁻¹Γ_β'(X_t − W_tΓ_α) over every training day
and a Γ step (one (p·K)² linear system). Until session 21 the factor step was `einsum(gb, W, gb, 'p k, t p q, q l -> t k l')`,
t small (p × p)(p × K) products; now W_t[Γ_β Γ_α] for all days is one (t·p × p)(p × K+1) product (`before_factors` below is
the old code). The moments are random symmetric positive semi-definite matrices with the shape of CSI 300's training segment
(1,700 days × 158 Alpha158 features, float64 as `day_moments` gives them); `--iterations` ALS iterations are timed whole (a fit
runs up to `max_iter=500`), the fastest of `--repeats` counts, the two codes interleaved so that a busy machine slows them alike.
The two factor steps must agree to 1e-10 (relative) on the same Γ; the two fits' Γ are reported too (W_t is singular, as Alpha158's
is, so rounding differences grow over the iterations). Results: printed, and written to benchmarks/results/ipca_fit.json with the CPU model and the load.
"""
import argparse, json, os, time
from pathlib import Path
import torch
from einops import einsum
import factorvae_nb.factor_models as fm
from factorvae_nb.factor_models import exact, no_autocast, ipca_als
from factorvae_nb.trainer import machine

def before_factors(gb, ga, W, X):
    "The factor step as it was: t small products."
    with no_autocast(W):
        gb, ga, W, X = exact(gb, ga, W, X)
        A = einsum(gb, W, gb, 'p k, t p q, q l -> t k l') + 1e-8*torch.eye(gb.shape[1], dtype=W.dtype, device=W.device)
        return torch.linalg.solve(A, einsum(gb, X - W @ ga, 'p k, t p -> t k'))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--days', type=int, default=1700); ap.add_argument('--features', type=int, default=158)
    ap.add_argument('--factors', type=int, default=5); ap.add_argument('--iterations', type=int, default=20)
    ap.add_argument('--repeats', type=int, default=3); ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(0)
    Z = torch.randn(a.days, 60, a.features, generator=g, dtype=torch.float64)          # 60 "stocks" a day: W_t is singular, as Alpha158's is
    W, X = einsum(Z, Z, 't n p, t n q -> t p q')/60, torch.randn(a.days, a.features, generator=g, dtype=torch.float64)*1e-3
    after_factors, times, gammas = fm.ipca_factors, {'before': [], 'after': []}, {}
    load = os.getloadavg()[0]
    for _ in range(a.repeats):
        for name, f in (('before', before_factors), ('after', after_factors)):
            fm.ipca_factors = f                                                  # ipca_als looks the factor step up at call time
            t0 = time.perf_counter(); G, _, it = ipca_als(W, X, a.factors, max_iter=a.iterations, tol=0.)
            times[name].append(round(time.perf_counter() - t0, 2)); gammas[name] = G
    fm.ipca_factors = after_factors
    gb = torch.linalg.qr(torch.randn(a.features, a.factors, generator=g, dtype=torch.float64)).Q
    ga = torch.randn(a.features, generator=g, dtype=torch.float64)*1e-2
    f0, f1 = before_factors(gb, ga, W, X), after_factors(gb, ga, W, X)
    step_diff = float((f0 - f1).abs().max()/f0.abs().max())
    assert step_diff < 1e-10, f"the two factor steps disagree: relative max |Δf| = {step_diff}"
    diff = float((gammas['before'] - gammas['after']).abs().max())       # the fits: rounding grows over ALS iterations on a singular W
    best = {k: min(v) for k, v in times.items()}
    res = dict(command=f"python benchmarks/ipca_fit.py --days {a.days} --features {a.features} --factors {a.factors} --iterations {a.iterations} "
                       f"--repeats {a.repeats} --threads {a.threads}", machine=machine(), threads=a.threads, load_average_at_start=round(load, 2),
               torch=torch.__version__, iterations=a.iterations, seconds=times, best_seconds=best,
               seconds_per_iteration={k: round(v/a.iterations, 4) for k, v in best.items()},
               speedup=round(best['before']/best['after'], 2), factor_step_relative_difference=step_diff,
               max_abs_gamma_difference_after_fits=diff)
    print(json.dumps(res, indent=1))
    out = Path(__file__).resolve().parent/'results'/'ipca_fit.json'
    out.write_text(json.dumps(res, indent=1) + '\n')

if __name__ == '__main__': main()
