#!/usr/bin/env bash
# The grids the results page still waits for (the fair contest, issue 25; every-A-share robustness, issue 29), as two lanes of
# one core each, every lane in priority order. Each step is an ordinary resumable grid (nbs/experiments/run.ipynb): runs with a row
# in results/ are skipped and a run cut off mid-training goes on from its last.pt, so a lane can be started again in any session —
# on a fresh machine it starts from its first run without a row.
#
#   bash scripts/grids.sh plan     # every step's dry run: how many runs are finished, resume or are to do, and the hours left
#   bash scripts/grids.sh 1 > runs/lane1.log 2>&1 &  bash scripts/grids.sh 2 > runs/lane2.log 2>&1 &   # the two lanes, one core each
#   bash scripts/grids.sh solo > runs/solo.log 2>&1 &   # instead of both: one every-A-share FactorVAE run on both cores, then the two
#                                                       # lanes (their logs: runs/lane1.log, runs/lane2.log)
#
# Why solo: an every-A-share FactorVAE epoch (the chosen configuration H 128, K 64, M 32; 20 features; 300 training stocks a day)
# takes ~300 s at one core (~200 s training, ~120 s validating ~3,800 stocks a day) but ~185 s at two (session 25, AMD EPYC Zen 3,
# measured on a random set of that shape, 80 training and 10 validation days, beside two niced lanes). Its runs need 25–45 epochs: ~3 h
# at one core beside the other lane, longer than a session, ~1.5–2 h alone at two, which fits one. Start it first in a session.
#
# Data paths: ASHARE and CSI300 (defaults ../shared/data/...). Each step's executed notebook: runs/experiments/logs/<step>.ipynb.
# A lane goes on to its next step when a step fails (a failed run is listed in its notebook and tried again next time).
cd "$(dirname "$0")/.." || exit 1
lane=${1:-}
[[ $lane == 1 || $lane == 2 || $lane == solo || $lane == plan ]] || { echo "usage: bash scripts/grids.sh 1|2|solo|plan (the lane to run, or every step's dry run)" >&2; exit 2; }
[[ -x .venv/bin/papermill ]] || { echo "no .venv/bin/papermill: run bash scripts/setup.sh first" >&2; exit 1; }
ASHARE=${ASHARE:-../shared/data/ashare_all}
CSI300=${CSI300:-../shared/data/qlib_csi300}
cores() { COMMON=(-p ashare "$ASHARE" -p csi300 "$CSI300" -p executor local -p num_cpus "$1" -p threads "$1" -p cache runs/cache); }
cores 1   # one run at a time per lane, one torch thread each
mkdir -p runs/experiments/logs

step() {  # step <name> <grid parameters...>: run it, or in plan mode show its dry run's one-line summary
  local name=$1; shift
  if [[ $lane == plan ]]; then
    local out line
    out=$(.venv/bin/papermill nbs/experiments/run.ipynb "runs/experiments/logs/plan-$name.ipynb" "${COMMON[@]}" "$@" -p dry_run True --log-output 2>&1)
    line=$(grep -E '^[0-9]+ runs?: ' <<< "$out" | tail -n 1)
    [[ -n $line ]] || line="cannot plan it yet: $(grep -E '^[A-Za-z]*(Error|Exception): ' <<< "$out" | tail -n 1)"
    echo "$name: $line"
  else
    echo "$(date -u +%FT%TZ) $name: starting"
    # no --log-output: the grid's and its runs' log lines reach this terminal once, through the kernels' stderr (with it, twice)
    .venv/bin/papermill nbs/experiments/run.ipynb "runs/experiments/logs/$name.ipynb" "${COMMON[@]}" "$@" --no-progress-bar \
      || echo "$(date -u +%FT%TZ) $name: the grid stopped with an error (runs/experiments/logs/$name.ipynb); going on"
  fi
}

