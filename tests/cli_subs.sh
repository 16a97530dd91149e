#!/bin/sh
# cli_subs.sh: placeholder until its module lands; skipped.
exit 77
