#!/usr/bin/env bash
# The device check, for a CUDA machine (the device tool's H200: its python3 holds PyTorch with CUDA, and the repo's copy is the
# working directory): every model's bf16 training step, fp32 prediction and reconstruction, and FactorVAE's epoch time on a CSI 300-
# and an every-A-share-shaped set, in a few minutes; writes benchmarks/results/train_epoch_gpu.json (and a copy to $OUT when set).
#   bash scripts/gpu_check.sh            # on the device machine
#   bash scripts/gpu_check.sh --quick --device cpu   # here: the same code path under CPU autocast, seconds (tests/test_gpu_check.py)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
[ -n "${OUT:-}" ] && command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$OUT/nvidia-smi.csv" || true
status=0
"$PY" benchmarks/gpu_check.py "$@" || status=$?
if [ -n "${OUT:-}" ]; then cp benchmarks/results/train_epoch_*.json "$OUT"/ 2>/dev/null || true; fi
exit $status
