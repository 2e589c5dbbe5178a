"""The documentation site (built by scripts/docs.sh into _site/): every notebook is listed and rendered, no page is missing, and each
page renders in headless Chromium — a non-empty screenshot, its title as a heading, figures on the results page."""
import html, json, re, shutil, subprocess, yaml, pytest
import numpy as np
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from matplotlib.image import imread

ROOT = Path(__file__).resolve().parents[1]
SITE, SHOTS = ROOT/'_site', ROOT/'_screenshots'
CONFIG = yaml.safe_load((ROOT/'_quarto.yml').read_text())
PAGES = [Path(p) for p in CONFIG['project']['render']]
CHROMIUM = next((shutil.which(c) for c in ('chromium', 'chromium-browser', 'google-chrome') if shutil.which(c)), None)
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run', '--hide-scrollbars', '--disable-dev-shm-usage']

def _html(p:Path) -> Path: return SITE/p.with_suffix('.html')

def _title(p:Path) -> str:
    "The notebook's title: its first Markdown heading."
    for c in json.loads((ROOT/p).read_text())['cells']:
        if c['cell_type'] == 'markdown':
            m = re.search(r'^# (.+)$', ''.join(c['source']), re.M)
            if m: return m.group(1).strip()
    raise AssertionError(f'{p} has no title')

@pytest.fixture(scope='module')
def site():
    if not (SITE/'nbs'/'index.html').exists(): pytest.fail('no _site/: build it with `bash scripts/docs.sh` (scripts/test.sh does)')
    return SITE

def test_every_notebook_is_a_page():
    "Every notebook in nbs/ (lessons, jobs, the results page) is rendered and in the sidebar; nothing listed is missing."
    nbs = {p.relative_to(ROOT) for p in (ROOT/'nbs').rglob('*.ipynb') if not {'runs', '.ipynb_checkpoints'} & set(p.parts)}
    assert nbs == set(PAGES), f'not listed: {sorted(map(str, nbs - set(PAGES)))}; listed but missing: {sorted(map(str, set(PAGES) - nbs))}'
    side = json.dumps(CONFIG['website']['sidebar'])
    assert [str(p) for p in PAGES if str(p) not in side] == []

def test_pages_built(site):
    assert [str(p) for p in PAGES if not _html(p).exists()] == []

@pytest.fixture(scope='module')
def rendered(site):
    "Each page through headless Chromium: its DOM after rendering and a full-width screenshot (kept in _screenshots/ to look at)."
    if CHROMIUM is None: pytest.fail('chromium is not installed: scripts/setup.sh installs it with apt-get')
    SHOTS.mkdir(exist_ok=True)
    def run(p):
        url, png = _html(p).as_uri(), SHOTS/(str(p.with_suffix('')).replace('/', '_') + '.png')
        dom = subprocess.run([CHROMIUM, *FLAGS, '--dump-dom', url], capture_output=True, text=True, timeout=120).stdout
        subprocess.run([CHROMIUM, *FLAGS, f'--screenshot={png}', '--window-size=1280,1600', url], capture_output=True, timeout=120)
        return p, dom, png
    with ThreadPoolExecutor(2) as ex: return {p: (dom, png) for p, dom, png in ex.map(run, PAGES)}

@pytest.mark.parametrize('page', PAGES, ids=str)
def test_page_renders(rendered, page):
    dom, png = rendered[page]
    h = [html.unescape(re.sub(r'<[^>]+>', '', x)).strip() for x in re.findall(r'<h1[^>]*>(.*?)</h1>', dom, re.S)]
    assert _title(page) in h, f'{page}: title {_title(page)!r} not among the h1 headings {h}'
    img = imread(png)[..., :3]
    assert img.shape[:2] == (1600, 1280) and img.std() > .05, f'{png} looks blank'
    assert (img.mean(-1) < .5).mean() > .005, f'{png} has almost no dark (text) pixels'

