"""The card's own commands work as written: `nbdev_test` is the same command as `nbdev-test`, and `jupyter lab` (installed by
scripts/setup.sh) starts on localhost and serves the notebooks."""
import json, os, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

def test_nbdev_test_alias():
    "`nbdev_test` (nbdev 2's spelling) is installed and is nbdev 3's `nbdev-test`."
    exe = BIN/'nbdev_test'
    assert exe.exists(), 'nbdev_test is not installed: scripts/setup.sh installs the project with its entry points'
    out = subprocess.run([str(exe), '--help'], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and 'Test in parallel notebooks matching' in out.stdout

def _free_port() -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def test_jupyter_lab_serves_a_notebook(tmp_path):
    "JupyterLab starts on localhost, its contents API returns a notebook of nbs/ (HTTP 200), and it stops."
    exe = BIN/'jupyter'
    assert exe.exists() and (BIN/'jupyter-lab').exists(), 'JupyterLab is not installed: scripts/setup.sh installs it'
    port, token = _free_port(), 'factorvae-nb-test'
    env = os.environ | {'JUPYTER_CONFIG_DIR': str(tmp_path/'config'), 'JUPYTER_RUNTIME_DIR': str(tmp_path/'runtime'),
                        'JUPYTER_DATA_DIR': str(tmp_path/'data')}
    p = subprocess.Popen([str(exe), 'lab', '--no-browser', '--ip=127.0.0.1', f'--port={port}', f'--IdentityProvider.token={token}',
                          f'--ServerApp.root_dir={ROOT}', '--ServerApp.open_browser=False', '--allow-root'], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f'http://127.0.0.1:{port}/api/contents/nbs/06_factorvae.ipynb?token={token}'
        deadline, last = time.time() + 90, None
        while time.time() < deadline:
            if p.poll() is not None: pytest.fail(f'jupyter lab exited with {p.returncode}: {p.stdout.read().decode()[-2000:]}')
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    status, body = r.status, json.loads(r.read())
                break
            except OSError as e: last = e; time.sleep(1)
        else: pytest.fail(f'jupyter lab did not answer on port {port} within 90 s: {last}')
        assert status == 200 and body['type'] == 'notebook' and body['content']['cells'], body.get('message')
        with urllib.request.urlopen(f'http://127.0.0.1:{port}/lab?token={token}', timeout=10) as r: assert r.status == 200
    finally:
        p.terminate()
        try: p.wait(20)
        except subprocess.TimeoutExpired: p.kill(); p.wait()
