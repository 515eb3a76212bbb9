#!/bin/sh
# Inputs (including the bound interval) arrive as JSON in ORK_INPUT_JSON.
echo "loading $ORK_INPUT_JSON" >&2
