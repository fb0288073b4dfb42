#!/usr/bin/env bash
# The reliability suite at a larger size than the test command runs it, then one summary table.
#   bash reliability/run.sh            # 20,000 SMS through the crash test (about 10 minutes on 2 cores)
#   MESSAGES=5000 bash reliability/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
MESSAGES="${MESSAGES:-20000}"
rm -rf target/reliability

# Crash (SIGKILL mid-send), webhook replays, PostgreSQL restart under traffic: the sandbox JVM.
./mvnw -q test -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='CrashRecoveryTests,WebhookReplayTests,DatabaseRestartTests,AuthorizationMatrixTests,BadInputTests' \
  -Dbloomtext.reliability.messages="$MESSAGES"
# Carrier faults (500s, timeouts, dropped connections): the Twilio adapter against LocalTwilio.
./mvnw -q test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='CarrierFaultTests' -Dbloomtext.test.carrier=twilio

echo
echo "Reliability summary ($(date -u +%Y-%m-%dT%H:%MZ), ${MESSAGES} SMS in the crash test)"
echo
echo "| figure | count |"
echo "|---|---|"
cat target/reliability/summary-*.md | grep '^| [a-z0-9]' | grep -v '^| figure' \
  | awk -F'|' '{gsub(/^ +| +$/, "", $2); gsub(/ /, "", $3); sum[$2] += $3; if (!($2 in seen)) { order[n++] = $2; seen[$2] = 1 } }
               END { for (i = 0; i < n; i++) printf "| %s | %d |\n", order[i], sum[order[i]] }'
