#!/usr/bin/env bash
# The GPU checks of the hot path, in one call: the `#| cuda` cells of nbs/03_graphs.ipynb (a recorded call replayed
# as a CUDA graph, no op dispatched by the host) and nbs/30b_recorded_solves.ipynb (a recorded training step with bf16
# autocast and a GradScaler equal to the eager one, two host reads a step), then the benchmark on the GPU: RevDEQ
# eager, fused (`--compile`) and recorded (`--graphs`) against its floor, the classic DEQ against torchdeq when
# installed, on the small and CIFAR models (CUDA events, the allocator's peak). Everything goes under $OUT.
#
#   on the GPU machine:     bash scripts/gpu_graphs.sh
#   any machine, to check the script itself on the CPU (the cuda cells skipped, a one-round bench of the small model):
#                           bash scripts/gpu_graphs.sh --cpu
#
# Needs python with the package's dev dependencies (pytest and nbdev for the notebook cells).
# Environment: OUT (default runs/gpu_graphs), PYTHON, ROUNDS (bench rounds, default 5).
set -euo pipefail
CPU=0 HELP_LINES=2,13
source "$(dirname "$0")/gpu_common.sh"
OUT=${OUT:-runs/gpu_graphs}
mkdir -p "$OUT"; OUT_ABS=$(cd "$OUT" && pwd)

main() {
echo "== $(date '+%F %T') $0 $*  (python: $PY, cwd: $PWD)"
need_gpu || return 2
failed=0
if [ "$CPU" = 0 ]; then
  echo "== the cuda cells of 03_graphs and 30b_recorded_solves"
  "$PY" -m nbdev.test --flags cuda --file-re '^(03_graphs|30b_recorded_solves)' nbs || failed=1
  "$PY" -m revdeq.bench --device cuda --threads 0 --rounds "${ROUNDS:-5}" --models small cifar --compile --graphs \
    --out "$OUT_ABS/bench_gpu.json" || failed=1
else
  "$PY" -m revdeq.bench --rounds 1 --warmup 1 --steps 2 --models small --graphs --out "$OUT_ABS/bench_cpu_check.json" || failed=1
fi
echo "== done in $SECONDS s (status $failed); results in $OUT"
return $failed
}

main "$@" 2>&1 | tee "$OUT/gpu_graphs.log"
exit "${PIPESTATUS[0]}"