FAIR=(-p root runs/fair -p experiment fair)
ROBUST=(-p root runs/fair -p experiment robustness -p robust_market ashare -p slow_models '' -p holdouts 50,100,200 -p seeds 3)

lane1() {  # FactorVAE and RVRAE: the slow runs
  step fair-csi300-factorvae "${FAIR[@]}" -p fair_datasets csi300 -p feature_sets paper -p models factorvae -p seeds 3
  step search-rvrae -p root runs/search -p experiment search -p models rvrae -p trials 16 -p results results/search
  step fair-csi300-rvrae "${FAIR[@]}" -p fair_datasets csi300 -p feature_sets paper -p models rvrae -p seeds 3
  step fair-ashare-factorvae "${FAIR[@]}" -p fair_datasets ashare -p feature_sets paper -p models factorvae,factorvae_prior -p seeds 3
  step robust-ashare-factorvae "${ROBUST[@]}" -p models factorvae,factorvae_port
  # the stocks sweep last: ~4 h (1,000 stocks) and ~12 h (every stock) a run at two threads here (the results page's estimate), longer than a
  # session; on a GPU (device='auto' takes it) minutes; on this CPU it resumes from last.pt only where runs/ survives
  step stocks-sweep "${FAIR[@]}" -p fair_datasets ashare -p feature_sets paper -p models factorvae -p seeds 1 -p stocks_sweep 1000,all
}
lane2() {  # every other model of the same tables
  step fair-csi300-rest "${FAIR[@]}" -p fair_datasets csi300 -p feature_sets paper -p models linear,mlp,ca,ipca,lightgbm,gru,factorvae_prior -p seeds 3
  step fair-ashare-rest "${FAIR[@]}" -p fair_datasets ashare -p feature_sets paper -p models linear,mlp,ca,ipca,lightgbm,gru -p seeds 3
  step robust-ashare-rest "${ROBUST[@]}" -p models linear,ca,lightgbm,gru
  # ALSTM last: its chosen configuration (hidden 128) takes ~600 s an epoch on CSI 300 at one core beside another lane (session 23,
  # AMD EPYC Zen 3), about 3 hours a run, longer than a session; started in a session too short for it, it resumes only where runs/ survives
  step fair-alstm "${FAIR[@]}" -p fair_datasets csi300,ashare -p feature_sets paper -p models alstm -p seeds 3
  step fair-ashare-158 "${FAIR[@]}" -p fair_datasets ashare -p feature_sets alpha158 -p models factorvae,factorvae_prior,gru,alstm -p seeds 3
  # the S&P 500 and synthetic tables, not rerun since the fidelity pass: the default grid (every model 10 epochs), as the results page's commands
  step sp500-synthetic -p root runs/experiments -p datasets sp500,synthetic -p models linear,mlp,ca,ipca,lightgbm -p seeds 3 \
    -p slow_models factorvae,factorvae_prior,gru -p slow_seeds 3
}

# the one-core lanes run at the lowest priority (their runs inherit it): a test or CI run beside them keeps the CPU (at nice 0 they
# took half of it, and a CI run beside them took 1,640 s instead of ~1,370 s); the solo run keeps nice 0, nothing runs beside it
lanes_nice() { renice -n 19 -p $BASHPID > /dev/null; }

solo() {  # the next run of lane 1's every-A-share FactorVAE step with two torch threads (-p max_runs 1), then both lanes at one core each
  cores 2
  step fair-ashare-factorvae "${FAIR[@]}" -p fair_datasets ashare -p feature_sets paper -p models factorvae,factorvae_prior -p seeds 3 -p max_runs 1
  cores 1; lanes_nice
  lane1 > runs/lane1.log 2>&1 & lane2 > runs/lane2.log 2>&1 & wait
}

case $lane in
  1) lanes_nice; lane1 ;;
  2) lanes_nice; lane2 ;;
  solo) solo ;;
  plan) lane1; lane2 ;;
esac
