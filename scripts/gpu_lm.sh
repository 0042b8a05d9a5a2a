#!/usr/bin/env bash
# The language-model checks for the GPU machine, in one call (see nbs/57_lm_train.ipynb):
#   1. the CPU smoke test of `revdeq-train lm`: the three models at toy width on a slice of PTB, --resume, and the
#      one-line error for a bad --data;
#   2. ten timed training steps (after 3 warm-up steps; median, CUDA events) of each model at the paper's size:
#      width 768, 12 heads, context 448, batch 32 (14,336 tokens a step), beta 0.5, 4 steps; the DEQ with 8 Anderson
#      steps and the explicit stack of 4 blocks at the same parameter count (revdeq.lm_train.BASELINES); each with
#      and without bf16 autocast. The vocabulary is PTB's 10,000 words: the paper's GPT-2 BPE (50,257 tokens)
#      cannot be fetched offline, so the embedding and head are smaller than the paper's.
# It prints a markdown table and writes it to $OUT/lm_bench.md (and .json), with the log in $OUT/gpu_lm.log.
#
# Needs PTB (ptb.{train,valid,test}.txt) in the data folder's ptb/ (REVDEQ_DATA, by default ~/.cache/revdeq; see
# nbs/35_data.ipynb). A machine without a network gets it in the checkout: a git-ignored folder holding ptb/ (5.7 MB),
# carried with the working tree, and REVDEQ_DATA set to it.
# Runs with plain python (PYTHONPATH=., no install, no nbdev), from the checkout root:
#     bash scripts/gpu_lm.sh                       # on the GPU machine
#     LM_TOY=1 bash scripts/gpu_lm.sh              # anywhere: the same at toy size on the CPU (checks this script)
# Settings: REVDEQ_DATA (the data folder), LM_STEPS (timed steps, default 10), PYTHON (default python3), OUT (default runs/gpu_lm).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1
OUT="${OUT:-$PWD/runs/gpu_lm}"
PY="${PYTHON:-python3}"
DATA="$("$PY" -c 'from revdeq.data import data_path; print(data_path("ptb"))')"
if [ ! -f "$DATA/ptb.train.txt" ]; then
  if [ -n "${LM_TOY:-}" ]; then echo "no PTB in $DATA: the toy check runs on a PTB-shaped corpus made here"; DATA=""
  else
    echo "error: no PTB in $DATA (ptb.train.txt, ptb.valid.txt, ptb.test.txt): put it there, or set REVDEQ_DATA to a folder holding ptb/" >&2
    exit 2
  fi
fi
mkdir -p "$OUT"
"$PY" - "$DATA" "$OUT" "${LM_TOY:-}" "${LM_STEPS:-10}" <<'EOF' 2>&1 | tee "$OUT/gpu_lm.log"
import contextlib, io, json, math, os, sys, tempfile, time
from pathlib import Path
import torch
import revdeq.cli
from revdeq.lm_data import load_corpus, read_lines, write_fake_corpus
from revdeq.lm_train import BASELINES, LMTrainConfig, benchmark_lm, lm_bench_table
from revdeq.train import read_log

out, toy, n_steps = Path(sys.argv[2]), bool(sys.argv[3]), int(sys.argv[4])
data = Path(sys.argv[1]) if sys.argv[1] else write_fake_corpus(Path(tempfile.mkdtemp())/'ptb', 'ptb', lines=(2000, 300, 300))
if not toy and not torch.cuda.is_available(): sys.exit("error: torch sees no GPU (LM_TOY=1 runs the toy size on the CPU)")
gpu = not toy
print(f"torch {torch.__version__}, python {sys.version.split()[0]}, "
      f"{torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'no GPU'}; {'paper size on the GPU' if gpu else 'toy size on the CPU'}")

def cli(*args):
    "revdeq-train with `args`: exit status, stderr"
    e = io.StringIO()
    with contextlib.redirect_stderr(e): code = revdeq.cli.main([str(a) for a in args])
    return code, e.getvalue()

