#!/usr/bin/env bash
# Vendor front-end assets into static/vendor/ so nothing is loaded from a CDN.
#
# Idempotent: each static/vendor/<pkg>/ directory is wiped and rebuilt from the
# pinned npm tarball. Only minified dist files + license files are copied.
# sourceMappingURL comments are stripped because the .map files are not
# vendored (ManifestStaticFilesStorage would fail on the missing references).
#
# Requires: npm, tar, sed. To upgrade, change the pins below and re-run.
set -euo pipefail

BOOTSTRAP_VERSION="5.3.9"
BOOTSTRAP_ICONS_VERSION="1.13.2"
ECHARTS_VERSION="6.1.0"
HTMX_VERSION="2.0.11"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch <pkg> <version> -> prints the extracted package dir
fetch() {
    local pkg="$1" version="$2" tgz dest
    tgz="$(cd "$TMP" && npm pack --silent "${pkg}@${version}" | tail -n 1)"
    dest="$TMP/${pkg}-${version}"
    mkdir -p "$dest"
    tar -xzf "$TMP/$tgz" -C "$dest"
    printf '%s\n' "$dest/package"
}

# copy <src-root> <dest-root> <relative-src>:<relative-dest> ...
copy() {
    local src="$1" dest="$2" spec
    shift 2
    for spec in "$@"; do
        local from="${spec%%:*}" to="${spec#*:}"
        mkdir -p "$(dirname "$dest/$to")"
        cp "$src/$from" "$dest/$to"
    done
}

# Remove sourceMappingURL comments from minified files (in place).
strip_sourcemaps() {
    local f
    for f in "$@"; do
        sed -i -E \
            -e '/^[[:space:]]*\/\/[#@] sourceMappingURL=[^[:space:]]*[[:space:]]*$/d' \
            -e '/^[[:space:]]*\/\*[#@] sourceMappingURL=[^*]*\*\/[[:space:]]*$/d' \
            "$f"
        if grep -q 'sourceMappingURL=' "$f"; then
            echo "error: sourceMappingURL still present in $f" >&2
            exit 1
        fi
    done
}

reset_dir() {
    rm -rf "$1"
    mkdir -p "$1"
}

mkdir -p "$VENDOR"

# --- bootstrap -------------------------------------------------------------
src="$(fetch bootstrap "$BOOTSTRAP_VERSION")"
dest="$VENDOR/bootstrap"
reset_dir "$dest"
copy "$src" "$dest" \
    dist/css/bootstrap.min.css:bootstrap.min.css \
    dist/js/bootstrap.bundle.min.js:bootstrap.bundle.min.js \
    LICENSE:LICENSE
strip_sourcemaps "$dest/bootstrap.min.css" "$dest/bootstrap.bundle.min.js"

# --- bootstrap-icons (font CSS + fonts referenced by it) -------------------
src="$(fetch bootstrap-icons "$BOOTSTRAP_ICONS_VERSION")"
dest="$VENDOR/bootstrap-icons"
reset_dir "$dest"
copy "$src" "$dest" \
    font/bootstrap-icons.min.css:bootstrap-icons.min.css \
    font/fonts/bootstrap-icons.woff2:fonts/bootstrap-icons.woff2 \
    LICENSE:LICENSE
# The CSS @font-face also lists the .woff fallback; keep it if referenced so
# ManifestStaticFilesStorage (and browsers) don't hit a missing file.
if grep -q 'bootstrap-icons\.woff?' "$dest/bootstrap-icons.min.css"; then
    copy "$src" "$dest" font/fonts/bootstrap-icons.woff:fonts/bootstrap-icons.woff
fi
strip_sourcemaps "$dest/bootstrap-icons.min.css"

# --- echarts ---------------------------------------------------------------
src="$(fetch echarts "$ECHARTS_VERSION")"
dest="$VENDOR/echarts"
reset_dir "$dest"
copy "$src" "$dest" \
    dist/echarts.min.js:echarts.min.js \
    LICENSE:LICENSE
if [[ -f "$src/NOTICE" ]]; then copy "$src" "$dest" NOTICE:NOTICE; fi
# LICENSE points to /licenses/LICENSE-d3 for the embedded d3 code.
if [[ -f "$src/licenses/LICENSE-d3" ]]; then
    copy "$src" "$dest" licenses/LICENSE-d3:licenses/LICENSE-d3
fi
strip_sourcemaps "$dest/echarts.min.js"

# --- htmx ------------------------------------------------------------------
src="$(fetch htmx.org "$HTMX_VERSION")"
dest="$VENDOR/htmx.org"
reset_dir "$dest"
copy "$src" "$dest" \
    dist/htmx.min.js:htmx.min.js \
    LICENSE:LICENSE
strip_sourcemaps "$dest/htmx.min.js"

# --- versions --------------------------------------------------------------
cat > "$VENDOR/VERSIONS.txt" <<EOF
bootstrap@${BOOTSTRAP_VERSION}
bootstrap-icons@${BOOTSTRAP_ICONS_VERSION}
echarts@${ECHARTS_VERSION}
htmx.org@${HTMX_VERSION}
EOF

echo "Vendored assets written to $VENDOR:"
(cd "$VENDOR" && find . -type f | sort)
