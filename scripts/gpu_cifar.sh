#!/usr/bin/env bash
# CIFAR-10 on the GPU machine, in one call: unpack the data if needed, run the smoke test of
# nbs/52_cifar_train.ipynb (its CPU cells), then time 10 training steps (after 3 warm-up steps, CUDA events,
# median) of the paper's configuration (10.3M parameters, batch 64) for each model kind, RevDEQ also under bf16
# autocast and in channels-last; print the table and write it, with the whole log, under $OUT.
#
#   the timing reads CIFAR-10 from the data folder (REVDEQ_DATA, by default ~/.cache/revdeq; nbs/35_data.ipynb):
#       REVDEQ_DATA=/path/to/data bash scripts/gpu_cifar.sh
#   a machine without a network (the GPU machine) gets it in the checkout: a git-ignored folder carried with the
#   working tree, either holding cifar-10-batches-py/ already, or with CIFAR_SHARDS naming a carried folder of this
#   project's JPEG shards and their unpack.py, which the script unpacks into REVDEQ_DATA first
#   any machine, to check the script itself at toy size on the CPU:
#       scripts/gpu_cifar.sh --cpu
#
# Needs python3 with torch, torchvision, numpy, Pillow, tqdm, matplotlib. nbdev is optional: without it the
# notebook's cells are run by plain python (and without fastcore, with a minimal stand-in for fastcore.test).
# Environment: OUT (default runs/gpu_cifar), PYTHON, REVDEQ_DATA (the data folder), CIFAR_SHARDS (a folder with the
# shards and unpack.py), STEPS (timed steps, default 10), NO_NBDEV=1 (use the plain-python runner).
set -euo pipefail
cd "$(dirname "$0")/.."
CPU=0
for a in "$@"; do
  case $a in
    --cpu) CPU=1 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $a (see $0 --help)" >&2; exit 2 ;;
  esac
done
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON; elif [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 MPLBACKEND=Agg   # absolute: the notebook runs in nbs/
export OUT=${OUT:-runs/gpu_cifar} CPU STEPS=${STEPS:-10}
CIFAR_DATA="$("$PY" -c 'from revdeq.data import data_path; print(data_path("cifar10"))')"; export CIFAR_DATA
mkdir -p "$OUT"

main() {
echo "== $(date '+%F %T') $0 $*  (python: $PY, cwd: $PWD)"

# 1. the data: the official layout in the data folder, unpacked from the JPEG shards of $CIFAR_SHARDS when missing
if [ "$CPU" = 0 ] && [ ! -f "$CIFAR_DATA/cifar-10-batches-py/test_batch" ] && [ -f "${CIFAR_SHARDS:-/nonexistent}/unpack.py" ]; then
  echo "== unpacking $CIFAR_SHARDS into $CIFAR_DATA"; "$PY" "$CIFAR_SHARDS/unpack.py" "$CIFAR_DATA"
fi
if [ "$CPU" = 0 ] && [ ! -f "$CIFAR_DATA/cifar-10-batches-py/test_batch" ]; then
  echo "error: no CIFAR-10 in $CIFAR_DATA/cifar-10-batches-py: set REVDEQ_DATA to a folder holding it, or CIFAR_SHARDS" \
       "to a folder of the shards with their unpack.py" >&2
  exit 2
fi

# 2. the notebook's smoke test: every cell not flagged slow, cuda or notest, on the CPU, with IN_TEST=1
echo "== smoke test: nbs/52_cifar_train.ipynb"
t0=$SECONDS
if [ -z "${NO_NBDEV:-}" ] && "$PY" -c 'import nbdev, execnb' 2>/dev/null; then
  "$PY" - <<'PY'
import sys
from nbdev.test import test_nb
ok, secs = test_nb('nbs/52_cifar_train.ipynb', skip_flags=['slow', 'cuda', 'notest'])
print(f"nbdev test_nb: {'passed' if ok else 'FAILED'} in {secs:.0f} s")
sys.exit(0 if ok else 1)
PY
else
  "$PY" - <<'PY'
"Run the notebook's code cells as nbdev-test would (in nbs/, IN_TEST=1, flagged cells skipped), with plain python."
import json, linecache, os, re, sys, time, types
os.environ['IN_TEST'] = '1'
try: import fastcore.test
except ImportError:  # a minimal stand-in for the four functions the notebook uses
    import numpy as np, torch
    def _arr(a): return a.detach().cpu().float().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)
    def _eq(a, b):
        if isinstance(a, (torch.Tensor, np.ndarray)) or isinstance(b, (torch.Tensor, np.ndarray)):
            a, b = _arr(a), _arr(b); return a.shape == b.shape and bool((a == b).all())
        if isinstance(a, dict) and isinstance(b, dict): return a.keys() == b.keys() and all(_eq(a[k], b[k]) for k in a)
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)): return len(a) == len(b) and all(map(_eq, a, b))
        return a == b
    def test_eq(a, b): assert _eq(a, b), f"==:\n{a}\n{b}"
    def test_ne(a, b): assert not _eq(a, b), f"!=:\n{a}\n{b}"
    def test_close(a, b, eps=1e-5):
        a, b = _arr(a), _arr(b); assert a.shape == b.shape and bool((abs(a - b) < eps).all()), f"close:\n{a}\n{b}"
    def test_fail(f, msg='', contains='', args=None, kwargs=None):
        try: f(*(args or []), **(kwargs or {}))
        except Exception as e:
            assert not contains or contains in str(e), f"{e!r} does not contain {contains!r}"; return
        assert False, f"expected an exception: {msg}"
    mod = types.ModuleType('fastcore.test')
    mod.__dict__.update(test_eq=test_eq, test_ne=test_ne, test_close=test_close, test_fail=test_fail)
    sys.modules['fastcore'] = types.ModuleType('fastcore'); sys.modules['fastcore.test'] = mod
    print('fastcore missing: using a minimal fastcore.test')