def flags(d): return [a for k, v in d.items() for a in (f"--{k.replace('_', '-')}", v)]

# 1. the CPU smoke test
t0, tmp = time.perf_counter(), Path(tempfile.mkdtemp())
(tmp/'ptb').mkdir()
for s, n in (('train', 150), ('valid', 40), ('test', 40)):
    (tmp/'ptb'/f'ptb.{s}.txt').write_text(''.join(l + '\n' for l in read_lines(data/f'ptb.{s}.txt')[:n]))
smoke = ['--dataset', 'ptb', '--data', tmp/'ptb', '--d-model', 32, '--n-heads', 2, '--context', 16, '--batch-size', 8,
         '--eval-batch-size', 8, '--lr', 3e-3, '--log-every', 10, '--device', 'cpu', '--no-progress']
for k in BASELINES:
    code, err = cli('lm', '--kind', k, '--epochs', 1, '--out', tmp/k, *smoke, *flags(BASELINES[k]))
    assert code == 0, (k, err)
    names = sorted(p.name for p in (tmp/k).iterdir())
    assert names == ['config.json', 'curves.png', 'last.pt', 'metrics.jsonl', 'vocab.json'], names
    log = read_log(tmp/k)
    ev, te = [r for r in log if r['kind'] == 'eval'][-1], [r for r in log if r['kind'] == 'test'][-1]
    assert all(math.isfinite(r['loss']) for r in log if 'loss' in r), log
    print(f"smoke {k:8s} valid ppl {ev['ppl']:7.1f}  test ppl {te['ppl']:7.1f}  nfe {ev['nfe']:.1f}")
code, err = cli('lm', '--out', tmp/'revdeq', '--epochs', 2, '--resume')
assert code == 0 and [r['epoch'] for r in read_log(tmp/'revdeq') if r['kind'] == 'eval'] == [1, 2], err
code, err = cli('lm', *smoke, '--out', tmp/'bad', '--data', tmp/'nowhere')
assert code == 2 and err.startswith('error: ptb: missing ptb.train.txt') and err.count('\n') == 1, (code, err)
print(f"smoke test passed in {time.perf_counter() - t0:.0f} s: three models, --resume, one-line error ({err.strip()[:60]}...)")

# 2. timed training steps
corpus = load_corpus('ptb', data)
size = {} if gpu else dict(d_model=32, n_heads=2, context=16, batch_size=8)
rows = []
for k in BASELINES:
    for amp in (False, True):
        cfg = LMTrainConfig(dataset='ptb', data=str(data), device='cuda' if gpu else 'cpu', kind=k, amp=amp, out=str(tmp/'bench'),
                            progress=False, **BASELINES[k], **size)
        try: r = benchmark_lm(cfg, n_steps=n_steps if gpu else 2, warmup=3 if gpu else 1, corpus=corpus)
        except torch.cuda.OutOfMemoryError: r = dict(kind=k, amp=amp, batch_size=cfg.batch_size, context=cfg.context, error='out of memory')
        except Exception as e: r = dict(kind=k, amp=amp, batch_size=cfg.batch_size, context=cfg.context, error=f'{type(e).__name__}: {e}'[:120])
        rows.append(r); print(json.dumps(r))
        if gpu: torch.cuda.empty_cache()
table = lm_bench_table(rows)
note = (f"\n\nPTB vocabulary ({len(corpus.vocab):,} words; not the paper's GPT-2 BPE), "
        f"{'paper size' if gpu else 'toy size'}; median of {n_steps if gpu else 2} steps after warm-up; torch {torch.__version__}; "
        f"command: bash scripts/gpu_lm.sh{' (LM_TOY=1)' if toy else ''}\n")
print(table + note)
(out/'lm_bench.md').write_text(table + note)
(out/'lm_bench.json').write_text(json.dumps(rows, indent=1) + '\n')
assert not any('error' in r for r in rows if r['kind'] == 'revdeq'), 'a RevDEQ configuration failed'
EOF
