#!/usr/bin/env bash
# Submit a Snakemake job script: run it detached in its own session and print a job id.
set -euo pipefail
jobscript="${@: -1}"
state="${ZHPRESS_CLUSTER_STATE:-.snakemake/cluster-local}"
mkdir -p "$state"
job="$state/job-$$"
setsid bash -c 'bash "$1" > "$2.log" 2>&1; echo $? > "$2.exit"' _ "$jobscript" "$job" \
  < /dev/null > /dev/null 2>&1 &
echo $! > "$job.pid"
echo "$$"
