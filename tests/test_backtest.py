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


# --- the A-share trading rules (issue 26): each test fails on a book that trades everything at the label's return
from factorvae_nb.backtest import trading_facts, permissions, topk_dropout, run_strategies
from factorvae_nb.features import label

CAL = pd.bdate_range('2021-01-04', periods=10)

def _bars(**closes):
    "A toy market: one column of closes per stock (NaN: no bar, a suspended day)."
    rows = [pd.DataFrame({'date': CAL[:len(c)], 'instrument': n, 'close': c, 'volume': 1e6}) for n, c in closes.items()]
    return pd.concat(rows).dropna().reset_index(drop=True)

def _scores(best_by_day:dict, names, days=CAL):
    "Scores per signal day: the named stock 1, the others 0."
    return pd.Series({(d, n): float(best_by_day.get(i) == n) for i, d in enumerate(days) for n in names}).rename_axis(['datetime', 'instrument'])

def _book(bars, score, k=1, **rules):
    f = trading_facts(bars); a = permissions(f, **rules)
    return topk_dropout(score, k, 1, a['buy'].unstack(), a['sell'].unstack(), f['ret'].unstack()), f

def test_no_buy_at_limit_up():
    s = _scores({0: 'SH600004', 1: 'SH600004', **{i: 'SH600000' for i in range(2, 7)}}, ['SH600000', 'SH600004'], CAL[:7])
    w, _ = _book(_bars(SH600000=[10, 10, 10, 11, 11, 11, 11], SH600004=[10]*7), s, min_listed=0)    # +10 % on day 4
    assert w.loc[CAL[2]].get('SH600000', 0) == 0 and w.loc[CAL[2]].sum() == 0   # ordered on day 3 to fill at day 4's limit-up close: refused, cash
    assert w.loc[CAL[3], 'SH600000'] == 1                 # day 5 trades flat: bought
    w2, _ = _book(_bars(SH600000=[10, 10, 10, 10.94, 11, 11, 11], SH600004=[10]*7), s, min_listed=0)
    assert w2.loc[CAL[2], 'SH600000'] == 1                # +9.4 %: just under Qlib's 9.5 %, it fills

def test_no_sell_at_limit_down():
    bars = _bars(SH600000=[10, 10, 10, 9, 9, 9, 9], SH600004=[10]*7)                  # −10 % on day 3
    s = _scores({0: 'SH600000', 1: 'SH600000', 2: 'SH600004', 3: 'SH600004', 4: 'SH600004'}, ['SH600000', 'SH600004'], CAL[:5])
    w, _ = _book(bars, s, min_listed=0)
    assert w.loc[CAL[2], 'SH600000'] > .99                # the sale ordered on day 2 meets day 3's limit-down: still held
    assert w.loc[CAL[3]].get('SH600000', 0) == 0 and w.loc[CAL[3], 'SH600004'] == 1   # sold and replaced the day after

def test_suspended_holding_and_its_resumption_jump():
    # SZ000001 is suspended on days 4-6 and comes back 30 % higher; the book wants to sell it on day 4, its first suspended day
    bars = _bars(SZ000001=[20, 20, 20, np.nan, np.nan, np.nan, 26, 26, 26, 26], SZ000002=[10]*10)
    s = _scores({0: 'SZ000001', 1: 'SZ000001', **{i: 'SZ000002' for i in range(2, 9)}}, ['SZ000001', 'SZ000002'], CAL[:9])
    w, f = _book(bars, s, min_listed=0)
    assert all(w.loc[CAL[i], 'SZ000001'] > .99 for i in range(2, 6))    # cannot be sold while suspended, nor at the +30 % resumption
    assert w.loc[CAL[6]].get('SZ000001', 0) == 0                         # sold when it trades flat again
    res, _ = run_strategies(pd.DataFrame({'mu': s, 'label': label(bars).reindex(s.index)}), k=1, n_drop=1, costs=(0.,), facts=f, min_listed=0)
    np.testing.assert_allclose((1 + res[('topk_drop', '0bps')].gross).prod(), 1.3)   # the jump is booked when it trades again, not lost

def test_young_listing_not_bought():
    bars = _bars(SH600000=[10]*10, SH688001=[np.nan]*4 + [30]*6)           # a listing on day 5
    s = _scores({i: 'SH688001' for i in range(10)}, ['SH600000', 'SH688001'], CAL[4:9])
    for m, bought in [(60, False), (3, True)]:
        w, _ = _book(bars, s.loc[CAL[4]:], min_listed=m)
        assert (w.get('SH688001', pd.Series(0.)) > 0).any() == bought, m
