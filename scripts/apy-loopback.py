#!/usr/bin/python3
"""Runs Apertium APy bound to 127.0.0.1 only (APy itself binds every interface).

Usage: /usr/bin/python3 scripts/apy-loopback.py -p PORT /usr/share/apertium/modes
Any other APy option is passed through. Needs Debian's apertium-apy and python3-tornado.
"""
import sys

import tornado.tcpserver
from apertium_apy import apy

_bind = tornado.tcpserver.TCPServer.bind


def _bind_loopback(self, port, address=None, *args, **kwargs):
    return _bind(self, port, "127.0.0.1", *args, **kwargs)


tornado.tcpserver.TCPServer.bind = _bind_loopback
sys.argv[0] = "apertium-apy"
apy.main()
