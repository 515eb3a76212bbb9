#!/bin/sh
# The run's data interval arrives in the environment (ISO-8601, UTC).
echo "extracting [$ORK_INTERVAL_START, $ORK_INTERVAL_END)" >&2
echo 'ORK_OUTPUT:{"rows": 24}'
