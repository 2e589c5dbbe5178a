"""Write README.md from nbs/index.ipynb (nbdev-readme needs Quarto, which is not available everywhere).
`python scripts/readme.py --check` fails when README.md is out of date."""
import json, re, sys
from pathlib import Path
root = Path(__file__).resolve().parent.parent
nb = json.loads((root/'nbs'/'index.ipynb').read_text())
parts = []
for c in nb['cells']:
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': parts.append(src)
    elif not src.lstrip().startswith('#| hide'): parts.append(f"```python\n{src}\n```")
text = '\n\n'.join(parts).strip() + '\n'
text = re.sub(r'^> (.*)$', r'> \1', text, count=1, flags=re.M)
text = '<!-- generated from nbs/index.ipynb by scripts/readme.py: edit the notebook -->\n\n' + text
out = root/'README.md'
if '--check' in sys.argv:
    if not out.exists() or out.read_text() != text: sys.exit('README.md is out of date: run python scripts/readme.py')
else: out.write_text(text)
