#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run every test: the notebooks' own cells (nbdev-test), the site build (scripts/docs.sh) and the
# integration tests (pytest tests/).
# Extra arguments go to pytest (e.g. --runslow). Slow notebook cells run with NBDEV_FLAGS=slow.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH" MPLBACKEND=Agg
echo "== exported modules match the notebooks (setup took ${SECONDS} s)"
nbdev-export
if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- factorvae_nb; then
  git --no-pager diff --stat -- factorvae_nb; echo "factorvae_nb/ differs from what nbs/ exports: run nbdev-export and commit"; exit 1
fi
python scripts/readme.py --check
echo "== notebook tests (at ${SECONDS} s; nbdev-test, the bare command)"
# nbs/train.ipynb and nbs/evaluate.ipynb are papermill jobs (front matter skip_exec: nbdev-test leaves them to tests/test_train.py,
# which runs them on a small market). Two notebooks run at once, so each gets one torch thread: two 2-thread processes on 2 cores
# slow each other down many times over. The test must leave no file behind.
before=$(git status --porcelain --untracked-files=all 2>/dev/null | grep '^??' || true)
OMP_NUM_THREADS=1 nbdev-test ${NBDEV_FLAGS:+--flags "$NBDEV_FLAGS"}
after=$(git status --porcelain --untracked-files=all 2>/dev/null | grep '^??' || true)
if [ "$before" != "$after" ]; then diff <(echo "$before") <(echo "$after") || true; echo "nbdev-test left files behind"; exit 1; fi
echo "== documentation site (at ${SECONDS} s; scripts/docs.sh: show_doc pages, smalldocs --strict: no broken link, no unreadable page)"
bash scripts/docs.sh
echo "== integration tests (at ${SECONDS} s; pytest tests/, with the site in headless Chromium; the 15 slowest listed)"
# Two workers (pytest-xdist), a test file each at a time (--dist loadfile: a file's module fixtures are built once, and the Ray
# tests of test_experiments.py never run two clusters at once); tests/conftest.py puts the two longest files first so that each
# starts on its own worker. One torch thread each, as for nbdev-test above.
OMP_NUM_THREADS=1 python -m pytest tests/ -q -p no:cacheprovider -n 2 --dist loadfile --no-loadscope-reorder --durations=15 "$@"
echo "== all tests passed in ${SECONDS} s"