nb = json.load(open('nbs/52_cifar_train.ipynb'))
os.chdir('nbs')
ns, t0, skip = {'__name__': '__main__'}, time.time(), {'slow', 'cuda', 'notest'}
for i, c in enumerate(nb['cells']):
    if c['cell_type'] != 'code': continue
    src = ''.join(c['source'])
    heads = [l[2:].strip() for l in src.splitlines() if l.startswith('#|')]
    if skip & {w for h in heads for w in h.split()} or any(re.fullmatch(r'eval:\s*false', h) for h in heads): continue
    fname = f'<nbs/52_cifar_train.ipynb cell {i}>'
    linecache.cache[fname] = (len(src), None, src.splitlines(True), fname)  # as IPython does: revdeq.cli reads help texts from it
    exec(compile(src, fname, 'exec'), ns)
print(f'plain-python run of the notebook: passed in {time.time() - t0:.0f} s')
PY
fi
echo "== smoke test took $((SECONDS - t0)) s"

# 3. ten timed training steps of each model kind
echo "== timing training steps"
"$PY" - <<'PY'
import json, os, sys, tempfile, time, platform
import torch
from revdeq.cifar import load_cifar10, write_fake_cifar10
from revdeq.cifar_train import CifarConfig, benchmark, bench_table
from revdeq.data import have_data
cpu, data_dir, out, n = os.environ['CPU'] == '1', os.environ['CIFAR_DATA'], os.environ['OUT'], int(os.environ['STEPS'])
if cpu and not have_data('cifar10', instead='the CPU check of the script times on a fake copy'):
    data_dir = tempfile.mkdtemp(); write_fake_cifar10(data_dir, n=32)
if not cpu and not torch.cuda.is_available(): sys.exit('error: torch sees no GPU (scripts/gpu_cifar.sh --cpu checks the script on a CPU)')
device = 'cpu' if cpu else 'cuda'
size = dict(channels=(16, 32, 32, 16), batch_size=16) if cpu else {}  # on the GPU: the paper's model and batch 64
n, warmup = (2, 1) if cpu else (n, 3)
card = f'cpu ({torch.get_num_threads()} threads)' if cpu else torch.cuda.get_device_name()
print(f'device {card}, torch {torch.__version__}, python {platform.python_version()}; {n} timed steps after {warmup}')
data = load_cifar10(data_dir, download=False, verify=False)
rows = []
for kind, amp, cl in [('revdeq', False, False), ('revdeq', True, False), ('revdeq', True, True), ('deq', False, False), ('explicit', False, False)]:
    cfg = CifarConfig(model=kind, amp=amp, channels_last=cl, data=data_dir, download=False, verify=False, device=device, progress=False, **size)
    try: r = benchmark(cfg, n_steps=n, warmup=warmup, data=data)
    except Exception as e:  # one failing configuration (out of memory, say) still leaves the others' figures
        r = dict(model=kind, amp=amp, channels_last=cl, batch_size=cfg.batch_size, error=f'{type(e).__name__}: {str(e).splitlines()[0][:150] if str(e) else ""}')
    if not cpu: torch.cuda.empty_cache()
    rows.append(r)
    print(bench_table([r]).splitlines()[-1], flush=True)
table = bench_table(rows)
head = (f"CIFAR-10 training step, {'toy size on the CPU (a check of the script, not a result)' if cpu else 'paper configuration'}: "
        f"{n} steps after {warmup} warm-up, median; {card}; torch {torch.__version__}; {time.strftime('%Y-%m-%d %H:%M')}; "
        f"command: scripts/gpu_cifar.sh{' --cpu' if cpu else ''}")
print('\n' + head + '\n\n' + table)
with open(os.path.join(out, 'cifar_bench.md'), 'w') as f: f.write(head + '\n\n' + table + '\n')
with open(os.path.join(out, 'cifar_bench.json'), 'w') as f:
    json.dump(dict(card=card, torch=torch.__version__, python=platform.python_version(), cpu=cpu, n_steps=n, warmup=warmup, rows=rows), f, indent=1)
sys.exit(1 if any('error' in r for r in rows) else 0)
PY
echo "== done in $SECONDS s; results in $OUT/cifar_bench.md, cifar_bench.json, gpu_cifar.log"
}

main "$@" 2>&1 | tee "$OUT/gpu_cifar.log"
exit "${PIPESTATUS[0]}"
