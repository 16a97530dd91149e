#!/usr/bin/env python3
"""httpd.py: the local test HTTP server (being written)."""
