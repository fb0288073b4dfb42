#!/usr/bin/env bash
# Runs every BloomText benchmark scenario and writes bench/results/<date>.md. See bench/README.md.
#   bench/run.sh            full size (about the time the README says)
#   bench/run.sh --small    1/100 of the data, a few minutes: to try the harness
#   bench/run.sh --tenth --only inbox   1/10 of the inbox data: to time its generation
#   bench/run.sh --only send,inbound   some scenarios only (send, inbound, inbox, import, live, drain)
#   bench/run.sh --small --only send,inbound --requests 20   20 requests per client in scenarios 1 and 2
set -euo pipefail
cd "$(dirname "$0")/.."
size=full
scenarios=all
requests=
while [ $# -gt 0 ]; do
  case "$1" in
    --small) size=small ;;
    --tenth) size=tenth ;;
    --only) shift; scenarios="$1" ;;
    --requests) shift; requests="$1" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
exec ./mvnw -q -Pbench test -Dtest=BloomTextBenchmarks -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.size="$size" -Dbench.scenarios="$scenarios" ${requests:+-Dbench.requests="$requests"} -DtrimStackTrace=false
