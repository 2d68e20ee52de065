#!/usr/bin/env bash
# `npm test`: build, typecheck, then unit (Node's test runner, Python client included), integration
# (mocha in code-server's real extension host) and UI (headless Chromium) suites. Every suite runs even
# when an earlier one fails; the last line sums them all: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
out=.test-output
mkdir -p "$out"
passed=0
failed=0
status=0

count() { # suite-name log-file: adds the suite's own "N passed, N failed" or node's "ℹ pass/fail" counts
  local p f
  p=$(grep -aoE '^(ℹ|#) pass [0-9]+' "$2" | tail -1 | grep -oE '[0-9]+$')
  f=$(grep -aoE '^(ℹ|#) fail [0-9]+' "$2" | tail -1 | grep -oE '[0-9]+$')
  if [ -z "$p" ]; then
    p=$(grep -aoE '[0-9]+ passed, [0-9]+ failed' "$2" | tail -1 | grep -oE '^[0-9]+')
    f=$(grep -aoE '[0-9]+ passed, [0-9]+ failed' "$2" | tail -1 | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
  fi
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  echo "== $1: ${p:-0} passed, ${f:-0} failed"
}

run_suite() { # name command...
  local name=$1; shift
  echo "== $name"
  "$@" 2>&1 | tee "$out/$name.log"
  local rc=${PIPESTATUS[0]}
  count "$name" "$out/$name.log"
  if [ "$rc" -ne 0 ]; then
    status=1
    # A suite that crashed before reporting still counts as a failure.
    grep -aqE '(ℹ|#) fail [1-9]|[1-9][0-9]* failed' "$out/$name.log" || failed=$((failed + 1))
  fi
}

run_suite build npm run --silent build
run_suite typecheck npm run --silent typecheck
node scripts/build-tests.mjs >/dev/null || status=1
run_suite unit node --import tsx --test --test-reporter=spec --test-concurrency=1 test/unit/*.test.ts
run_suite reliability node --import tsx --test --test-reporter=spec --test-concurrency=1 test/reliability/*.test.ts
run_suite browser node --import tsx --test --test-reporter=spec --test-concurrency=1 test/browser/*.test.ts
run_suite integration node --import tsx test/harness/run-exthost-tests.ts
run_suite package npm run --silent package
run_suite ui node --import tsx test/harness/run-ui-tests.ts

echo
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
