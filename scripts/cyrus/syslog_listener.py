#!/usr/bin/env python3
"""Tiny /dev/log catcher for machines without a syslog daemon.

Binds a unix datagram socket (default /dev/log) and appends every message
to a log file. Started by scripts/cyrus/start.sh only when nothing listens
on /dev/log; stopped by scripts/cyrus/stop.sh through its pid file. On exit
it removes the socket it created (only if it is still its own).

usage: syslog_listener.py --socket /dev/log --log STATE/log/syslog --pidfile PID
"""
import argparse
import datetime
import os
import re
import signal
import socket
import sys

PRI_RE = re.compile(rb"^<(\d{1,3})>")
STAMP_RE = re.compile(rb"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d ")
SEVERITY = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", default="/dev/log")
    ap.add_argument("--log", required=True)
    ap.add_argument("--pidfile", required=True)
    args = ap.parse_args()

    if os.path.exists(args.socket):
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            probe.connect(args.socket)
            print(f"syslog_listener: {args.socket} already has a listener", file=sys.stderr)
            return 1
        except OSError:
            os.unlink(args.socket)  # stale socket, nobody behind it
        finally:
            probe.close()

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(args.socket)
    os.chmod(args.socket, 0o666)
    ino = os.stat(args.socket).st_ino

    def cleanup(*_):
        try:
            if os.stat(args.socket).st_ino == ino:
                os.unlink(args.socket)
        except OSError:
            pass
        try:
            os.unlink(args.pidfile)
        except OSError:
            pass
        os._exit(0)

    signal.signal(signal.SIGTERM, cleanup)
    signal.signal(signal.SIGINT, cleanup)
    with open(args.pidfile, "w") as f:
        f.write(f"{os.getpid()}\n")

    out = open(args.log, "ab", buffering=0)
    while True:
        data = sock.recv(65536)
        sev = ""
        m = PRI_RE.match(data)
        if m:
            sev = SEVERITY[int(m.group(1)) & 7]
            data = data[m.end():]
        data = STAMP_RE.sub(b"", data, count=1)
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
        out.write(stamp.encode() + b" " + sev.encode() + b" " + data.rstrip(b"\n\0") + b"\n")


if __name__ == "__main__":
    sys.exit(main())
