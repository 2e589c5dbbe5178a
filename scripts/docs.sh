#!/usr/bin/env bash
# Build the documentation site into _site/ from _quarto.yml: nbdev-proc-nbs adds the API (show_doc) of every exported name to
# the notebooks (their committed outputs stay), then real Quarto renders them where it is installed, else smalldocs does, strictly:
# a broken link or a page that cannot be read fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
rm -rf _proc _build
nbdev-proc-nbs >/dev/null 2>&1 || nbdev-proc-nbs                 # _proc/<notebook>.ipynb, with show_doc cells and their output
rm -f nbs/_quarto.yml nbs/nbdev.yml nbs/sidebar.yml                # nbdev's own Quarto config, which would nest a second project in nbs/
mkdir -p _build/nbs
cp _quarto.yml styles.css _build/
cp -r _proc/*.ipynb _build/nbs/
python - <<'PY'                                                   # nbdev's front matter names flat output files: keep our paths
import json, pathlib, re
for p in pathlib.Path('_build/nbs').glob('*.ipynb'):
    nb = json.loads(p.read_text())
    for c in nb['cells'][:1]:
        if c['cell_type'] == 'raw': c['source'] = re.sub(r'(?m)^output-file:.*\n?', '', ''.join(c['source']))
    p.write_text(json.dumps(nb))
PY
( cd nbs && find . -mindepth 2 -name '*.ipynb' -not -path './runs/*' -not -path '*/.ipynb_checkpoints/*' -exec cp --parents {} ../_build/nbs/ \; )
( cd nbs && find . -maxdepth 1 \( -name '*.png' -o -name '*.svg' \) -exec cp {} ../_build/nbs/ \; )
[ -d results ] && cp -r results _build/
if command -v quarto >/dev/null; then quarto render _build; else smalldocs render --strict _build; fi
rm -rf _site && mv _build/_site _site
# the maths renderer travels with the site: KaTeX from the npm registry into _site/site_libs/katex, and every page's CDN links
# rewritten to it, so that equations render offline (and in the Chromium test)
KATEX=0.16.11
[ -f .cache/katex/node_modules/katex/dist/katex.min.js ] || npm install --silent --no-save --no-audit --no-fund --prefix .cache/katex "katex@$KATEX" >/dev/null
mkdir -p _site/site_libs/katex/contrib
cp -r .cache/katex/node_modules/katex/dist/{katex.min.js,katex.min.css,fonts} _site/site_libs/katex/
cp .cache/katex/node_modules/katex/dist/contrib/auto-render.min.js _site/site_libs/katex/contrib/
python - <<'PY'
import os, pathlib, re
site = pathlib.Path('_site')
for p in site.rglob('*.html'):
    s = p.read_text()
    rel = os.path.relpath(site/'site_libs'/'katex', p.parent)
    t = re.sub(r'https://cdn\.jsdelivr\.net/npm/katex@[^/"\']+/dist', rel, s)
    if t != s: p.write_text(t)
PY
echo "site: $(find _site -name '*.html' | wc -l) pages in _site/"
