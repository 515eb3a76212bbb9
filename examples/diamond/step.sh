#!/bin/sh
# Usage: sh step.sh <name>. Prints what it got and reports a small JSON output.
set -eu
name="$1"
echo "step $name, attempt ${ORK_ATTEMPT:-1}, input ${ORK_INPUT_JSON:-{\}}"
echo "ORK_OUTPUT:{\"step\":\"$name\"}"
