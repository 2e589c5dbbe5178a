"Training integration tests: no look-ahead through the whole prediction path, the encoder unused at test time, the papermill main job."
import json, subprocess, numpy as np, pandas as pd, pytest, torch
from pathlib import Path
from factorvae_nb.dataset import prepare
from factorvae_nb.runs import build_model, load_model, load_market, run_metrics
from factorvae_nb.synthetic import synthetic_market
from factorvae_nb.trainer import TrainConfig, fit, predict
from factorvae_nb.experiments import execute_notebook
from test_pipeline import _perturb_after

ROOT = Path(__file__).resolve().parents[1]
MODELS = ['factorvae', 'factorvae_prior', 'factorvae_port', 'rvrae', 'linear', 'mlp', 'gru', 'lstm', 'alstm', 'transformer', 'gats', 'sfm', 'ca', 'ipca', 'lightgbm']

@pytest.fixture(scope='module')
def mkt(): return synthetic_market(n_stocks=40, n_days=300, seed=3)

@pytest.fixture(scope='module')
def ds(mkt): return prepare(mkt.ohlcv, 'synthetic', lookback=5)

def _tiny(name, ds, seed=0):
    return build_model(name, len(ds.columns), seed=seed, hidden=8, n_factors=4, n_portfolios=8)

