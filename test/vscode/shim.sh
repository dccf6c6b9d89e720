#!/bin/sh
# Executable wrapper: runTests() spawns vscodeExecutablePath directly.
exec node "$(dirname "$0")/shim.mjs" "$@"
