#!/usr/bin/env bash
# Rebuilds regions.csv from the npm package idn-area-data 4.0.1 (ODbL 1.0). Run by hand when the
# data set is updated; the app only reads the committed regions.csv.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack idn-area-data@4.0.1 >/dev/null && tar xzf idn-area-data-4.0.1.tgz)
data="$work/package/data"
# Time zone per province (Permendagri/Keppres 41/1987): WITA for Bali, Nusa Tenggara, South/East/North
# Kalimantan and Sulawesi; WIT for Maluku and Papua; WIB elsewhere.
tz() {
  case "$1" in
    51|52|53|63|64|65|71|72|73|74|75|76) echo WITA ;;
    81|82|9?) echo WIT ;;
    *) echo WIB ;;
  esac
}
{
  echo "code,province_code,name,time_zone"
  tail -n +2 "$data/provinces.csv" | tr -d '\r' | while IFS=, read -r code name; do
    echo "$code,,$name,$(tz "$code")"
  done
  tail -n +2 "$data/regencies.csv" | tr -d '\r' | while IFS=, read -r code prov name; do
    echo "$code,$prov,$name,$(tz "$prov")"
  done
} > "$here/regions.csv"
cp "$data/LICENSE.md" "$here/ODbL-1.0.md"
echo "wrote $(($(wc -l < "$here/regions.csv") - 1)) regions"
