#!/usr/bin/env bash
# Smoke test of the standalone build: builds dist/reader/ (make dist), then runs the built program:
# --version, an import of articles/ with entities (same mentions as the source run), a PDF import
# (the PDF reader runs in a spawned child of the frozen program), a bulk import (a reading process,
# then recognition worker processes of the frozen program), and the window opened offscreen,
# on an existing library and on a new one (which imports the bundled articles).
# Exits non-zero on the first failure; prints timings.
#
#   scripts/smoke_dist.sh              build, then test
#   scripts/smoke_dist.sh --no-build   test the existing dist/reader/
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=1
[[ "${1:-}" == "--no-build" ]] && BUILD=0
PY=${PY:-.venv/bin/python}
APP=dist/reader/reader
GUI=dist/reader/reader-gui
WINDOW_TIMEOUT=${WINDOW_TIMEOUT:-180}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Keep the user's settings and library out of it.
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_CACHE_HOME="$TMP/cache"
unset READER_DB READER_THEME READER_SELECT

TIMINGS=()
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
record() { TIMINGS+=("$(printf '%-50s %6s s' "$1" "$2")"); echo "    ok ($2 s)"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "==> $*"; }
# sql DB QUERY: one value, read with the venv's Python (sqlite3 is not always installed).
sql() { "$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2"; }
is_png() { [[ -s "$1" ]] && [[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ]]; }

if (( BUILD )); then
    step "make dist"
    t=$(now)
    make dist
    record "build (make dist)" "$(elapsed "$t")"
fi
[[ -x "$APP" ]] || fail "$APP is missing: run make dist"
[[ -x "$GUI" ]] || fail "$GUI is missing: run make dist"
SIZE=$(du -sh dist/reader | cut -f1)
echo "    dist/reader: $SIZE"

step "reader --version"
t=$(now)
expected="reader $(sed -n 's/^__version__ = "\(.*\)"/\1/p' reader/__init__.py)"
got=$("$APP" --version)
[[ "$got" == "$expected" ]] || fail "--version printed '$got', expected '$expected'"
record "--version" "$(elapsed "$t")"

step "reader import articles/ (with entities)"
DB="$TMP/cli.sqlite"
t=$(now)
"$APP" --db "$DB" import articles/ > "$TMP/import.out" || { cat "$TMP/import.out"; fail "import of articles/ failed"; }
record "import articles/ with entities" "$(elapsed "$t")"
n_files=$(find articles -type f \( -name '*.md' -o -name '*.txt' -o -name '*.html' -o -name '*.pdf' \) | wc -l)
n_listed=$("$APP" --db "$DB" list | wc -l)
[[ "$n_listed" -eq "$n_files" ]] || fail "reader list shows $n_listed articles, articles/ has $n_files files"
mentions=$(sql "$DB" "select count(*) from mentions")
entities=$(sql "$DB" "select count(*) from entities")
(( mentions > 0 )) || fail "no entity mentions stored: the spaCy model did not run in the build"
echo "    $n_listed articles, $entities entities, $mentions mentions"

step "same entities as the source run ($PY -m reader)"
t=$(now)
"$PY" -m reader --db "$TMP/source.sqlite" import articles/ > /dev/null
source_mentions=$(sql "$TMP/source.sqlite" "select count(*) from mentions")
[[ "$mentions" -eq "$source_mentions" ]] \
    || fail "the build stored $mentions mentions, the source run $source_mentions: a model or resource file is missing"
by_source=$(sql "$DB" "select group_concat(source || '=' || n, ' ') from (select source, count(*) n from mentions group by source)")
echo "    mentions by source: $by_source"
record "source run for comparison" "$(elapsed "$t")"

step "reader import a PDF (spawned child process)"
PDF="$TMP/smoke.pdf"
"$PY" - "$PDF" <<'EOF'
import sys

import pymupdf

doc = pymupdf.open()
page = doc.new_page()
page.insert_text((72, 72), "Bakou et Moscou", fontsize=18)
page.insert_text((72, 110), "Vladimir Poutine a rencontré Ilham Aliev à Bakou le 12 mars 2024.", fontsize=11)
page.insert_text((72, 130), "L'OTAN observe la situation dans le Caucase du Sud.", fontsize=11)
doc.set_metadata({"title": "Bakou et Moscou"})
doc.save(sys.argv[1])
EOF
t=$(now)
out=$("$APP" --db "$DB" import --json "$PDF") || { echo "$out"; fail "PDF import failed"; }
record "import a PDF" "$(elapsed "$t")"
echo "    $out"
pdf_id=$(printf '%s' "$out" | "$PY" -c 'import json, sys; r = json.loads(sys.stdin.readline()); assert r["status"] == "imported", r; print(r["id"])') \
    || fail "PDF not imported: $out"
"$APP" --db "$DB" show "$pdf_id" | grep -q "Ilham Aliev" || fail "the PDF's text is not in the library"
pdf_mentions=$(sql "$DB" "select count(*) from mentions where article_id = $pdf_id")
(( pdf_mentions > 0 )) || fail "no entities found in the PDF"
echo "    article #$pdf_id, $pdf_mentions mentions"

