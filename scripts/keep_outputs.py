"""Copy the outputs of an executed papermill job into the job notebook in nbs/, so the site shows a real run while the
notebook keeps its default parameters: cells are matched by their source; papermill's injected-parameters cell is not copied.

    python scripts/keep_outputs.py runs/experiments/csi300/factorvae/seed0/train.ipynb nbs/train.ipynb
"""
import json, sys
from pathlib import Path

def keep_outputs(executed:str, job:str) -> int:
    "Copy outputs from `executed` into the cells of `job` with the same source; return how many cells got outputs."
    src = json.loads(Path(executed).read_text())
    by_source = {''.join(c['source']): c.get('outputs', []) for c in src['cells']
                 if c['cell_type'] == 'code' and 'injected-parameters' not in c.get('metadata', {}).get('tags', [])}
    nb = json.loads(Path(job).read_text()); n = 0
    for c in nb['cells']:
        if c['cell_type'] == 'code' and by_source.get(''.join(c['source'])):
            c['outputs'] = by_source[''.join(c['source'])]; c['execution_count'] = None; n += 1
    Path(job).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return n

if __name__ == '__main__':
    if len(sys.argv) != 3: sys.exit(__doc__)
    print(f"{keep_outputs(*sys.argv[1:])} cells of {sys.argv[2]} now show the outputs of {sys.argv[1]}")
