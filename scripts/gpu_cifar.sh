#!/usr/bin/env bash
# CIFAR-10 on the GPU machine, in one call, through the package's own commands: unpack the data if needed, run the
# smoke test of nbs/52_cifar_train.ipynb (its unflagged cells, as the test suite does), then time 10 training steps
# of each model kind (`revdeq-train cifar10 --time-steps N`: after 3 warm-up steps, CUDA events, median) at the
# paper's configuration (10.3M parameters, batch 64), RevDEQ also under bf16 autocast and in channels-last; print
# the table and write it (cifar_bench.md, the rows as JSON lines in cifar_bench.jsonl), with the whole log, under $OUT.
#
#   the timing reads CIFAR-10 from the data folder (REVDEQ_DATA, by default ~/.cache/revdeq; nbs/35_data.ipynb):
#       REVDEQ_DATA=/path/to/data bash scripts/gpu_cifar.sh
#   a machine without a network (the GPU machine) gets it in the checkout: a git-ignored folder carried with the
#   working tree, either holding cifar-10-batches-py/ already, or with CIFAR_SHARDS naming a carried folder of this
#   project's JPEG shards and their unpack.py, which the script unpacks into the data folder first
#   any machine, to check the script itself at toy size on the CPU (same data, a narrow network, 2 timed steps):
#       scripts/gpu_cifar.sh --cpu
#
# Needs python with the package's dependencies (torch, torchvision, tqdm, matplotlib, tyro) and, for the smoke
# test, pytest and nbdev (pure-Python wheels: carry them to a machine without a network).
# Environment: OUT (default runs/gpu_cifar), PYTHON, REVDEQ_DATA (the data folder), CIFAR_SHARDS (a folder with the
# shards and unpack.py), STEPS (timed steps, default 10; 2 with --cpu).
set -euo pipefail
CPU=0 HELP_LINES=2,19
source "$(dirname "$0")/gpu_common.sh"
OUT=${OUT:-runs/gpu_cifar}
if [ "$CPU" = 1 ]; then STEPS=${STEPS:-2}; DEVICE=cpu; SIZE=(--net.channels 16 32 32 16 --batch-size 16)
else STEPS=${STEPS:-10}; DEVICE=cuda; SIZE=(); fi
mkdir -p "$OUT"

main() {
echo "== $(date '+%F %T') $0 $*  (python: $PY, cwd: $PWD)"
CIFAR_DATA="$("$PY" -c 'from revdeq.data import data_path; print(data_path("cifar10"))')"

# 1. the data: the official layout in the data folder, unpacked from the JPEG shards of $CIFAR_SHARDS when missing
if [ ! -f "$CIFAR_DATA/cifar-10-batches-py/test_batch" ] && [ -f "${CIFAR_SHARDS:-/nonexistent}/unpack.py" ]; then
  echo "== unpacking $CIFAR_SHARDS into $CIFAR_DATA"; "$PY" "$CIFAR_SHARDS/unpack.py" "$CIFAR_DATA"
fi
if [ ! -f "$CIFAR_DATA/cifar-10-batches-py/test_batch" ]; then
  echo "error: no CIFAR-10 in $CIFAR_DATA/cifar-10-batches-py: set REVDEQ_DATA to a folder holding it, or CIFAR_SHARDS" \
       "to a folder of the shards with their unpack.py" >&2
  return 2
fi
need_gpu || return 2

# 2. the notebook's smoke test: every cell not flagged slow, cuda or notest, on the CPU (tests/test_notebooks.py)
echo "== smoke test: nbs/52_cifar_train.ipynb"
"$PY" -m pytest -q -p no:cacheprovider tests/test_notebooks.py -k 52_cifar_train

# 3. timed training steps of each model kind, one `revdeq-train cifar10 --time-steps` each; the table of their rows
echo "== timing $STEPS training steps after 3 warm-up steps, on $DEVICE"
rm -f "$OUT/cifar_bench.jsonl"; failed=0
for opts in "" "--amp" "--amp --channels-last" "--net.kind deq" "--net.kind explicit"; do
  # shellcheck disable=SC2086  # $opts is a word list
  "$PY" -m revdeq.cli cifar10 --no-verify --no-download --device "$DEVICE" --time-steps "$STEPS" --out "$OUT/not-written" \
    --bench-file "$OUT/cifar_bench.jsonl" "${SIZE[@]}" $opts | tail -n 1 || failed=1   # a failed one: an error row, and status 1
done
report cifar "CIFAR-10 training step, $([ "$CPU" = 1 ] && echo 'toy size on the CPU (a check of the script, not a result)' || echo 'paper configuration'): $STEPS steps after 3 warm-up, median; $(date '+%F %T'); command: scripts/gpu_cifar.sh $*"
return $failed
}

main "$@" 2>&1 | tee "$OUT/gpu_cifar.log"
exit "${PIPESTATUS[0]}"
