#!/usr/bin/env bash
# Builds dueregard's static front end into ../dueregard/static so the app runs without Node.
#
# Outputs (all committed):
#   dueregard/static/dueregard/app.css                  GOV.UK Frontend + app styles, Arial only
#   dueregard/static/dueregard/govuk-frontend.min.js    GOV.UK Frontend ES module bundle
#   dueregard/static/dueregard/htmx.min.js
#   dueregard/static/govuk/assets/                      non-brand GOV.UK Frontend assets, if any
#
# GOV.UK brand assets (crown, crest, GOV.UK logo, favicons, GDS Transport fonts) are only
# for GOV.UK services, so they are removed after copying and the build fails if the CSS
# still points at a font or at any file that was not shipped.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

static="$here/../dueregard/static"
out="$static/dueregard"
assets="$static/govuk/assets"
govuk="node_modules/govuk-frontend/dist/govuk"

if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

mkdir -p "$out"

npx sass --pkg-importer=node --style=compressed --no-source-map scss/app.scss "$out/app.css"

# The source map is not shipped, so drop the comment that points browsers at it.
sed -E 's#//[#@] sourceMappingURL=[^[:space:]]*[[:space:]]*$##' \
  "$govuk/govuk-frontend.min.js" >"$out/govuk-frontend.min.js"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"

# Start from a clean copy so assets withheld by an earlier build never linger.
rm -rf "$assets"
mkdir -p "$assets"
cp -R "$govuk/assets/." "$assets/"

rm -rf "$assets/fonts"
find "$assets" -type f \( \
    -iname '*crown*' -o -iname '*crest*' -o -iname '*govuk-logo*' -o -iname 'favicon*' \
    -o -iname 'govuk-icon*' -o -iname 'govuk-opengraph*' \
  \) -delete
# The web app manifest only lists the GOV.UK crown icons deleted above.
rm -f "$assets/manifest.json"
find "$static/govuk" -depth -type d -empty -delete

css="$out/app.css"
if grep -Eiq '@font-face|GDS Transport|\.woff2?\b|\.ttf\b|\.otf\b|\.eot\b' "$css"; then
  echo "build.sh: $css still references a font file or GDS Transport" >&2
  exit 1
fi

# Every non-inline url() in the CSS must resolve to a file that is shipped.
missing=0
while IFS= read -r url; do
  case "$url" in
    data:*) continue ;;
    /static/*) path="$static/${url#/static/}" ;;
    *) echo "build.sh: unexpected url($url) in $css" >&2; missing=1; continue ;;
  esac
  if [[ ! -f "${path%%[?#]*}" ]]; then
    echo "build.sh: $css references $url, which is not shipped" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | sort -u)
if [[ "$missing" -ne 0 ]]; then
  exit 1
fi

shipped="$(find "$static/govuk" -type f 2>/dev/null || true)"
if grep -Eiq 'crown|crest|govuk-logo|favicon|govuk-icon|opengraph|/fonts/|\.(woff2?|ttf|otf|eot)$' \
    <<<"$shipped"; then
  echo "build.sh: a GOV.UK brand asset or font was shipped" >&2
  exit 1
fi

echo "Built $(cd "$static" && pwd)"
