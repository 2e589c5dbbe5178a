"""The experiment runner end to end on a tiny synthetic market: Ray tasks on this machine, papermill runs of nbs/train.ipynb,
resuming, a failed run reported and retried, robustness runs scored on the held-out stocks only, and the mean (std) tables."""
import json, numpy as np, pandas as pd, pytest
from factorvae_nb.experiments import (grid, run_grid, reevaluate, collect, summary_table, record_rows, record_daily, daily_rank_ic, ensemble_rows,
                                     universe_row, walk_segments, walk_grid, walk_forward_rows, plan, execute_notebook)

TINY = dict(dataset='synthetic', market_stocks=40, market_days=300, lookback=5, epochs=1, hidden=8, n_factors=4, n_portfolios=8)

@pytest.fixture(scope='module')
def root(tmp_path_factory): return tmp_path_factory.mktemp('experiments')

def test_grid_runs_resumes_and_tabulates(root):
    runs = grid({'synthetic': TINY}, ['linear', 'factorvae'], seeds=range(2)) + grid({'synthetic': TINY}, ['linear'], seeds=[0], holdouts=[10])
    bad = grid({'broken': TINY | dict(dataset='no-such-market')}, ['linear'], seeds=[0])
    typo = grid({'typo': TINY | dict(lookbak=3)}, ['linear'], seeds=[0])                # a misspelt parameter is an error, not a default
    flat = grid({'flat': TINY | dict(market_stocks=30)}, ['lightgbm'], seeds=[0])      # LightGBM finds no split: every score the same
    status = run_grid(runs + bad + typo + flat, root, num_cpus=2).set_index('run')
    assert status.status.to_dict() == {r.name: 'done' for r in runs} | {bad[0].name: 'failed', typo[0].name: 'failed', flat[0].name: 'degenerate'}
    assert 'unknown dataset' in status.loc[bad[0].name, 'error']
    assert "unknown parameter 'lookbak'" in status.loc[typo[0].name, 'error']
    assert 'gives every stock the same score' in status.loc[flat[0].name, 'error']
    assert not (root/flat[0].name/'evaluation.json').exists()                           # not finished: never in the tables
    for r in runs: assert {'train.ipynb', 'metrics.json', 'predictions.parquet', 'evaluation.json', 'best.pt'} <= {p.name for p in (root/r.name).iterdir()}
    again = run_grid(runs + bad, root, num_cpus=2)                       # finished runs are skipped, the failed one is tried again
    assert again.set_index('run').status.to_dict() == {r.name: 'skipped' for r in runs} | {bad[0].name: 'failed'}

    assert reevaluate(root) == len(runs)                                    # evaluation only, same numbers
    # the results CSV carries a grid across sessions: a run with a finished row there is not trained again, even with its directory gone
    csv = root.parent/'results'/'runs.csv'
    record_rows(collect(root), csv)
    fresh = run_grid(runs[:1] + bad, root.parent/'elsewhere', num_cpus=1, results=csv, executor='local').set_index('run').status   # no Ray
    assert fresh.to_dict() == {runs[0].name: 'skipped', bad[0].name: 'failed'} and not (root.parent/'elsewhere'/runs[0].name).exists()
    t = pd.read_csv(csv).set_index('run')                                   # the failed run's row landed as it ended, the rest kept
    daily = record_daily([daily_rank_ic(root/r.name) for r in runs], root.parent/'results'/'daily_rank_ic.csv')   # for paired tests
    assert list(daily.columns) == [r.name for r in runs]
    for r in runs: assert abs(daily[r.name].mean() - t.loc[r.name, 'rank_ic']) < 1e-6        # the same series as the run's Rank IC
    ens = ensemble_rows(collect(root), root).set_index('model')              # seed ensembles: one row per model with 2 seeds
    assert set(ens.index) == {'linear', 'factorvae'} and (ens.seeds == 2).all() and ens.rank_ic.between(-1, 1).all()
    assert ens.sharpe_topk_drop_qlib.notna().all()
    # the same predictions scored on a narrower universe, point in time: half the stocks, members until the middle of the test
    from factorvae_nb.core import signal_metrics
    r0 = root/runs[0].name; p = pd.read_parquet(r0/'predictions.parquet')
    days, names = p.index.get_level_values('datetime'), sorted(set(p.index.get_level_values('instrument')))[:20]
    spans = pd.DataFrame(dict(instrument=names, start=days.min(), end=days.unique()[len(days.unique())//2]))
    sub = p[p.index.get_level_values('instrument').isin(names) & (days <= spans.end[0])]
    u = universe_row(r0, spans, 'synthetic_half')
    assert u['run'] == 'synthetic_half/linear/seed0' and u['data'] == 'synthetic_half' and u['n_days'] == sub.index.get_level_values(0).nunique()
    assert abs(u['rank_ic'] - signal_metrics(sub.mu, sub.label)['rank_ic']) < 1e-12 and abs(u['rank_ic'] - t.loc[runs[0].name, 'rank_ic']) > 1e-6
    d = daily_rank_ic(r0, spans, 'synthetic_half')
    assert d.name == u['run'] and abs(d.mean() - u['rank_ic']) < 1e-9
    with pytest.raises(ValueError, match='no prediction falls inside'): universe_row(r0, spans.assign(instrument='nobody'), 'x')
    assert t.loc[bad[0].name, 'status'] == 'failed' and len(t) == len(collect(root)) and t.loc[runs[0].name, 'status'] == 'done'
    rows = collect(root)
    off = rows[rows.status != 'done'].set_index('data')                     # listed with their status, never in a mean
    assert off.status.to_dict() == {'broken': 'failed', 'typo': 'failed', 'flat': 'degenerate'} and off.rank_ic.isna().all()
    assert summary_table(rows, ['rank_ic']).loc[('flat', 'lightgbm')].tolist() == ['', 0, '1 degenerate']
    rows = rows[rows.status == 'done']
    assert len(rows) == len(runs) and set(rows.data) == {'synthetic'}
    assert rows.loc[rows.holdout == 0, 'sharpe_benchmark'].nunique() == 1     # one universe, one benchmark
    fv = rows[(rows.model == 'factorvae')]
    assert fv.total_r2_label.notna().all() and rows[rows.model == 'linear'].total_r2_label.isna().all()   # only factor models reconstruct
    assert rows.loc[rows.holdout == 0, 'sharpe_topk_drop_30bps'].notna().all()
    assert (rows.oracle_rank_ic > 0).all()
    t = summary_table(rows[rows.holdout == 0], ['rank_ic', 'total_r2'])
    assert t.n.to_dict() == {('synthetic', 'linear'): 2, ('synthetic', 'factorvae'): 2}
    m = rows.loc[rows.model == 'factorvae', 'rank_ic']
    assert t.loc[('synthetic', 'factorvae'), 'rank_ic'] == f"{m.mean():.4f} ({m.std():.4f})"

def test_robustness_run_scores_held_out_stocks_only(root):
    out = root/'synthetic'/'linear'/'seed0-holdout10'
    m, pred = json.loads((out/'metrics.json').read_text()), pd.read_parquet(out/'predictions.parquet')
    held = set(m['held_out'])
    assert len(held) == 10 and set(pred.index.get_level_values('instrument')[pred.held_out]) == held
    from factorvae_nb.core import signal_metrics
    mine = signal_metrics(pred.mu[pred.held_out], pred.label[pred.held_out])
    assert abs(mine['rank_ic'] - m['rank_ic']) < 1e-12
    assert abs(signal_metrics(pred.mu, pred.label)['rank_ic'] - m['rank_ic']) > 1e-6   # not the score over all stocks
    assert json.loads((out/'evaluation.json').read_text()) == {}

HEAD = """import ray, sys
ctx = ray.init(num_cpus=1, include_dashboard=False)
print(ctx.address_info['address'], flush=True)
sys.stdin.read()
ray.shutdown()
"""

def test_runs_on_an_existing_ray_cluster(tmp_path, monkeypatch):
    "With an address, `run_grid` joins that cluster — here one started by another process, as a head node is — and leaves it running."
    import subprocess, sys
    monkeypatch.setenv('RAY_AUTH_MODE', 'disabled')                     # a throwaway head on this machine: no token to share
    head = subprocess.Popen([sys.executable, '-c', HEAD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        address = head.stdout.readline().strip()
        assert address, 'the Ray head did not start'
        status = run_grid(grid({'synthetic': TINY}, ['linear'], seeds=[7]), tmp_path, address=address)
        assert status.status.tolist() == ['done'] and (tmp_path/'synthetic'/'linear'/'seed7'/'evaluation.json').exists()
        import ray
        assert not ray.is_initialized() and head.poll() is None           # the driver left; the cluster is still up
    finally:
        head.communicate('', timeout=120)                                  # closing its stdin shuts the head down

def test_walk_forward_joins_the_folds_out_of_sample(tmp_path):
    "Two yearly-style folds on the tiny market: each fold's run tests only after its training; the walk row scores their joined predictions."
    folds = walk_segments('2010-11-01', '2011-02-25', train_start='2010-01-04', step=2, valid=2)
    runs = walk_grid({'synthetic': TINY}, ['linear'], [0], folds)
    status = run_grid(runs, tmp_path, num_cpus=2, executor='local')
    assert (status.status == 'done').all(), status
    rows = collect(tmp_path)
    walk, daily = walk_forward_rows(rows, tmp_path, 'synthetic', len(folds))
    assert walk.run.tolist() == ['synthetic-walk/linear/seed0'] and walk.folds.tolist() == [2]
    from factorvae_nb.core import signal_metrics
    parts = [pd.read_parquet(tmp_path/r/'predictions.parquet') for r in sorted(rows.run)]
    for (f, p) in zip(folds, parts):                                         # each fold predicts its own test months only
        d = p.index.get_level_values(0)
        assert d.min() >= pd.Timestamp(f['test_start']) and d.max() <= pd.Timestamp(f['test_end'])
    joined = pd.concat(parts)
    assert walk.n_days.iloc[0] == joined[joined.label.notna()].index.get_level_values(0).nunique() == sum(rows.n_days)   # labelled days
    assert abs(walk.rank_ic.iloc[0] - signal_metrics(joined.mu, joined.label)['rank_ic']) < 1e-12
    assert daily[0].name == 'synthetic-walk/linear/seed0' and abs(daily[0].mean() - walk.rank_ic.iloc[0]) < 1e-9
    assert abs(walk.rank_ic_t.iloc[0] - daily[0].mean()/daily[0].std()*len(daily[0])**.5) < 1e-9
    # an incomplete walk (a fold missing) gives no row
    assert walk_forward_rows(rows[rows.data != rows.data.iloc[0]], tmp_path, 'synthetic', len(folds))[0].empty
    # folds recorded in the results table but with no predictions under root (an earlier session's runs): no row, no error
    (tmp_path/rows.run.iloc[0]/'predictions.parquet').rename(tmp_path/'moved.parquet')
    assert walk_forward_rows(rows, tmp_path, 'synthetic', len(folds))[0].empty

def test_a_stopped_grid_stops_its_workers(tmp_path):
    "SIGTERM to a grid (executor 'local') while a run trains: its worker and the run's kernel end with it, nothing trains on unseen."
    import nbformat, psutil, signal, subprocess, sys, time
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('import time\nfor _ in range(600): time.sleep(.1)')],
                                  metadata={'kernelspec': {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}})
    nbformat.write(nb, tmp_path/'slow.ipynb')
    code = (f"from factorvae_nb.experiments import Run, run_grid; run_grid([Run('x', 'linear')], {str(tmp_path/'root')!r}, "
            f"notebook={str(tmp_path/'slow.ipynb')!r}, executor='local', num_cpus=1)")
    grid_, below = subprocess.Popen([sys.executable, '-c', code]), []
    try:
        me, t0 = psutil.Process(grid_.pid), time.time()
        while not any('ipykernel' in ' '.join(p.cmdline()) for p in me.children(recursive=True) if p.is_running()):
            assert time.time() - t0 < 120 and grid_.poll() is None, 'the run never started'
            time.sleep(.5)
        below = me.children(recursive=True)
        grid_.send_signal(signal.SIGTERM); grid_.wait(30)
        gone, alive = psutil.wait_procs(below, timeout=30)
        assert not alive, f"still running after the grid stopped: {[' '.join(p.cmdline())[:80] for p in alive]}"
    finally:
        for p in [grid_] + below:
            try: p.kill()
            except (psutil.NoSuchProcess, ProcessLookupError): pass

@pytest.mark.parametrize('params,msg', [(dict(datasets='csi30'), "unknown dataset 'csi30' in datasets"),
                                        (dict(models='', slow_models=''), 'grid has no run'), (dict(seeds=-1), 'seeds must be a whole number ≥ 0'),
                                        (dict(experiment='robustness', robust_market='sp500'), "robust_market is 'csi300' or 'ashare', not 'sp500'"),
                                        (dict(experiment='fair', search='nowhere'), 'no search rows; run -p experiment search first'),
                                        (dict(experiment='robustness', robust_market='ashare', search='nowhere'), 'no search rows; run -p experiment search first'),
                                        (dict(experiment='monthly', monthly_labels='rank'), "monthly_labels takes 'none' and/or 'csrank', not 'rank'"),
                                        (dict(experiment='ksweep', k_values='8,x'), "k_values takes whole numbers ≥ 1"),
                                        (dict(dry_run='False'), "dry_run must be True or False, not 'False'"),
                                        (dict(max_runs=0), 'max_runs must be a whole number ≥ 1')])
def test_grid_notebook_refuses_a_grid_it_cannot_mean(tmp_path, params, msg):
    import papermill as pm
    from pathlib import Path
    nb = Path(__file__).resolve().parents[1]/'nbs'/'experiments'/'run.ipynb'
    with pytest.raises(pm.PapermillExecutionError, match=msg):
        execute_notebook(nb, tmp_path/'run.ipynb', cwd=str(nb.parent), kernel_name='python3',
                            parameters=dict(root=str(tmp_path/'root'), results=str(tmp_path/'results'), executor='local') | params)
    assert not (tmp_path/'root').exists()

def test_a_dry_run_shows_the_plan_and_writes_nothing(tmp_path, capfd, monkeypatch):
    "-p dry_run True lists what the grid would do (a recorded run finished, the rest to do, paced by the recorded run) and neither trains nor writes; "
    "`execute_notebook` shuts its idle kernel down without interrupting it (no 'ERROR | KeyboardInterrupt caught in kernel' after every run of a grid)."
    import papermill as pm
    from pathlib import Path
    from jupyter_client.manager import AsyncKernelManager
    interrupts, interrupt = [], AsyncKernelManager._async_interrupt_kernel
    async def spy(self): interrupts.append(self.shutting_down); await interrupt(self)
    monkeypatch.setattr(AsyncKernelManager, '_async_interrupt_kernel', spy)
    nb = Path(__file__).resolve().parents[1]/'nbs'/'experiments'/'run.ipynb'
    done = grid({'synthetic': dict(dataset='synthetic')}, ['linear'], seeds=[0], epochs=10)[0]
    csv = tmp_path/'results'/'runs.csv'
    record_rows(pd.DataFrame([done.record(status='done', epochs=10, epochs_run=8, best_epoch=3, stopped_by='patience', wall_time_s=720., book_rules='x')]), csv)
    before = csv.read_bytes()
    params = dict(root=str(tmp_path/'root'), results=str(tmp_path/'results'), executor='local', datasets='synthetic', models='linear',
                  slow_models='', seeds=3, epochs=10, dry_run=True)
    out = execute_notebook(nb, tmp_path/'run.ipynb', cwd=str(nb.parent), kernel_name='python3', parameters=params)
    text = json.dumps(out)
    assert '3 runs: 1 finished, 2 to do; ~0.4 one-core hours left at the pace of finished runs' in text, text[-3000:]
    assert csv.read_bytes() == before and not (tmp_path/'root').exists()                 # no row, no run directory
    assert interrupts == []                        # jupyter_client's shutdown would send SIGINT first (the stderr line below is a race)
    assert 'KeyboardInterrupt' not in capfd.readouterr().err

def test_rows_are_keyed_to_their_data(tmp_path):
    "A grid label already in the results file with rows of other data is refused in one line (no mix, no KeyError); a grid with nothing new records nothing."
    from factorvae_nb.experiments import data_id
    runs = grid({'synthetic': TINY}, ['linear'], seeds=[0])
    other = grid({'synthetic': TINY | dict(market_seed=5)}, ['linear'], seeds=[0])
    assert runs[0].data_id == data_id(dict(runs[0].params)) != other[0].data_id
    csv = tmp_path/'runs.csv'
    record_rows(pd.DataFrame([other[0].record(status='done', data_id=other[0].data_id)]), csv)
    with pytest.raises(ValueError, match="holds rows of 'synthetic' made on other data"): run_grid(runs, tmp_path/'root', results=csv, executor='local')
    before = pd.read_csv(csv)
    assert record_rows(pd.DataFrame(), csv).equals(before)

def test_monthly_grid_makes_rows_with_monthly_books(tmp_path):
    "experiment='monthly' on a toy market's daily close and volume: a row per run with R², Rank IC and monthly long-short Sharpe ratios, its books said to be the papers' monthly ones (so a grid does not rerun it), and a held-out run."
    from pathlib import Path
    import papermill as pm
    from factorvae_nb.experiments import MONTHLY_BOOKS, current_books
    g = np.random.default_rng(1)
    days = pd.bdate_range('2004-01-01', '2017-11-30')
    bars = pd.concat([pd.DataFrame(dict(date=days, instrument=f's{i:02d}', close=np.exp(np.cumsum(g.normal(0, .02, len(days)))),
                                        volume=g.integers(1, 9, len(days))*1e3)) for i in range(60)], ignore_index=True)
    (tmp_path/'us_stooq').mkdir(); bars.to_parquet(tmp_path/'us_stooq'/'bars.parquet')     # named as the set: its default segments
    nb = Path(__file__).resolve().parents[1]/'nbs'/'experiments'/'run.ipynb'
    params = dict(root=str(tmp_path/'root'), results=str(tmp_path/'results'), executor='local', num_cpus=2, experiment='monthly', us=str(tmp_path/'us_stooq'),
                  monthly_datasets='us_monthly', models='linear,ca', seeds=1, monthly_epochs=1, slow_models='', monthly_holdouts='10')
    execute_notebook(nb, tmp_path/'run.ipynb', cwd=str(nb.parent), kernel_name='python3', parameters=params)
    rows = pd.read_csv(tmp_path/'results'/'runs.csv')
    assert sorted(rows.run) == ['us_monthly_fair/ca/seed0', 'us_monthly_fair/ca/seed0-holdout10', 'us_monthly_fair/linear/seed0', 'us_monthly_fair/linear/seed0-holdout10'], rows.run
    main = rows[rows.holdout == 0].set_index('model')
    assert (main.status == 'done').all() and (main.book_rules == MONTHLY_BOOKS).all() and (main.label_norm == 'none').all()
    assert main[['rank_ic', 'predictive_r2', 'sharpe_long_short_0bps', 'sharpe_long_short_30bps']].notna().all().all()
    assert np.isfinite(main.loc['ca', 'total_r2']) and (main.n_days == 34).all()           # 2015-01 … 2017-10: the test months
    assert current_books(rows).all()

def test_a_raised_cap_trains_again_only_the_runs_it_cut_short(tmp_path):
    "A recorded run that ended at a smaller epoch cap is trained again when its grid's cap is raised; one ended by patience stands."
    runs = grid({'synthetic': TINY | dict(epochs=2)}, ['linear'], seeds=[0, 1])
    csv = tmp_path/'runs.csv'
    old = [r.record(status='done', epochs=1, epochs_run=1, best_epoch=1, stopped_by='cap', book_rules='x') for r in runs[:1]] \
        + [r.record(status='done', epochs=1, epochs_run=1, best_epoch=1, stopped_by='patience', book_rules='x') for r in runs[1:]]
    record_rows(pd.DataFrame(old), csv)
    assert plan(runs, tmp_path/'root', csv).state.tolist() == ['again', 'finished']       # what the grid is about to do
    status = run_grid(runs, tmp_path/'root', results=csv, executor='local', num_cpus=1).set_index('run').status
    assert status.to_dict() == {runs[0].name: 'done', runs[1].name: 'skipped'}
    t = pd.read_csv(csv).set_index('run')
    assert t.loc[runs[0].name, 'epochs'] == 2 and t.loc[runs[1].name, 'epochs'] == 1    # the new row replaced the cut-short one
    again = run_grid(runs, tmp_path/'root', results=csv, executor='local', num_cpus=1).set_index('run').status
    assert (again == 'skipped').all()                                                     # ended under today's cap: it stands

def test_a_grid_trains_at_most_max_runs_and_leaves_the_rest(tmp_path):
    "max_runs=1: the first unfinished run trains, the next waits ('later': no row, no directory) and trains at the next invocation."
    runs = grid({'synthetic': TINY}, ['linear'], seeds=[0, 1])
    csv = tmp_path/'runs.csv'
    first = run_grid(runs, tmp_path/'root', results=csv, executor='local', num_cpus=1, max_runs=1).set_index('run').status
    assert first.to_dict() == {runs[0].name: 'done', runs[1].name: 'later'}
    assert pd.read_csv(csv).run.tolist() == [runs[0].name] and not (tmp_path/'root'/runs[1].name).exists()
    second = run_grid(runs, tmp_path/'root', results=csv, executor='local', num_cpus=1, max_runs=1).set_index('run').status
    assert second.to_dict() == {runs[0].name: 'skipped', runs[1].name: 'done'}
    with pytest.raises(ValueError, match='max_runs must be a whole number'): run_grid(runs, tmp_path/'root', executor='local', max_runs=0)

def test_a_stopped_run_goes_on_from_its_last_epoch(tmp_path):
    ("A run killed mid-training (its last.pt kept, no evaluation.json) continues from its last epoch when the grid runs again and ends as"
     " the uninterrupted run does; a last.pt of other parameters is set aside and the run starts again.")
    spec = TINY | dict(epochs=3, patience=10)
    runs = grid({'synthetic': spec}, ['factorvae'], seeds=[0])
    assert run_grid(runs, tmp_path/'whole', executor='local', num_cpus=1).status.tolist() == ['done']
    stopped = grid({'synthetic': spec | dict(epochs=1)}, ['factorvae'], seeds=[0])     # the same run, killed after its first epoch:
    run_grid(stopped, tmp_path/'cut', executor='local', num_cpus=1)
    out = tmp_path/'cut'/runs[0].name
    for f in ('evaluation.json', 'metrics.json', 'predictions.parquet'): (out/f).unlink()   # only its checkpoints are left
    p = plan(runs, tmp_path/'cut').iloc[0]
    assert p.state == 'resumes' and p.epoch == 1 and p.hours >= 0                       # the plan reads how far it got
    assert run_grid(runs, tmp_path/'cut', executor='local', num_cpus=1).status.tolist() == ['done']
    m, whole = (json.loads((d/runs[0].name/'metrics.json').read_text()) for d in (tmp_path/'cut', tmp_path/'whole'))
    assert m['resumed_after'] == 1 and whole['resumed_after'] == 0 and m['epochs_run'] == 3
    assert 'resume = True' in (out/'train.ipynb').read_text()                           # the grid asked it to resume
    a, b = (pd.read_parquet(d/runs[0].name/'predictions.parquet') for d in (tmp_path/'cut', tmp_path/'whole'))
    pd.testing.assert_frame_equal(a, b)                                                    # as if it had never stopped
    for f in ('evaluation.json', 'metrics.json'): (out/f).unlink()                         # stopped again, now with other parameters:
    other = grid({'synthetic': spec | dict(hidden=12)}, ['factorvae'], seeds=[0])
    assert run_grid(other, tmp_path/'cut', executor='local', num_cpus=1).status.tolist() == ['done']
    assert (out/'last.stale.pt').exists() and json.loads((out/'metrics.json').read_text())['resumed_after'] == 0

def test_the_grid_queue_passes_only_parameters_the_grid_takes():
    "scripts/grids.sh (the lanes of grids still to run) names only parameters of nbs/experiments/run.ipynb, and refuses a lane it does not have."
    import ast, re, subprocess
    from pathlib import Path
    repo = Path(__file__).resolve().parents[1]
    nb = json.loads((repo/'nbs'/'experiments'/'run.ipynb').read_text())
    cell = next(c for c in nb['cells'] if 'parameters' in c['metadata'].get('tags', []))
    known = {t.id for n in ast.parse(''.join(cell['source'])).body if isinstance(n, ast.Assign) for t in n.targets}
    script = (repo/'scripts'/'grids.sh').read_text()
    given = set(re.findall(r"-p (\w+)(?=\s)", script))   # not mkdir -p runs/…
    assert {'experiment', 'models', 'seeds', 'dry_run'} <= given and given <= known, given - known
    r = subprocess.run(['bash', str(repo/'scripts'/'grids.sh'), '3'], capture_output=True, text=True)
    assert r.returncode == 2 and 'usage: bash scripts/grids.sh 1|2|solo|plan' in r.stderr