def test_results_page(rendered):
    dom, _ = rendered[Path('nbs/results.ipynb')]
    heads = [html.unescape(re.sub(r'<[^>]+>', '', x)).replace('’', "'").strip() for x in re.findall(r'<h2[^>]*>(.*?)</h2>', dom, re.S)]
    for want in ["The papers' tables", 'CSI 300: signal', 'CSI 300: fit and strategies', 'CSI 300: robustness to unseen stocks']:
        assert any(want in h for h in heads), f'results page lacks the section {want!r}: {heads}'
    assert len(re.findall(r'<img\b', dom)) >= 2, 'the results page should show its figures'
    assert '0.055' in dom, "the FactorVAE paper's Rank IC should sit beside ours"
    prose = _visible_text(re.sub(r'<pre\b.*?</pre>', '', dom, flags=re.S))   # what the page says, its folded code left out
    nans = [prose[max(0, m.start() - 60):m.end() + 20] for m in re.finditer(r'(?<![\w.])[+-]?nan(?!\w)', prose)]
    assert not nans, f"the results page prints a missing number as 'nan' (say why it is missing, or leave the cell blank): {nans[:3]}"
    assert 'Provenance of the finished rows' in dom or 'cannot be read' in prose, 'the results page should say which code made its rows'
    assert 'This session (' not in prose, "the page's prose should not speak of 'this session': provenance is generated from the rows"

def _visible_text(dom:str) -> str:
    "The text a reader sees: no scripts, styles or KaTeX's hidden MathML copy of the TeX source."
    for pat in (r'<script\b.*?</script>', r'<style\b.*?</style>', r'<annotation\b.*?</annotation>'): dom = re.sub(pat, '', dom, flags=re.S)
    return html.unescape(re.sub(r'<[^>]+>', '', dom))

@pytest.mark.parametrize('page', ['nbs/06_factorvae.ipynb', 'nbs/07_rvrae.ipynb', 'nbs/05c_decoder.ipynb'])
def test_equations_render(rendered, page):
    "The papers' equations are the pages' main content: KaTeX (served with the site, no CDN) has rendered them, no raw TeX is left."
    dom, _ = rendered[Path(page)]
    assert 'cdn.jsdelivr.net/npm/katex' not in dom, f'{page} still loads KaTeX from a CDN'
    assert len(re.findall(r'class="katex"', dom)) >= 3, f'{page} has no rendered maths (KaTeX did not run)'
    text = _visible_text(dom)
    raw = [m for m in ('\\(', '\\[', '$$') if m in text]
    assert not raw, f"{page} shows raw TeX delimiters {raw}: e.g. {text[max(0, text.find(raw[0]) - 60):text.find(raw[0]) + 60]!r}"

def _names(src:str):
    "The names a cell assigns (functions, imports, targets, arguments included) and the names it reads."
    import ast
    tree, stores, loads = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('#|', '%', '!')))), set(), set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Name): (stores if isinstance(n.ctx, ast.Store) else loads).add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.ClassDef)): stores.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)): stores.update((a.asname or a.name).split('.')[0] for a in n.names)
        elif isinstance(n, ast.arg): stores.add(n.arg)
    return stores, loads

def test_results_cells_share_names_once():
    "A results-page cell reads another cell's name only where that name has one definition on the page: a name that two cells assign "
    "(a section's scratch `mr_`) read by a third gets whichever ran last, the fault that once printed the walk-forward t's as 'nan'."
    import builtins
    cells = [''.join(c['source']) for c in json.loads((ROOT/'nbs/results.ipynb').read_text())['cells'] if c['cell_type'] == 'code']
    names = [_names(s) for s in cells]
    owners = {}
    for i, (stores, _) in enumerate(names):
        for k in stores: owners.setdefault(k, []).append(i)
    shared = [(i, k, owners[k]) for i, (stores, loads) in enumerate(names) for k in sorted(loads - stores - set(dir(builtins)))
              if len(owners.get(k, [])) > 1]
    assert not shared, "results-page cells read a name that several cells assign (give it one definition, or assign it in the cell): " + \
        '; '.join(f"code cell {i} reads {k!r}, assigned in code cells {o}" for i, k, o in shared)
