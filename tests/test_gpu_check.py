"The device check (`scripts/gpu_check.sh`) runs here on CPU, the same code path under CPU autocast, with shrunken sets: every model's step, prediction and reconstruction pass, and the epoch timings land in the JSON."
import json, os, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_gpu_check_runs_on_cpu(tmp_path):
    out = tmp_path/'check.json'
    env = {**os.environ, 'PYTHON': sys.executable, 'OMP_NUM_THREADS': '1'}
    env.pop('OUT', None)
    r = subprocess.run(['bash', 'scripts/gpu_check.sh', '--quick', '--device', 'cpu', '--out', str(out)], cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    res = json.loads(out.read_text())
    assert res['device'] == 'cpu' and res['autocast'] == 'bf16' and res['all_ok']
    from factorvae_nb.runs import MODELS
    assert set(res['models']) == set(MODELS)
    assert all(m['status'] == 'ok' for n, m in res['models'].items() if n != 'lightgbm'), res['models']
    assert all(m['reconstruct'] for n in ('factorvae', 'rvrae', 'ca', 'ipca') for m in [res['models'][n]])
    assert all(m['mu_unique_share'] > .5 for n, m in res['models'].items() if m['status'] == 'ok' and n != 'lightgbm'), res['models']   # fp32 μ: ranks untied (trees give few values)
    assert res['epoch_s']['csi300'] > 0 and res['epoch_s']['ashare_all'] > 0
