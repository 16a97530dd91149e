#!/bin/sh
# read_cli.sh: placeholder until its module lands; skipped.
exit 77
