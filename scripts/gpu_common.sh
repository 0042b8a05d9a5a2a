# Shared by scripts/gpu_cifar.sh and scripts/gpu_lm.sh (sourced, not run): the arguments, the Python to use, the
# environment, and the check that torch sees a GPU. The sourcing script sets HELP_LINES (its header's line range)
# and CPU (0, or 1 from an older spelling) first.
cd "$(dirname "$0")/.."
for a in "$@"; do
  case $a in
    --cpu) CPU=1 ;;
    -h|--help) sed -n "${HELP_LINES}p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $a (see $0 --help)" >&2; exit 2 ;;
  esac
done
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON; elif [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 MPLBACKEND=Agg

need_gpu() {  # status 2 with a message when a GPU run finds no GPU
  if [ "$CPU" = 0 ] && ! "$PY" -c 'import sys, torch; sys.exit(not torch.cuda.is_available())'; then
    echo "error: torch sees no GPU ($0 --cpu checks the script on a CPU)" >&2; return 2
  fi
}

report() {  # the table of $OUT/$1_bench.jsonl into $OUT/$1_bench.md, printed under the title $2, and the run's last line
  "$PY" -m revdeq.train.experiment "$OUT/$1_bench.jsonl" > "$OUT/$1_bench.md"
  echo; echo "$2"; echo
  cat "$OUT/$1_bench.md"
  echo "== done in $SECONDS s; results in $OUT/$1_bench.md, $1_bench.jsonl, gpu_$1.log"
}
