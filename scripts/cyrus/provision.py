#!/usr/bin/env python3
"""Create the Tandem demo mailboxes, special-use folders and ACLs.

Run by scripts/cyrus/start.sh once, right after the first start of a fresh
state dir (python3 stdlib only). Talks IMAP over the unix socket in the
state dir, so it does not depend on the TCP IMAP port. Safe to re-run.

usage: provision.py --state STATE_DIR
"""
import argparse
import os
import sys

from unix_imap import UnixIMAP

ADMIN = ("cyrus", "cyrus-admin")
AGENTS = {"alice": "tandem", "bob": "tandem", "carol": "tandem"}
TEAM = ("support", "support")
AGENT_RIGHTS = "lrswipkxtecdn"

# (name as seen by the owner, special-use or None)
AGENT_FOLDERS = [("Sent", r"\Sent"), ("Drafts", r"\Drafts"), ("Trash", r"\Trash")]
TEAM_FOLDERS = [
    ("Sent", r"\Sent"),
    ("Archive", r"\Archive"),
    ("Tandem", None),
    ("Tandem/Notes", None),
    ("Tandem/Settings", None),
]


def q(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def login(sock, user, password):
    c = UnixIMAP(sock)
    c.login(user, password)
    return c


def ok_or_exists(typ, data, what):
    if typ == "OK":
        print(f"  {what}: ok")
        return
    text = b" ".join(d for d in data if isinstance(d, bytes)).decode(errors="replace")
    if "exists" in text.lower():
        print(f"  {what}: already there")
        return
    raise SystemExit(f"provision: {what} failed: {typ} {text}")


def exists(c, name):
    typ, data = c.list('""', q(name))
    return typ == "OK" and any(d for d in data if d)


def create(c, name, use=None):
    if exists(c, name):
        print(f"  {name}: already there")
        c.subscribe(q(name))
        return
    args = [q(name)]
    if use:
        args.append(f"(USE ({use}))")
    typ, data = c._simple_command("CREATE", *args)
    ok_or_exists(typ, data, f"CREATE {name}" + (f" USE {use}" if use else ""))
    c.subscribe(q(name))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True)
    args = ap.parse_args()
    sock = os.path.join(args.state, "conf", "socket", "imap")

    print("provision: creating user mailboxes as admin")
    adm = login(sock, *ADMIN)
    for user in list(AGENTS) + [TEAM[0]]:
        typ, data = adm._simple_command("CREATE", q(f"user/{user}"))
        ok_or_exists(typ, data, f"CREATE user/{user}")

    for user, pw in AGENTS.items():
        print(f"provision: folders of {user}")
        c = login(sock, user, pw)
        c.subscribe("INBOX")
        for name, use in AGENT_FOLDERS:
            create(c, name, use)
        c.logout()

    print("provision: folders and ACLs of the team inbox 'support'")
    c = login(sock, *TEAM)
    c.subscribe("INBOX")
    for name, use in TEAM_FOLDERS:
        create(c, name, use)
    for name in ["INBOX"] + [n for n, _ in TEAM_FOLDERS]:
        for agent in AGENTS:
            typ, data = c.setacl(q(name), agent, AGENT_RIGHTS)
            if typ != "OK":
                raise SystemExit(f"provision: SETACL {name} {agent} failed: {data}")
        print(f"  SETACL {name} {' '.join(AGENTS)} {AGENT_RIGHTS}: ok")
    c.logout()

    # \Seen stays per agent (Cyrus's default on mailboxes you do not own), like Front: an
    # agent's unread is what is new to them. Team-wide handling is carried by Tandem's
    # assignment and status keywords, not by read state.
    adm.logout()
    return 0


if __name__ == "__main__":
    sys.exit(main())
