#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run the main job: train and evaluate FactorVAE with nbs/train.ipynb through papermill.
# Defaults: the bundled S&P 500 set, outputs in runs/sp500-factorvae/. Extra arguments go to papermill, e.g.
#   bash scripts/main.sh -p dataset ../shared/data/qlib_csi300 -p out_dir runs/csi300-factorvae
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out=runs/sp500-factorvae
for ((i = 1; i < $#; i++)); do                      # follow an out_dir given on the command line
  if [[ "${!i}" == "out_dir" ]]; then j=$((i + 1)); out="${!j}"; fi
done
mkdir -p "$out"
# one line per epoch and the closing summary reach this terminal from the kernel (factorvae_nb.core.log); papermill's own cell bar would interleave
MPLBACKEND=Agg .venv/bin/papermill --no-progress-bar nbs/train.ipynb "$out/train.ipynb" -p out_dir "$out" "$@"
