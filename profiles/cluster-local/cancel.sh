#!/usr/bin/env bash
# Cancel jobs: each runs in its own session, whose leader's pid submit.sh recorded.
state="${ZHPRESS_CLUSTER_STATE:-.snakemake/cluster-local}"
for id in "$@"; do
  pid=$(cat "$state/job-$id.pid" 2>/dev/null) && kill -TERM -- "-$pid" 2>/dev/null || true
done