@pytest.mark.parametrize('name', MODELS)
def test_predictions_never_look_ahead(name, mkt, ds):
    "Changing prices, volumes and labels after day t leaves every prediction at or before t unchanged."
    net = _tiny(name, ds)
    fit(net, ds, TrainConfig(epochs=1, lr=1e-3, progress=False))
    test_days = ds.dates[ds.day_range(*ds.segments.test)]
    t = test_days[len(test_days)//2]                       # after the training window, so the fitted processors are the same
    ds2 = prepare(_perturb_after(mkt.ohlcv, t), 'synthetic', lookback=5)
    late_days = torch.as_tensor(ds2.dates > t)
    ds2.y[late_days] = float('nan'); ds2.y_raw[late_days] = 1e6   # and labels from the future are garbage
    p1 = predict(net, ds, 'test')
    p2 = predict(net, ds2, None, start=test_days[0], end=t)               # other batches: days after t are not even loaded
    early = p1.index.get_level_values(0) <= t
    pd.testing.assert_frame_equal(p1.loc[early, ['mu', 'sigma']], p2[['mu', 'sigma']])
    late = predict(net, ds2, 'test').index.get_level_values(0) > t
    assert not np.allclose(p1.loc[~early, 'mu'], predict(net, ds2, 'test').loc[late, 'mu'])   # the change did reach later days

def test_prediction_never_touches_the_encoder(ds):
    net = _tiny('factorvae', ds)
    calls = []
    net.encoder.register_forward_pre_hook(lambda *a: calls.append(1))
    fit(net, ds, TrainConfig(epochs=1, progress=False))
    assert calls                                           # training does use it ...
    calls.clear()
    def boom(*a, **k): raise AssertionError('the encoder was called at prediction time')
    net.encoder.forward = boom
    p = predict(net, ds, 'test')                           # ... prediction does not
    assert not calls and len(p) > 0 and p['mu'].notna().all()

def test_checkpoint_rebuilds_the_model(ds, tmp_path):
    net = _tiny('factorvae_prior', ds)
    fit(net, ds, TrainConfig(epochs=2, progress=False), out_dir=tmp_path)
    again = load_model(tmp_path/'best.pt')
    assert again.config == net.config and again.encoder is None
    pd.testing.assert_frame_equal(predict(net, ds, 'test'), predict(again, ds, 'test'))

def _papermill(out, **params):
    return execute_notebook(str(ROOT/'nbs'/'train.ipynb'), str(out/'train.ipynb'), parameters=params, cwd=str(ROOT/'nbs'),
                               kernel_name='python3')

@pytest.mark.parametrize('model', ['factorvae', 'gru'])
def test_train_notebook_writes_a_run(tmp_path, model):
    _papermill(tmp_path, dataset='synthetic', market_stocks=40, market_days=300, model=model, epochs=2, hidden=8,
               **(dict(n_factors=4, n_portfolios=8) if model == 'factorvae' else dict(model_params='{"n_layers": 1, "dropout": 0.1}')),
               lookback=5, progress=False, out_dir=str(tmp_path/'run'))
    run = tmp_path/'run'
    m = json.loads((run/'metrics.json').read_text())
    assert {'ic', 'icir', 'rank_ic', 'rank_icir', 'valid_rank_ic', 'n_days', 'oracle_rank_ic', 'wall_time_s', 'config'} <= set(m)
    assert m['machine'].endswith(('AVX2', 'AVX-512', 'AVX-512 BF16', 'AMX', 'AVX', 'no AVX')) and ' cores, ' in m['machine']   # what the wall time ran on
    head = subprocess.run(['git', '-C', str(ROOT), 'rev-parse', '--short=7', 'HEAD'], capture_output=True, text=True).stdout.strip()
    assert m['code'] is None if not head else m['code'].rstrip('+') == head           # which code trained it: this checkout's commit
    if model == 'gru': assert (m['model_config']['n_layers'], m['model_config']['dropout'], m['model_config']['hidden']) == (1, .1, 8)   # a search trial's config
    assert m['n_days'] > 20 and -1 < m['rank_ic'] < 1 and m['config']['model'] == model
    p = pd.read_parquet(run/'predictions.parquet')
    assert list(p.columns) == ['mu', 'sigma', 'label', 'y'] + (['recon'] if model == 'factorvae' else []) + ['held_out']   # recon: factor models only
    assert not p.held_out.any()                                                         # no stock held out of training by default
    assert p.index.names == ['datetime', 'instrument']
    assert (p.sigma > 0).all() if model == 'factorvae' else p.sigma.isna().all()      # baselines have no risk output
    for f in ['best.pt', 'last.pt', 'training.png', 'test_rank_ic.png']: assert (run/f).stat().st_size > 0, f

def test_evaluate_notebook_reads_a_run(tmp_path):
    "nbs/evaluate.ipynb turns a training run into tables and figures."
    import papermill as pm
    _papermill(tmp_path, dataset='synthetic', market_stocks=40, market_days=300, model='factorvae', epochs=1, hidden=8,
               n_factors=4, n_portfolios=8, lookback=5, progress=False, out_dir=str(tmp_path/'run'))
    ev = tmp_path/'eval'
    execute_notebook(str(ROOT/'nbs'/'evaluate.ipynb'), str(tmp_path/'evaluate.ipynb'), cwd=str(ROOT/'nbs'),
                        kernel_name='python3', parameters=dict(runs=str(tmp_path/'run'), k=10, n_drop=2, out_dir=str(ev)))
    rep = json.loads((ev/'evaluation.json').read_text())['run']
    assert set(rep['fit']) == {'predictive_r2_label', 'total_r2_label'} and 0 < rep['risk']['cover_2sigma'] <= 1   # trained on ranks
    assert {'topk_drop@0bps', 'topk_drop@qlib', 'topk_drop@30bps', 'long_short@30bps', 'topk_risk@0bps', 'long_short_sigma@30bps'} <= set(rep['strategies'])
    assert rep['strategies']['topk_drop@30bps']['sharpe'] < rep['strategies']['topk_drop@0bps']['sharpe']
    for f in ['run-ic.png', 'run-deciles.png', 'run-calibration.png', 'run-equity.png', 'summary.md']: assert (ev/f).stat().st_size > 0, f

@pytest.mark.parametrize('param,bad,msg', [('model', 'factorvea', 'choose one of: factorvae'),
                                           ('dataset', 'nasdaq', "choose 'sp500', 'synthetic'")])
def test_train_notebook_rejects_unknown_names(tmp_path, param, bad, msg):
    import papermill as pm
    with pytest.raises(pm.PapermillExecutionError, match=msg): _papermill(tmp_path, **{param: bad, 'out_dir': str(tmp_path/'run')})

@pytest.mark.slow
@pytest.mark.parametrize('name,share', [('factorvae', .8), ('rvrae', .7)])
def test_models_reach_most_of_the_oracle_on_the_synthetic_market(name, share):
    "The issues' bars: test Rank IC at least 0.8 (FactorVAE) / 0.7 (RVRAE) x the oracle's; default market, model and TrainConfig, CPU."
    mk = load_market('synthetic')
    ds = prepare(mk.ohlcv, 'synthetic', lookback=20)
    net = build_model(name, len(ds.columns), seed=0)
    fit(net, ds, TrainConfig(progress=False))
    m = run_metrics(predict(net, ds, 'test'), mk)
    assert m['rank_ic'] >= share*m['oracle_rank_ic'], m

def test_main_job_shows_its_progress(tmp_path):
    """`papermill nbs/train.ipynb out.ipynb` as a person runs it: one line per epoch and the closing summary reach the terminal,
    the kept notebook holds those lines and no progress-bar refreshes, and stays small."""
    import os, subprocess, sys
    out = tmp_path/'run'
    cmd = [str(Path(sys.executable).parent/'papermill'), '--no-progress-bar', 'nbs/train.ipynb', str(tmp_path/'train.ipynb'),
           '-p', 'dataset', 'synthetic', '-p', 'market_stocks', '40', '-p', 'market_days', '300', '-p', 'epochs', '2', '-p', 'hidden', '8',
           '-p', 'n_factors', '4', '-p', 'n_portfolios', '8', '-p', 'lookback', '5', '-p', 'out_dir', str(out)]
    env = {k: v for k, v in os.environ.items() if k != 'PYTEST_CURRENT_TEST'}   # ipykernel does not copy fd 2 to the notebook under pytest
    env['MPLBACKEND'] = 'Agg'                                                    # as scripts/main.sh runs it: figures go to files
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    term = r.stdout + r.stderr
    assert 'epoch 1/2: train loss' in term and 'epoch 2/2: train loss' in term, term[-3000:]
    for want in ['Rank IC', '(t ', 'The oracle reaches', "Risk: σ's daily rank correlation", 'metrics.json', 'Next:']: assert want in term, want
    assert (out/'summary.txt').read_text().strip() in term
    nb = (tmp_path/'train.ipynb').read_text()
    assert 'epoch 2/2: train loss' in nb and '\\r' not in nb and 'it/s' not in nb
    assert len(nb) < 100_000, f'the kept notebook is {len(nb):,} bytes'

def test_unlabelled_rows_have_no_y(ds):
    "Where the label is unknown (the last two days, suspensions) `y` is NaN, not 0, so R² and the risk calibration skip those rows."
    from factorvae_nb.evaluation import r2
    net = _tiny('factorvae', ds)
    fit(net, ds, TrainConfig(epochs=1, progress=False))
    p = predict(net, ds, 'test', reconstruct=True)
    last = p.index.get_level_values(0).unique()[-2:]
    assert p.label.isna().sum() > 0 and p.loc[last, 'label'].isna().all()
    assert p.loc[p.label.isna(), 'y'].isna().all() and p.loc[p.label.notna(), 'y'].notna().all()
    ok = p.dropna(subset=['y'])
    assert r2(p) == pytest.approx(r2(ok))

def test_unknown_parameter_is_an_error(tmp_path):
    "`-p lookbak 5` fails before anything is loaded, naming the parameter and the one meant; papermill alone only warns."
    import papermill as pm
    with pytest.raises(pm.PapermillExecutionError, match="unknown parameter 'lookbak'.*did you mean 'lookback'"):
        _papermill(tmp_path, dataset='synthetic', lookbak=5, out_dir=str(tmp_path/'run'))
    assert not (tmp_path/'run').exists()

BASE = dict(dataset='synthetic', market_stocks=40, market_days=300, lookback=5, progress=False)
SMALL = BASE | dict(hidden=8, n_factors=4, n_portfolios=8)          # a small FactorVAE (the default model)

@pytest.mark.parametrize('param,bad,msg', [('epochs', 1.5, 'epochs must be a whole number, not 1.5'), ('patience', 0, 'patience must be at least 1, not 0'),
                                           ('hidden', 0, 'hidden must be at least 1, not 0'), ('n_factors', -2, 'n_factors must be at least 1, not -2'),
                                           ('lookback', 10000, r'lookback must be between 1 and 144 \(the training days'),
                                           ('test_start', '2011-02-24', 'the test segment 2011-02-24 – 2011-02-25 has 0 days with a label')])
def test_bad_values_fail_in_one_line_naming_the_parameter(tmp_path, param, bad, msg):
    import papermill as pm
    dates = dict(train_end='2010-08-31', valid_start='2010-09-01', valid_end='2010-12-31') if param == 'test_start' else {}
    with pytest.raises(pm.PapermillExecutionError, match=msg): _papermill(tmp_path, **SMALL | dates | {param: bad, 'out_dir': str(tmp_path/'run')})

def test_unwritable_out_dir_fails_before_loading(tmp_path):
    import papermill as pm
    (tmp_path/'file').write_text('')                                       # a path under a file cannot be created, even by root
    with pytest.raises(pm.PapermillExecutionError, match="out_dir '.*file/run' is not writable"):
        _papermill(tmp_path, dataset='synthetic', out_dir=str(tmp_path/'file'/'run'))
    nb = (tmp_path/'train.ipynb').read_text()
    assert 'DayDataset(' not in nb                                         # nothing was loaded or built

def test_job_resumes_from_its_last_checkpoint(tmp_path):
    "`-p resume True` continues a run from out_dir/last.pt: the second call trains only epoch 2; the data-quality report is in the run."
    out = tmp_path/'run'
    _papermill(tmp_path, **BASE, model='linear', epochs=1, out_dir=str(out))
    assert (out/'data_quality.csv').exists() and pd.read_csv(out/'data_quality.csv').columns.tolist() == ['check', 'severity', 'count', 'examples']
    first = torch.load(out/'last.pt', weights_only=False)['history']
    _papermill(tmp_path, **BASE, model='linear', epochs=2, resume=True, out_dir=str(out))
    both = torch.load(out/'last.pt', weights_only=False)['history']
    assert len(both) == 2 and both[0] == first[0]                         # epoch 1 kept as it was (its wall time too), not retrained
    assert json.loads((out/'metrics.json').read_text())['epochs_run'] == 2

def test_lightgbm_resumes_to_its_finished_model(ds, tmp_path):
    cfg = TrainConfig(epochs=1, progress=False)
    net = _tiny('lightgbm', ds); h = fit(net, ds, cfg, out_dir=tmp_path)
    again = _tiny('lightgbm', ds); h2 = fit(again, ds, cfg, out_dir=tmp_path, resume=tmp_path/'best.pt')
    pd.testing.assert_frame_equal(h, h2)
    pd.testing.assert_frame_equal(predict(net, ds, 'test'), predict(again, ds, 'test'))
    with pytest.raises(FileNotFoundError, match='no checkpoint to resume from'): fit(_tiny('lightgbm', ds), ds, cfg, resume=tmp_path/'gone.pt')

def test_predict_job_scores_the_test_segment_bit_for_bit_and_the_newest_day(tmp_path):
    "nbs/predict.ipynb rebuilds a run's inputs from its recipe: its own test segment gives the same numbers; the last day has scores, no label."
    import papermill as pm
    run = tmp_path/'run'
    _papermill(tmp_path, **SMALL, model='factorvae', epochs=1, out_dir=str(run))
    own = pd.read_parquet(run/'predictions.parquet')
    d = own.index.get_level_values(0)
    job = lambda out, **p: execute_notebook(str(ROOT/'nbs'/'predict.ipynb'), str(tmp_path/'predict.ipynb'), cwd=str(ROOT/'nbs'),
                                               kernel_name='python3', parameters=dict(run=str(run), out_dir=str(out)) | p)
    job(tmp_path/'test', start=str(d.min().date()), end=str(d.max().date()))
    again = pd.read_parquet(tmp_path/'test'/'predictions.parquet')
    pd.testing.assert_frame_equal(again, own[['mu', 'sigma', 'label', 'y']])                # bit for bit
    m = json.loads((tmp_path/'test'/'metrics.json').read_text())
    assert m['rank_ic'] == json.loads((run/'metrics.json').read_text())['rank_ic']
    job(tmp_path/'all')                                                                      # every day with enough history
    p = pd.read_parquet(tmp_path/'all'/'predictions.parquet')
    last = p.xs(p.index.get_level_values(0).max(), level=0)
    assert last.label.isna().all() and last.mu.notna().all() and len(last) > 30
    assert p.index.get_level_values(0).min() < d.min()

@pytest.fixture(scope='module')
def trained_run(tmp_path_factory):
    "One small FactorVAE run, for the evaluation job's tests."
    d = tmp_path_factory.mktemp('trained')
    _papermill(d, **SMALL, model='factorvae', epochs=1, out_dir=str(d/'run'))
    return d/'run'

def _evaluate(tmp_path, run, **params):
    return execute_notebook(str(ROOT/'nbs'/'evaluate.ipynb'), str(tmp_path/'evaluate.ipynb'), cwd=str(ROOT/'nbs'),
                               kernel_name='python3', parameters=dict(runs=str(run), k=10, n_drop=2, out_dir=str(tmp_path/'eval')) | params)

@pytest.mark.parametrize('param,bad,msg', [('costs', '0,-30', 'costs are 0 bps or more'), ('k', 100000, 'k=100000 is more than the'),
                                           ('sigma_gamma', -1., 'sigma_gamma must be ≥ 0'), ('forbid_all', 'False', "forbid_all must be True or False, not 'False'"),
                                           ('q', .7, r'q must be a number in \(0, 0.5\]'), ('n_drop', 20, 'n_drop must be at most k'),
                                           ('limits', 'cn', "limits is 'auto' or one of")])
def test_evaluation_job_refuses_parameters_that_would_publish_nonsense(tmp_path, trained_run, param, bad, msg):
    import papermill as pm
    with pytest.raises(pm.PapermillExecutionError, match=msg): _evaluate(tmp_path, trained_run, **{param: bad})
    assert not (tmp_path/'eval'/'evaluation.json').exists()

def test_evaluation_job_gives_no_book_to_a_prediction_that_ranks_nothing(tmp_path, trained_run):
    import shutil
    run = tmp_path/'flat'; shutil.copytree(trained_run, run)
    p = pd.read_parquet(run/'predictions.parquet'); p['mu'] = .01; p.to_parquet(run/'predictions.parquet')
    _evaluate(tmp_path, run)
    rep = json.loads((tmp_path/'eval'/'evaluation.json').read_text())['flat']
    assert rep['strategies'] == {} and 'ranks nothing: no strategy row' in (tmp_path/'evaluate.ipynb').read_text()

def test_a_run_keeps_what_its_books_need(trained_run):
    "Every run writes its validation predictions and the trading facts of its validation and test days (the books' rules, TDrisk's η)."
    f, v, p = (pd.read_parquet(trained_run/n) for n in ('trading.parquet', 'valid_predictions.parquet', 'predictions.parquet'))
    days = f.index.get_level_values(0)
    pd_ = p.index.get_level_values(0)
    assert days.min() == v.index.get_level_values(0).min() and set(pd_) - set(days) <= {pd_.max()}   # the data's last day has no trade day
    assert {'ret', 'traded', 'move', 'age', 'limit'} <= set(f.columns) and f.traded.mean() > .9

@pytest.mark.parametrize('param,bad,msg', [('resume', 'False', "resume must be True or False, not 'False'"), ('per_step', 'no', 'per_step must be True or False'),
                                           ('train_end', '2010-13-01', "train_end must be a date such as 2019-01-02, not '2010-13-01'"),
                                           ('device', 'gpu', "device is 'auto', 'cpu', 'cuda'"), ('n_factors', 8, "n_factors does not apply to model 'linear'"),
                                           ('model_params', '{"n_layers": 2}', "n_layers does not apply to model 'linear'"), ('model_params', 'l2=1', 'model_params is not JSON')])
def test_parameters_with_the_wrong_meaning_fail_before_loading(tmp_path, param, bad, msg):
    "A string 'False' is not False, a parameter the model lacks is not silently ignored, a bad date or device fails before any data is read."
    import papermill as pm
    with pytest.raises(pm.PapermillExecutionError, match=msg): _papermill(tmp_path, **BASE | {'model': 'linear', param: bad, 'out_dir': str(tmp_path/'run')})
    assert not (tmp_path/'run').exists()

def test_no_job_writes_over_a_training_run(tmp_path, trained_run):
    "The prediction and evaluation jobs refuse a training run's own directory as out_dir: its predictions.parquet and metrics.json stay as they were."
    import papermill as pm
    before = {f: (trained_run/f).read_bytes() for f in ('predictions.parquet', 'metrics.json')}
    with pytest.raises(pm.PapermillExecutionError, match="is a training run's directory"):
        execute_notebook(str(ROOT/'nbs'/'predict.ipynb'), str(tmp_path/'predict.ipynb'), cwd=str(ROOT/'nbs'),
                            kernel_name='python3', parameters=dict(run=str(trained_run), out_dir=str(trained_run)))
    with pytest.raises(pm.PapermillExecutionError, match="is a training run's directory"): _evaluate(tmp_path, trained_run, out_dir=str(trained_run))
    assert {f: (trained_run/f).read_bytes() for f in before} == before

def test_a_second_training_job_on_the_same_out_dir_is_refused(tmp_path):
    "While a training job holds out_dir, another on it stops before loading anything; the finished job leaves no lock behind."
    import papermill as pm, subprocess, sys
    out = tmp_path/'run'; out.mkdir()
    holder = subprocess.Popen([sys.executable, '-c', f"from factorvae_nb.runs import hold_run_lock; import time; hold_run_lock({str(out)!r}); print(1, flush=True); time.sleep(120)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        with pytest.raises(pm.PapermillExecutionError, match='is in use by another training job'):
            _papermill(tmp_path, **BASE, model='linear', epochs=1, out_dir=str(out))
        assert not (out/'metrics.json').exists()
    finally: holder.kill(); holder.wait()
    _papermill(tmp_path, **BASE, model='linear', epochs=1, out_dir=str(out))        # the holder is gone: its lock is taken over
    assert (out/'metrics.json').exists() and not (out/'.lock').exists()

@pytest.mark.parametrize('change,msg', [(dict(lookback=4), 'it was trained on something else: lookback was 5, now 4'),
                                        (dict(market_seed=1), 'it was trained on something else: market_seed was 0, now 1'),
                                        (dict(hidden=16), 'the model differs: hidden was 8, now 16')])
def test_resume_refuses_a_checkpoint_of_something_else(tmp_path, change, msg):
    "A run resumed with another market, lookback or model config stops in one line naming what differs (it used to resume, or die in load_state_dict)."
    import papermill as pm
    out = tmp_path/'run'
    _papermill(tmp_path, **SMALL, epochs=1, out_dir=str(out))
    with pytest.raises(pm.PapermillExecutionError, match=msg): _papermill(tmp_path, **SMALL | change, epochs=2, resume=True, out_dir=str(out))

def test_a_job_too_big_for_the_machine_is_refused_before_it_allocates(tmp_path):
    import papermill as pm
    with pytest.raises(pm.PapermillExecutionError, match=r'a synthetic market of market_stocks=100000 × market_days=1000 .* needs about \d+\.\d GiB'):
        _papermill(tmp_path, dataset='synthetic', market_stocks=100000, market_days=1000, model='linear', out_dir=str(tmp_path/'run'))
    assert not (tmp_path/'run'/'metrics.json').exists()

@pytest.mark.parametrize('name', ['best.pt', 'recipe.json', 'predictions.parquet'])
def test_a_truncated_run_file_is_named_in_one_line(tmp_path, trained_run, name):
    "A run file cut short (a full disk, a copy interrupted) stops the job that reads it with its name, not with torch's or pyarrow's error."
    import papermill as pm, shutil
    run = tmp_path/'cut'; shutil.copytree(trained_run, run)
    (run/name).write_bytes((run/name).read_bytes()[:40])
    job = 'evaluate' if name == 'predictions.parquet' else 'predict'
    with pytest.raises(pm.PapermillExecutionError, match=rf"{name}: unreadable \(40 bytes"):
        if job == 'evaluate': _evaluate(tmp_path, run)
        else: execute_notebook(str(ROOT/'nbs'/'predict.ipynb'), str(tmp_path/'predict.ipynb'), cwd=str(ROOT/'nbs'),
                                  kernel_name='python3', parameters=dict(run=str(run)))

def test_evaluation_sets_the_books_against_a_benchmark_series(tmp_path, trained_run):
    "-p benchmark names an instrument of the run's data (Qlib's cn_data: SH000300) or a file of date, close; a name the data lacks fails in one line."
    import papermill as pm
    from factorvae_nb.synthetic import synthetic_market
    close = synthetic_market(n_stocks=40, n_days=300, seed=0).ohlcv.query("instrument == 'S0001'").set_index('date').close
    rep = lambda d: json.loads((d/'evaluation.json').read_text())['run']['strategies']['benchmark@0bps']['sharpe']
    for d in 'abc': (tmp_path/d).mkdir()
    _evaluate(tmp_path/'a', trained_run, benchmark='S0001', out_dir=str(tmp_path/'a'/'eval'))
    close.rename_axis('date').reset_index().to_csv(tmp_path/'index.csv', index=False)
    _evaluate(tmp_path/'b', trained_run, benchmark=str(tmp_path/'index.csv'), out_dir=str(tmp_path/'b'/'eval'))
    _evaluate(tmp_path/'c', trained_run, out_dir=str(tmp_path/'c'/'eval'))
    assert abs(rep(tmp_path/'a'/'eval') - rep(tmp_path/'b'/'eval')) < 1e-9 and abs(rep(tmp_path/'a'/'eval') - rep(tmp_path/'c'/'eval')) > 1e-6
    with pytest.raises(pm.PapermillExecutionError, match="benchmark 'SH000300': no such instrument"): _evaluate(tmp_path, trained_run, benchmark='SH000300')

def test_train_notebook_runs_on_months(tmp_path):
    """`-p frequency monthly` on daily bars with only close and volume: characteristics at each month end, RVRAE trained on months
    (its predicted return one step after the window), predictions dated at month ends, no daily trading facts; a held-out run too."""
    g = np.random.default_rng(0)
    days = pd.bdate_range('2008-01-01', '2013-12-31')
    bars = pd.concat([pd.DataFrame(dict(date=days, instrument=f's{i:02d}', close=np.exp(np.cumsum(g.normal(0, .02, len(days)))),
                                        volume=g.integers(1, 9, len(days))*1e3)) for i in range(40)], ignore_index=True)
    f = tmp_path/'bars.parquet'; bars.to_parquet(f)
    seg = dict(train_start='2009-01-01', train_end='2011-12-31', valid_start='2012-01-01', valid_end='2012-12-31', test_start='2013-01-01')
    _papermill(tmp_path, dataset=str(f), frequency='monthly', model='rvrae', lookback=6, epochs=2, hidden=8, n_factors=3, n_portfolios=4,
               progress=False, out_dir=str(tmp_path/'run'), **seg)
    run = tmp_path/'run'
    m = json.loads((run/'metrics.json').read_text())
    assert m['model_config']['horizon'] == 1 and m['config']['frequency'] == 'monthly' and np.isfinite(m['rank_ic'])
    p = pd.read_parquet(run/'predictions.parquet')
    d = p.index.get_level_values(0).unique()
    assert len(d) == 12 and (d == d + pd.offsets.MonthEnd(0)).all() and m['n_days'] == 11   # 2013's month ends; December's return is unknown
    assert not (run/'trading.parquet').exists() and (run/'valid_predictions.parquet').exists()
    _papermill(tmp_path, dataset=str(f), frequency='monthly', model='linear', lookback=3, epochs=1, holdout=10, progress=False,
               out_dir=str(tmp_path/'held'), **seg)
    h = json.loads((tmp_path/'held'/'metrics.json').read_text())
    assert len(h['held_out']) == 10 and h['n_days'] == 11
    import papermill as pm
    with pytest.raises(pm.PapermillExecutionError, match="frequency must be 'daily' or 'monthly', not 'weekly'"):
        _papermill(tmp_path, dataset=str(f), frequency='weekly', out_dir=str(tmp_path/'w'))

def test_runs_on_the_same_data_share_one_prepared_dataset(tmp_path):
    "With a cache, the second run on the same data loads the dataset the first prepared and predicts the same; no cache, the same again."
    kw = BASE | dict(model='linear', epochs=2, cache=str(tmp_path/'cache'))
    for name, params in [('a', kw), ('b', kw | dict(seed=1)), ('c', BASE | dict(model='linear', epochs=2, seed=1))]:
        (tmp_path/name).mkdir(); _papermill(tmp_path/name, **params, out_dir=str(tmp_path/name/'run'))
    test_cache = list((tmp_path/'cache').glob('*.pt'))
    assert len(test_cache) == 1                                             # another seed, the same data: one dataset
    hit = {n: json.loads((tmp_path/n/'run'/'metrics.json').read_text())['data_from_cache'] for n in 'abc'}
    assert hit == {'a': False, 'b': True, 'c': False}                      # prepared, loaded, prepared (no cache)
    pb, pc = (pd.read_parquet(tmp_path/n/'run'/'predictions.parquet') for n in 'bc')
    pd.testing.assert_frame_equal(pb, pc)                                   # from the cache or prepared: the same run
    (tmp_path/'d').mkdir(); _papermill(tmp_path/'d', **kw | dict(lookback=4), out_dir=str(tmp_path/'d'/'run'))
    assert len(list((tmp_path/'cache').glob('*.pt'))) == 2                 # other data: prepared and cached apart
