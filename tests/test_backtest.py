"The performance statistics of factorvae_nb.backtest against empyrical (empyrical-reloaded) on random daily returns."
import numpy as np, pandas as pd, pytest
from factorvae_nb.backtest import performance

@pytest.mark.parametrize('seed', [0, 1, 2])
def test_performance_matches_empyrical(seed):
    ep = pytest.importorskip('empyrical')
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range('2019-01-01', periods=400)
    r = pd.Series(rng.normal(4e-4, .012, len(idx)), index=idx)
    b = pd.Series(rng.normal(2e-4, .010, len(idx)), index=idx)
    p = performance(r, b)
    np.testing.assert_allclose(p['cumulative_return'], ep.cum_returns_final(r), rtol=1e-10)
    np.testing.assert_allclose(p['annual_return'], ep.annual_return(r), rtol=1e-10)
    np.testing.assert_allclose(p['annual_volatility'], ep.annual_volatility(r), rtol=1e-10)
    np.testing.assert_allclose(p['sharpe'], ep.sharpe_ratio(r), rtol=1e-10)
    np.testing.assert_allclose(p['information_ratio'], ep.excess_sharpe(r, b)*np.sqrt(252), rtol=1e-10)   # empyrical's is daily
    np.testing.assert_allclose(p['max_drawdown'], ep.max_drawdown(r), rtol=1e-10)
    np.testing.assert_allclose(performance(r, rf=.03)['sharpe'], ep.sharpe_ratio(r, risk_free=.03/252), rtol=1e-10)   # over a risk-free rate
