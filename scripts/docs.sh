#!/usr/bin/env bash
# Build the documentation site offline, without Quarto and without any download:
#   scripts/docs.sh            -> site in _proc/_docs/ (open _proc/_docs/index.html, or serve it:
#                                 python -m http.server -d _proc/_docs, then http://localhost:8000)
# It needs the docs extra (nbdev, smalldocs, latex2mathml): pip install -e '.[docs]' (the dev extra includes it).
# nbdev-proc-nbs runs nbdev's doc processors on nbs/ into _proc/ (show_doc entries, doclinks, front matter);
# it executes only export cells, import cells and show_doc cells of notebooks that have API entries, so
# training cells do not run. smalldocs (pure Python, PyPI) then renders _proc/ with nbs/_quarto.yml and
# nbs/sidebar.yml into _proc/_docs/; equations become MathML (no KaTeX download), links become relative and the
# search index is embedded in the pages, so search works from file:// (revdeq.dev.docs, nbs/90_docs.ipynb).
# Users with Quarto run `nbdev-docs` instead (site in _docs/).
# Pass --force to rebuild every notebook instead of only those changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] && export PATH="$PWD/.venv/bin:$PATH"
PY="$(command -v python || command -v python3)"
if ! command -v nbdev-proc-nbs >/dev/null || ! command -v smalldocs >/dev/null || ! "$PY" -c "import latex2mathml, revdeq" 2>/dev/null; then
  echo "scripts/docs.sh needs the docs tools: pip install -e '.[docs]' (in .venv: .venv/bin/pip install -e '.[docs]')" >&2
  exit 2
fi
# (not nbdev-proc-nbs --force: that also regenerates nbs/sidebar.yml, ignoring custom_sidebar)
[ "${1:-}" = "--force" ] && rm -rf _proc
# nbdev-proc-nbs installs Quarto (download, sudo) when it finds none; it does not need it to process notebooks,
# so put a stand-in on PATH that says so if anything calls it.
if ! command -v quarto >/dev/null; then
  stub="$(mktemp -d)"; trap 'rm -rf "$stub"' EXIT
  printf '#!/bin/sh\necho "quarto is not installed; scripts/docs.sh builds with smalldocs" >&2\nexit 1\n' > "$stub/quarto"
  chmod +x "$stub/quarto"; export PATH="$stub:$PATH"
fi
start=$SECONDS
nbdev-proc-nbs --file-re '\.(?:ipynb|qmd|html)$'
# drop what only Quarto reads from the processed copy; then any smalldocs warning stops the build (--strict)
"$PY" -c "from revdeq.dev.docs import for_smalldocs; for_smalldocs('_proc')"
smalldocs render --quiet --strict _proc
# offline: equations as MathML, pages also under their published names, links under site-url made relative,
# the folded test cells out of the search index, and the index embedded in the pages
"$PY" -c "import yaml; from revdeq.dev.docs import render_math, localize_site, unindex_checks, embed_search
render_math('_proc/_docs'); localize_site('_proc/_docs', yaml.safe_load(open('nbs/nbdev.yml'))['website']['site-url'])
unindex_checks('_proc/_docs', '_proc'); embed_search('_proc/_docs')"
echo "site: $PWD/_proc/_docs/index.html ($((SECONDS - start)) s; search works from the file, or serve it: python -m http.server -d _proc/_docs)"
