#!/usr/bin/env python3
"""A real NOTIFY_SOCKET: what systemd's manager listens on, for tests.

    notify_listener.py SOCKET LOG

Binds an AF_UNIX datagram socket at SOCKET and appends every notification to LOG as
"<monotonic seconds> <message with newlines as |>" (flushed per line), until killed. The tests
point NOTIFY_SOCKET at SOCKET and read LOG to see READY=1 and WATCHDOG=1 arrive (or stop).
"""
import os
import socket
import sys
import time

path, log = sys.argv[1], sys.argv[2]
if os.path.exists(path):
    os.unlink(path)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
os.chmod(path, 0o777)  # the kiosk may run as another user
with open(log, "a", buffering=1) as out:
    while True:
        data = sock.recv(4096)
        out.write("%.3f %s\n" % (time.monotonic(), data.decode("utf-8", "replace").strip().replace("\n", "|")))
