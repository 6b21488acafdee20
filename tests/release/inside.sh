#!/bin/sh
# Inside the root that tests/release/run made, as root, from the clean
# clone at /work/nss-iana: the README's first command as a new user types
# it (read from the README, so the two cannot part), then the steps of its
# second that check this release: the release build's tests, the static
# analysis, and the packages built with their tests, checked by lintian
# and installed, upgraded and purged in a throwaway root.  CI is the
# caller's: under CI=true (.ci/run) no test may report itself skipped.
set -eu
cd /work/nss-iana
. /etc/os-release
echo "==== ${PRETTY_NAME:-this release}: the README's first command"
first_command=$(sed -n '/^```sh$/{n;p;q}' README.md)
echo "\$ $first_command"
sh -c "$first_command"
sh tests/run release lint package
