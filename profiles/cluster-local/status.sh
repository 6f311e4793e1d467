#!/usr/bin/env bash
# Print running, success or failed for a job id from submit.sh.
state="${ZHPRESS_CLUSTER_STATE:-.snakemake/cluster-local}"
exit_file="$state/job-$1.exit"
if [ ! -f "$exit_file" ]; then echo running
elif [ "$(cat "$exit_file")" = 0 ]; then echo success
else echo failed
fi
