#!/usr/bin/env python3
"""SMTP sink for the local Tandem Cyrus server (python3 stdlib only).

Accepts every message on 127.0.0.1:PORT and stores it, never relays.
Each message becomes OUTDIR/<UTC timestamp>-<n>.eml whose first line is
    X-Sink-Envelope: from=<sender> to=<rcpt1>,<rcpt2>
followed by the message exactly as received (CRLF line endings).

usage: smtp_sink.py --port 2525 --dir STATE/sink [--host 127.0.0.1]
                    [--pidfile FILE] [--log FILE]
"""
import argparse
import asyncio
import datetime
import itertools
import os
import re
import signal
import sys

MAX_SIZE = 50 * 1024 * 1024
ADDR_RE = re.compile(r"^\s*(?:FROM|TO)\s*:\s*(<[^>]*>|\S+)(.*)$", re.I)

counter = itertools.count(1)
LOG = sys.stderr


def log(msg: str) -> None:
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    print(f"{stamp} smtp_sink: {msg}", file=LOG, flush=True)


def store(outdir: str, mail_from: str, rcpts: list, data: bytes) -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    name = f"{now.strftime('%Y%m%dT%H%M%S.%f')}Z-{next(counter)}.eml"
    path = os.path.join(outdir, name)
    env = f"X-Sink-Envelope: from=<{mail_from}> to={','.join('<%s>' % r for r in rcpts)}\r\n"
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(env.encode("utf-8", "surrogateescape"))
        f.write(data)
    os.rename(tmp, path)
    return path


class Session:
    def __init__(self, reader, writer, outdir, hostname):
        self.r = reader
        self.w = writer
        self.outdir = outdir
        self.hostname = hostname
        self.reset()

    def reset(self):
        self.mail_from = None
        self.rcpts = []

    async def reply(self, line: str):
        self.w.write((line + "\r\n").encode())
        await self.w.drain()

    async def read_data(self):
        chunks = []
        size = 0
        too_big = False
        while True:
            line = await self.r.readline()
            if not line:
                raise ConnectionError("eof in DATA")
            if line in (b".\r\n", b".\n"):
                break
            if line.startswith(b".."):
                line = line[1:]
            if not line.endswith(b"\r\n"):
                line = line.rstrip(b"\n") + b"\r\n"
            size += len(line)
            if size > MAX_SIZE:
                too_big = True
            else:
                chunks.append(line)
        return b"".join(chunks), too_big

    async def run(self):
        peer = self.w.get_extra_info("peername")
        await self.reply(f"220 {self.hostname} ESMTP tandem smtp sink")
        while True:
            raw = await self.r.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "surrogateescape").rstrip("\r\n")
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.reset()
                for ext in (f"250-{self.hostname} hello {arg}", "250-PIPELINING",
                            f"250-SIZE {MAX_SIZE}", "250-8BITMIME", "250-SMTPUTF8",
                            "250-DSN", "250 ENHANCEDSTATUSCODES"):
                    self.w.write((ext + "\r\n").encode())
                await self.w.drain()
            elif verb == "HELO":
                self.reset()
                await self.reply(f"250 {self.hostname}")
            elif verb == "MAIL":
                m = ADDR_RE.match(arg)
                if not m or not arg.upper().lstrip().startswith("FROM"):
                    await self.reply("501 5.5.4 syntax: MAIL FROM:<address>")
                    continue
                self.reset()
                self.mail_from = m.group(1).strip("<>")
                await self.reply("250 2.1.0 ok")
            elif verb == "RCPT":
                m = ADDR_RE.match(arg)
                if self.mail_from is None:
                    await self.reply("503 5.5.1 need MAIL first")
                elif not m or not arg.upper().lstrip().startswith("TO"):
                    await self.reply("501 5.5.4 syntax: RCPT TO:<address>")
                else:
                    self.rcpts.append(m.group(1).strip("<>"))
                    await self.reply("250 2.1.5 ok")
            elif verb == "DATA":
                if self.mail_from is None or not self.rcpts:
                    await self.reply("503 5.5.1 need MAIL and RCPT first")
                    continue
                await self.reply("354 end data with <CR><LF>.<CR><LF>")
                data, too_big = await self.read_data()
                if too_big:
                    await self.reply("552 5.3.4 message too big")
                else:
                    path = store(self.outdir, self.mail_from, self.rcpts, data)
                    log(f"stored {os.path.basename(path)} from=<{self.mail_from}> "
                        f"to={self.rcpts} ({len(data)} bytes) peer={peer}")
                    await self.reply(f"250 2.0.0 ok queued as {os.path.basename(path)}")
                self.reset()
            elif verb == "RSET":
                self.reset()
                await self.reply("250 2.0.0 ok")
            elif verb == "NOOP":
                await self.reply("250 2.0.0 ok")
            elif verb == "VRFY":
                await self.reply("252 2.1.5 cannot verify, will accept")
            elif verb == "QUIT":
                await self.reply("221 2.0.0 bye")
                return
            else:
                await self.reply("502 5.5.2 command not implemented")


async def serve(args):
    os.makedirs(args.dir, exist_ok=True)

    async def handle(reader, writer):
        try:
            await Session(reader, writer, args.dir, args.hostname).run()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except Exception as e:  # keep serving whatever one client does
            log(f"session error: {e!r}")
        finally:
            try:
                writer.close()
            except Exception:
                pass

    server = await asyncio.start_server(handle, args.host, args.port, limit=1 << 20)
    if args.pidfile:
        with open(args.pidfile, "w") as f:
            f.write(f"{os.getpid()}\n")
    log(f"listening on {args.host}:{args.port}, storing into {args.dir}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    if args.pidfile:
        try:
            os.unlink(args.pidfile)
        except OSError:
            pass
    log("stopped")


def main() -> int:
    global LOG
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=int(os.environ.get("TANDEM_SMTP_PORT", "2525")))
    ap.add_argument("--dir", required=True)
    ap.add_argument("--pidfile")
    ap.add_argument("--log")
    ap.add_argument("--hostname", default="sink.tandem.test")
    args = ap.parse_args()
    if args.log:
        LOG = open(args.log, "a", buffering=1)
    try:
        asyncio.run(serve(args))
    except OSError as e:
        log(f"cannot listen on {args.host}:{args.port}: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
