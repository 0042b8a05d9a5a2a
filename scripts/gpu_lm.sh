#!/usr/bin/env bash
# The language-model checks for the GPU machine, in one call, through the package's own commands (see
# nbs/57_lm_train.ipynb):
#   1. the smoke test of nbs/57_lm_train.ipynb (its unflagged cells, as the test suite does: the five models at toy
#      width on a made PTB-shaped corpus, --resume, SIGTERM, the one-line errors);
#   2. ten timed training steps (`revdeq-train lm --time-steps N`: after 3 warm-up steps; median, CUDA events) of
#      each model at the paper's size: width 768, 12 heads, context 448, batch 32 (14,336 tokens a step), beta 0.5,
#      4 steps; the DEQs with 8 Anderson steps and the explicit stack of 4 blocks at the same parameter count
#      (revdeq.experiments.lm.BASELINES); each with and without bf16 autocast. The vocabulary is PTB's 10,000 words: the
#      paper's GPT-2 BPE (50,257 tokens) cannot be fetched offline, so the embedding and head are smaller than the paper's.
# It prints a markdown table and writes it to $OUT/lm_bench.md (the rows as JSON lines in lm_bench.jsonl), with the log in $OUT/gpu_lm.log.
#
# Needs PTB (ptb.{train,valid,test}.txt) in the data folder's ptb/ (REVDEQ_DATA, by default ~/.cache/revdeq; see
# nbs/35_data.ipynb). A machine without a network gets it in the checkout: a git-ignored folder holding ptb/ (5.7 MB),
# carried with the working tree, and REVDEQ_DATA set to it. From the checkout root:
#     bash scripts/gpu_lm.sh              # on the GPU machine
#     bash scripts/gpu_lm.sh --cpu        # anywhere: the same at toy size on the CPU, 2 timed steps (checks this script)
# Needs python with the package's dependencies (torch, tqdm, matplotlib, tyro) and, for the smoke test, pytest and
# nbdev (pure-Python wheels: carry them to a machine without a network).
# Settings: REVDEQ_DATA (the data folder), STEPS (timed steps, default 10; 2 with --cpu), PYTHON, OUT (default runs/gpu_lm).
set -euo pipefail
CPU=${LM_TOY:+1}; CPU=${CPU:-0}   # LM_TOY=1: the old spelling of --cpu
HELP_LINES=2,21
source "$(dirname "$0")/gpu_common.sh"
export HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1
OUT=${OUT:-runs/gpu_lm}
if [ "$CPU" = 1 ]; then STEPS=${STEPS:-2}; DEVICE=cpu; SIZE=(--net.d-model 32 --net.n-heads 2 --net.context 16 --batch-size 8)
else STEPS=${STEPS:-10}; DEVICE=cuda; SIZE=(); fi
mkdir -p "$OUT"

main() {
echo "== $(date '+%F %T') $0 $*  (python: $PY, cwd: $PWD)"
DATA="$("$PY" -c 'from revdeq.data import data_path; print(data_path("ptb"))')"
if [ ! -f "$DATA/ptb.train.txt" ]; then
  echo "error: no PTB in $DATA (ptb.train.txt, ptb.valid.txt, ptb.test.txt): put it there, or set REVDEQ_DATA to a folder holding ptb/" >&2
  return 2
fi
need_gpu || return 2

# 1. the notebook's smoke test: every cell not flagged slow, cuda or notest, on the CPU (tests/test_notebooks.py)
echo "== smoke test: nbs/57_lm_train.ipynb"
"$PY" -m pytest -q -p no:cacheprovider tests/test_notebooks.py -k 57_lm_train

# 2. timed training steps: each model of the comparison (its options from BASELINES), with and without autocast
echo "== timing $STEPS training steps after 3 warm-up steps, on $DEVICE, PTB's vocabulary"
mapfile -t KINDS < <("$PY" -c 'from revdeq.experiments.lm import BASELINES; print(*(f"--net.kind {k} {chr(32).join(v)}" for k, v in BASELINES.items()), sep="\n")')
rm -f "$OUT/lm_bench.jsonl"; failed=0
for kind in "${KINDS[@]}"; do
  for amp in --no-amp --amp; do
    # shellcheck disable=SC2086  # $kind is a word list
    "$PY" -m revdeq.cli lm --dataset ptb --device "$DEVICE" --time-steps "$STEPS" --out "$OUT/not-written" \
      --bench-file "$OUT/lm_bench.jsonl" "${SIZE[@]}" $kind $amp | tail -n 1 || failed=1   # a failed one: an error row, and status 1
  done
done
report lm "PTB vocabulary (10,000 words; not the paper's GPT-2 BPE), $([ "$CPU" = 1 ] && echo 'toy size on the CPU (a check of the script, not a result)' || echo 'paper size'): median of $STEPS steps after 3 warm-up; $(date '+%F %T'); command: scripts/gpu_lm.sh $*"
return $failed
}

main "$@" 2>&1 | tee "$OUT/gpu_lm.log"
exit "${PIPESTATUS[0]}"