step "reader import a saved news page, export html and pdf (data files of trafilatura, PyMuPDF)"
cat > "$TMP/page.html" <<'EOF'
<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Bakou reçoit l'OTAN | Le Journal</title>
<meta name="author" content="Marie Dupont"><meta property="article:published_time" content="2024-03-12T10:00:00Z">
</head><body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Bakou reçoit l'OTAN</h1>
<p>Le secrétaire général de l'OTAN, Jens Stoltenberg, a rencontré le président Ilham Aliev à Bakou mardi.
Les deux hommes ont évoqué la sécurité dans le Caucase du Sud et les relations avec la Russie.</p>
<p>Selon le ministère des Affaires étrangères de l'Azerbaïdjan, la visite marque une nouvelle étape dans la
coopération entre l'Alliance atlantique et le pays, partenaire depuis 1994.</p></article>
<footer>© Le Journal 2024</footer><script>alert(1)</script></body></html>
EOF
t=$(now)
"$APP" --db "$DB" import --no-entities "$TMP/page.html" > /dev/null || fail "HTML import failed"
page=$(sql "$DB" "select author || ' ' || published from articles where title = 'Bakou reçoit l''OTAN'")
[[ "$page" == "Marie Dupont 2024-03-12" ]] || fail "HTML page metadata not extracted: '$page'"
for format in html pdf; do
    "$APP" --db "$DB" export --format "$format" --all -o "$TMP/export.$format" > /dev/null \
        || fail "export --format $format failed"
    [[ -s "$TMP/export.$format" ]] || fail "export --format $format wrote nothing"
done
[[ "$(head -c 5 "$TMP/export.pdf")" == "%PDF-" ]] || fail "the PDF export is not a PDF"
record "HTML import, html and pdf export" "$(elapsed "$t")"

step "reader import of many files: a reading process (--no-entities), then recognition workers"
BULK="$TMP/bulk"
"$PY" - "$BULK" <<'EOF'
import sys
from pathlib import Path

folder = Path(sys.argv[1])
for i in range(2100):
    sub = folder / ("recognised" if i < 30 else "plain") / f"{i // 500:02d}"
    sub.mkdir(parents=True, exist_ok=True)
    (sub / f"note-{i:04d}.md").write_text(f"# Dépêche {i}\n\nIlham Aliyev a reçu à Bakou, le {1 + i % 28} mars 2024, "
                                          f"une délégation de l'OTAN ({i}).\n", encoding="utf-8")
EOF
t=$(now)
"$APP" --db "$TMP/bulk.sqlite" import --no-entities "$BULK/plain" > "$TMP/bulk.out" \
    || { tail -5 "$TMP/bulk.out"; fail "import --no-entities of 2,070 files failed"; }
bulk=$(sql "$TMP/bulk.sqlite" "select count(*) from articles")
[[ "$bulk" -eq 2070 ]] || fail "import --no-entities of 2,070 files stored $bulk articles"
"$APP" --db "$TMP/bulk.sqlite" import "$BULK/recognised" > "$TMP/bulk.out" \
    || { tail -5 "$TMP/bulk.out"; fail "import of 30 files with entities (worker processes) failed"; }
recognised=$(sql "$TMP/bulk.sqlite" "select count(distinct article_id) from mentions")
[[ "$recognised" -eq 30 ]] || fail "the recognition workers found entities in $recognised of 30 articles"
record "import 2,070 files (reading process), 30 with workers" "$(elapsed "$t")"

# The window: it shows itself, renders the first article, saves a screenshot and quits.
open_window() {  # open_window LABEL EXE DB SHOT
    local label=$1 exe=$2 db=$3 shot=$4 t rc=0
    t=$(now)
    QT_QPA_PLATFORM=offscreen READER_SCREENSHOT="$shot" timeout "$WINDOW_TIMEOUT" "$exe" --db "$db" \
        > "$TMP/window.log" 2>&1 || rc=$?
    local took
    took=$(elapsed "$t")
    if (( rc != 0 )) || ! is_png "$shot"; then
        cat "$TMP/window.log" >&2
        fail "$label: exit status $rc, screenshot $(is_png "$shot" && echo saved || echo missing)"
    fi
    grep -q "Traceback" "$TMP/window.log" && { cat "$TMP/window.log" >&2; fail "$label: a traceback was logged"; }
    record "$label" "$took"
}

step "window offscreen, existing library (reader)"
open_window "window: launch to screenshot, existing library" "$APP" "$DB" "$TMP/existing.png"

step "window offscreen, new library: imports the bundled articles (reader-gui)"
open_window "window: first start (bundled import + NER)" "$GUI" "$TMP/first.sqlite" "$TMP/first.png"
first_articles=$(sql "$TMP/first.sqlite" "select count(*) from articles")
[[ "$first_articles" -eq "$n_files" ]] || fail "first start imported $first_articles bundled articles, expected $n_files"

echo
echo "Standalone build smoke test passed. dist/reader: $SIZE"
printf '  %s\n' "${TIMINGS[@]}"
