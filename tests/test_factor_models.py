"Our IPCA (ALS on managed-portfolio moments) against the authors' `ipca` package on a small panel simulated from IPCA."
import numpy as np, pandas as pd, pytest, torch
from einops import einsum
from factorvae_nb.factor_models import ipca_als, moments


def panel(T=80, N=60, P=5, K=2, seed=3):
    g = np.random.default_rng(seed)
    Z = g.standard_normal((T, N, P))
    G0 = np.linalg.qr(g.standard_normal((P, K)))[0]
    F0 = g.standard_normal((T, K)) + [.3, -.1]
    R = np.einsum('tnp,pk,tk->tn', Z, G0, F0) + .5*g.standard_normal((T, N))
    return Z, R


@pytest.mark.parametrize('intercept', [False, True])
def test_ipca_matches_authors_package(intercept):
    ipca = pytest.importorskip('ipca')
    Z, R = panel()
    T, N, P = Z.shape
    idx = pd.MultiIndex.from_product([range(N), range(T)], names=['entity', 'time'])   # entity-major, as the package wants
    X = pd.DataFrame(Z.transpose(1, 0, 2).reshape(-1, P), index=idx)
    y = pd.Series(R.T.reshape(-1), index=idx)
    ref = ipca.InstrumentedPCA(n_factors=2, intercept=intercept, max_iter=1000, iter_tol=1e-10).fit(X=X, y=y)
    fitted_ref = np.einsum('tnp,pk,kt->tn', Z, np.asarray(ref.Gamma), np.asarray(ref.Factors))
    z, r = torch.from_numpy(Z), torch.from_numpy(R)
    G, f, _ = ipca_als(*moments(z, r, torch.ones(T, N, dtype=torch.bool)), 2, intercept, max_iter=1000, tol=1e-10, ridge=0.)
    F = torch.cat([f, torch.ones(T, 1, dtype=f.dtype)], 1) if intercept else f
    fitted = einsum(z, G, F, 't n p, p k, t k -> t n').numpy()
    np.testing.assert_allclose(fitted, fitted_ref, atol=1e-6)
    # and the fitted returns explain a good part of the panel (the simulation's R² is about 0.8)
    assert 1 - ((R - fitted)**2).sum()/(R**2).sum() > .6
