"Integration tests of the data pipeline: no look-ahead, round trips, the real data sets."
import numpy as np, pandas as pd, pytest, torch
from factorvae_nb.data import load_ohlcv, load_qlib, load_sp500, write_qlib, read_instruments
from factorvae_nb.features import alpha158, label, ALPHA158
from factorvae_nb.dataset import prepare
from factorvae_nb.processors import Segments
from factorvae_nb.synthetic import synthetic_market

@pytest.fixture(scope='module')
def mkt(): return synthetic_market(n_stocks=40, n_days=260, seed=7)

def _perturb_after(o, t):
    "Scale every price and volume after day `t` by random factors (keeping high >= low)."
    o = o.copy(); rng = np.random.default_rng(0)
    late = o.date > t
    s = rng.uniform(.5, 2, late.sum())
    for c in ['open', 'high', 'low', 'close', 'vwap']: o.loc[late, c] *= s
    o.loc[late, 'volume'] *= rng.uniform(.1, 10, late.sum())
    return o

def test_features_never_look_ahead(mkt):
    o = mkt.ohlcv; t = o.date.unique()[150]
    f0, f1 = alpha158(o), alpha158(_perturb_after(o, t))
    early = f0.index.get_level_values(0) <= t
    pd.testing.assert_frame_equal(f0[early], f1[early])
    assert not f0[~early].equals(f1[~early])             # the perturbation did reach the later rows

def test_label_is_the_return_from_t_plus_1_to_t_plus_2(mkt):
    o = mkt.ohlcv; dates = o.date.unique(); t = dates[150]
    y0, y1 = label(o), label(_perturb_after(o, t))
    d = y0.index.get_level_values(0)
    pd.testing.assert_series_equal(y0[d < dates[149]], y1[d < dates[149]])    # labels up to t-2 use closes up to t
    assert not np.allclose(y0[d == dates[149]].dropna(), y1[d == dates[149]].dropna())
    c = o.pivot(index='date', columns='instrument', values='close')
    want = (c.shift(-2)/c.shift(-1) - 1).stack().rename('LABEL0')
    got = y0.dropna()
    np.testing.assert_allclose(got.to_numpy(), want.reindex(got.index).to_numpy(), rtol=1e-12)

def test_processing_uses_the_training_window_only(mkt):
    o = mkt.ohlcv; seg = Segments((None, '2010-07-30'), ('2010-08-02', '2010-09-30'), ('2010-10-01', None))
    a = prepare(o, segments=seg, lookback=5)
    b = prepare(_perturb_after(o, pd.Timestamp('2010-07-30')), segments=seg, lookback=5)
    tr = a.day_range(*a.segments.train)
    rows = a.row[tr].flatten(); rows = rows[rows < len(a.x) - 1]
    torch.testing.assert_close(a.x[rows], b.x[rows])                 # training rows: identical after normalisation
    bt, bb = a.batch(tr[-8:]), b.batch(tr[-8:])
    torch.testing.assert_close(bt.x, bb.x)                             # windows of the last training days too
    torch.testing.assert_close(bt.y[:-2], bb.y[:-2])                   # labels up to T-2 end inside the training window
    assert not torch.allclose(bt.y[-1], bb.y[-1])                      # the last two reach into validation, as in Qlib

def test_qlib_round_trip(tmp_path, mkt):
    o = mkt.ohlcv
    write_qlib(o, tmp_path, 'all')
    q = load_qlib(tmp_path, 'all')
    assert q.member.all() and len(q) == len(o)
    np.testing.assert_allclose(q.close.to_numpy(), o.close.to_numpy(), rtol=1e-6)   # float32 on disk
    f_q, f_o = alpha158(q.drop(columns='member')), alpha158(o)
    assert (np.isclose(f_q.to_numpy(), f_o.to_numpy(), rtol=1e-3, atol=1e-4) | (np.isnan(f_q.to_numpy()) & np.isnan(f_o.to_numpy()))).mean() > .999

def test_csv_input(tmp_path):
    o = synthetic_market(n_stocks=10, n_days=120, seed=1).ohlcv
    p = tmp_path/'bars.csv'; o.to_csv(p, index=False)
    pd.testing.assert_frame_equal(load_ohlcv(p), o, check_exact=False, check_dtype=False)

def test_sp500_pipeline():
    ds = prepare(load_sp500(), 'sp500', lookback=20)
    assert len(ds.columns) == 158 and ds.columns == ALPHA158
    assert ds.segments.train[0] == ds.dates[60] and ds.segments.test[1] == pd.Timestamp('2018-02-07')
    ld = ds.loader('test', batch_days=4)
    b = next(iter(ld))
    assert b.x.shape[1:] == (b.mask.shape[1], 20, 158) and b.mask.sum(1).min() > 450
    assert ds.x.element_size()*ds.x.nelement() < 0.5*2**30

def test_csi300_point_in_time(csi300_dir):
    q = load_qlib(csi300_dir, 'csi300', start='2015-01-01', end='2015-12-31')
    spans = read_instruments(csi300_dir, 'csi300')
    members = q[q.member].groupby('date').size()
    assert members.max() <= 300 and members.min() >= 200
    # an instrument that left and rejoined: its member flags follow the file's intervals exactly
    multi = spans.groupby('instrument').size(); inst = multi[multi > 1].index.intersection(q.instrument.unique())[0]
    rows = q[q.instrument == inst]
    want = np.zeros(len(rows), bool)
    for s, e in spans[spans.instrument == inst][['start', 'end']].itertuples(index=False):
        want |= ((rows.date >= s) & (rows.date <= e)).to_numpy()
    assert (rows.member.to_numpy() == want).all()
    assert not rows.member.all() or rows.member.all() == want.all()
    # non-members keep their rows: features need the history before a stock joins
    assert (~q.member).sum() > 0

@pytest.mark.slow
def test_csi300_dataset(csi300_dir):
    ds = prepare(load_qlib(csi300_dir, 'csi300'), 'csi300', lookback=20)
    assert ds.dates[ds.day_range(*ds.segments.train)[0]] == pd.Timestamp('2010-01-04')   # the calendar starts 2009-09: warm-up done
    b = next(iter(ds.loader('test', batch_days=2)))
    assert b.mask.sum(1).max() <= 300
