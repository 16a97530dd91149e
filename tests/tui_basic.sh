#!/bin/sh
# tui_basic.sh: placeholder until the ui module lands; skipped.
exit 77
