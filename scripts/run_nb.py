#!/usr/bin/env python
"""Run notebooks in place: execute every cell in order, as a Jupyter kernel would, and save the new outputs.

This is the runner that makes the committed outputs of the experiment and claims notebooks:

    python scripts/run_nb.py nbs/62_claim_nfe.ipynb               # every cell: the full run
    python scripts/run_nb.py nbs/57_lm_train.ipynb --skip slow    # cells flagged `#| slow` keep their committed outputs

Each notebook runs in its own folder (as `nbdev-test` runs it) and without `IN_TEST`, so a parameter cell that
reads `IN_TEST` chooses its full size (`nbdev-test` sets it and runs the smoke size). Cells marked `#| eval: false`
are not run, as in nbdev. The notebook is written only if every cell ran; a cell that raises stops the run, shows
its traceback, leaves the file as it was and makes the exit status 1. The written notebook is then cleaned with
`nbdev-clean`, as the repository keeps notebooks. The cells read their data from the data folder (`REVDEQ_DATA`,
by default ~/.cache/revdeq; see nbs/35_data.ipynb).

It uses execnb's `CaptureShell`, the shell `nbdev-test` runs notebooks in, and fastcore's notebook reader (both come
with nbdev, in the dev extra). Progress, one line a cell with its time, goes to stderr.
"""
import argparse, os, sys, time
from pathlib import Path


def cell_flags(source: str) -> set:
    "The directives of a cell's leading `#|` lines: `#| slow` gives 'slow', `#| eval: false` gives 'eval:false'."
    flags = set()
    for line in source.splitlines():
        if not line.startswith('#|'): break
        d = line[2:].strip()
        if d.replace(' ', '').lower() == 'eval:false': flags.add('eval:false')
        elif d: flags.add(d.split()[0].rstrip(':'))
    return flags


def run_notebook(path: Path, skip: set = frozenset(), timeout: int | None = None) -> bool:
    "Run the notebook at `path` in place, leaving the cells flagged with one of `skip` as they are; whether it ran."
    from fastcore.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    from nbdev.clean import nbdev_clean
    path = path.resolve()
    nb = read_nb(path)
    here, t_all = os.getcwd(), time.perf_counter()
    os.environ.pop('IN_TEST', None)
    n = sum(c.cell_type == 'code' for c in nb.cells)
    done, t0 = [0], {}

    def skipped(cell):
        if cell.cell_type != 'code': return True
        flags = cell_flags(cell.source)
        if 'eval:false' in flags or flags & skip:
            done[0] += 1
            print(f'[{done[0]}/{n}] kept ({", ".join(sorted(flags & (skip | {"eval:false"})))})', file=sys.stderr)
            return True
        t0[id(cell)] = time.perf_counter()
        return False

    def ran(cell):
        done[0] += 1
        first = (cell.source.splitlines() or [''])[0][:60]
        print(f'[{done[0]}/{n}] {time.perf_counter() - t0[id(cell)]:7.1f} s  {first}', file=sys.stderr)

    os.chdir(path.parent)
    shell = CaptureShell(path.parent)
    try: shell.run_all(nb, exc_stop=True, preproc=skipped, postproc=ran, cell_timeout=timeout)
    except Exception:
        print(shell.prettytb(fname=path), file=sys.stderr)
        print(f'{path.name}: stopped by an error; not written', file=sys.stderr)
        return False
    finally:
        os.chdir(here)
        shell.close()
    write_nb(nb, path)
    nbdev_clean(fname=str(path))
    print(f'{path.name}: written ({(time.perf_counter() - t_all) / 60:.1f} min)', file=sys.stderr)
    return True


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], epilog='See the top of scripts/run_nb.py.')
    p.add_argument('notebooks', nargs='+', type=Path, help='the notebooks to run, in order')
    p.add_argument('--skip', nargs='+', default=[], metavar='FLAG',
                   help='leave the cells with these flags (e.g. slow cuda) as they are, outputs included')
    p.add_argument('--timeout', type=int, default=None, help='seconds a cell may run (default: no limit)')
    args = p.parse_args(argv)
    for nb in args.notebooks:
        if not nb.is_file(): p.error(f'no notebook {nb}')
    for nb in args.notebooks:
        if not run_notebook(nb, set(args.skip), args.timeout): return 1
    return 0


if __name__ == '__main__': sys.exit(main())
