"""Mixed precision: every model trains one step, predicts and reconstructs under bf16 autocast with finite results, and the
linear-algebra paths of CA and IPCA stay fp32 when handed bf16 tensors (as CUDA's autocast does; CPU autocast casts
`linalg.solve` up by itself and would hide the bug)."""
import numpy as np, pytest, torch
from factorvae_nb.dataset import prepare
from factorvae_nb.runs import MODELS, build_model
from factorvae_nb.synthetic import synthetic_market
from factorvae_nb.trainer import TrainConfig, fit, predict
from factorvae_nb.factor_models import CA, CAConfig, moments, ipca_factors

@pytest.fixture(scope='module')
def ds(): return prepare(synthetic_market(n_stocks=30, n_days=200, seed=5).ohlcv, 'synthetic', lookback=5)

@pytest.mark.parametrize('name', list(MODELS))
def test_every_model_under_bf16_autocast(name, ds):
    net = build_model(name, len(ds.columns), seed=0, hidden=8, n_factors=3, n_portfolios=6, num_boost_round=20)
    with torch.autocast('cpu', dtype=torch.bfloat16):
        if hasattr(net, 'fit_dataset'): fit(net, ds, TrainConfig(epochs=1, progress=False))
        else:
            opt = torch.optim.Adam(net.parameters(), lr=1e-3)
            b = next(iter(ds.loader('train', batch_days=4)))
            _, losses = net(b)
            assert torch.isfinite(losses['loss']), losses
            losses['loss'].backward(); opt.step()
        p = predict(net, ds, 'test', reconstruct=True)
    assert p['mu'].notna().all() and np.isfinite(p['mu'].to_numpy()).all()
    if 'recon' in p: assert p.loc[p.label.notna(), 'recon'].notna().all()

def test_solves_stay_fp32_when_handed_bf16():
    g = torch.Generator().manual_seed(0)
    z, r, m = torch.randn(3, 40, 12, generator=g), torch.randn(3, 40, generator=g), torch.ones(3, 40, dtype=torch.bool)
    W, X = moments(z.bfloat16(), r.bfloat16(), m)
    assert W.dtype == X.dtype == torch.float32
    ca = CA(CAConfig(n_features=12, hidden=4, n_factors=2))
    f = ca.managed(z.bfloat16(), r.bfloat16(), m)
    assert f.dtype == torch.float32 and torch.isfinite(f).all()
    torch.testing.assert_close(f, ca.managed(z, r, m), atol=0.05, rtol=0.05)
    fi = ipca_factors(torch.randn(12, 2, generator=g).bfloat16(), torch.zeros(12).bfloat16(), W.bfloat16(), X.bfloat16())
    assert fi.dtype == torch.float32 and torch.isfinite(fi).all()
