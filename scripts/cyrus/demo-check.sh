#!/usr/bin/env bash
# Smoke-check a running, demo-seeded Tandem Cyrus server over JMAP with curl.
#
# usage: scripts/cyrus/demo-check.sh            (after start.sh + seed.py demo)
# env:   TANDEM_JMAP_PORT (8008), TANDEM_CHECK_WAIT (60 s for search indexing)
#
# Checks: /.well-known/jmap redirect, alice's session and its accounts (the
# shared 'support' account with isPersonal=false and the mail capability),
# full-text search (Xapian via the rolling squatter), RTL/CJK subjects,
# multi-message threads via Thread/get, and a counted-flag thread filter
# (someInThreadHaveKeyword "$flagged"; the flag is removed again afterwards).
set -euo pipefail

PORT="${TANDEM_JMAP_PORT:-8008}"
BASE="http://127.0.0.1:$PORT"
AUTH="alice:tandem"
WAIT="${TANDEM_CHECK_WAIT:-60}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SEED="$HERE/../seed/seed.py"
command -v curl >/dev/null || { echo "demo-check: curl is needed" >&2; exit 1; }

fail() { echo "demo-check: FAIL: $*" >&2; exit 1; }
ok() { echo "demo-check: ok: $*"; }

# constants from seed.py (single source of truth)
eval "$(PYTHONDONTWRITEBYTECODE=1 python3 - "$SEED" <<'EOF'
import importlib.util, shlex, sys
spec = importlib.util.spec_from_file_location("seed", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
for k in ("SEARCH_WORD", "SEARCH_WORD_SUBJECT", "ARABIC_SUBJECT", "CHINESE_SUBJECT", "LONG_THREAD_SUBJECT"):
    print(f"{k}={shlex.quote(getattr(m, k))}")
EOF
)"

# pretty-print / extract JSON with python (stdlib)
py() { local code="$1"; shift; python3 -c "$code" "$@"; }

# ------------------------------------------------------------ well-known
echo "== GET $BASE/.well-known/jmap"
wk="$(curl -s -o /dev/null -D - "$BASE/.well-known/jmap")" \
  || fail "no answer from $BASE (is scripts/cyrus/start.sh running with TANDEM_JMAP_PORT=$PORT?)"
wk="$(printf '%s' "$wk" | tr -d '\r')"
echo "$wk" | sed -n '1p;/^[Ll]ocation:/p'
status="$(echo "$wk" | head -1 | awk '{print $2}')"
location="$(echo "$wk" | sed -n 's/^[Ll]ocation: *//p')"
[[ "$status" == 301 && -n "$location" ]] || fail "/.well-known/jmap: expected 301 with Location"
ok "/.well-known/jmap -> $status $location"

# ------------------------------------------------------------ session
echo "== GET $location (as alice)"
session="$(curl -sf -u "$AUTH" "$location")" || fail "session GET $location failed"
echo "$session" | py '
import json, sys
s = json.load(sys.stdin)
print("apiUrl:", s["apiUrl"], " username:", s["username"])
for aid, a in s["accounts"].items():
    print("  account %s: name=%s isPersonal=%s isReadOnly=%s caps=%s" % (aid, a["name"],
          a["isPersonal"], a["isReadOnly"], sorted(a["accountCapabilities"])))
print("primaryAccounts mail:", s["primaryAccounts"]["urn:ietf:params:jmap:mail"])
a = s["accounts"].get("support")
assert a and a["isPersonal"] is False and "urn:ietf:params:jmap:mail" in a["accountCapabilities"], "no shared support account"
' || fail "alice's session lacks the shared support account"
ok "session has the shared account support (isPersonal=false, mail)"
API="$BASE$(echo "$session" | py 'import json,sys; print(json.load(sys.stdin)["apiUrl"])')"

jmap() { # JSON methodCalls on stdin -> response on stdout
  py 'import json,sys; print(json.dumps({"using":["urn:ietf:params:jmap:core","urn:ietf:params:jmap:mail"],"methodCalls":json.load(sys.stdin)}))' \
    | curl -sf -u "$AUTH" -H 'Content-Type: application/json' --data-binary @- "$API"
}

# ------------------------------------------------------------ full-text search
echo "== Email/query text:\"$SEARCH_WORD\" on support (Xapian, rolling squatter)"
end=$((SECONDS + WAIT)); total=0
while :; do
  res="$(jmap <<EOF
[["Email/query", {"accountId": "support", "filter": {"text": "$SEARCH_WORD"}, "calculateTotal": true}, "q"],
 ["Email/get", {"accountId": "support", "#ids": {"resultOf": "q", "name": "Email/query", "path": "/ids"},
                "properties": ["subject", "from"]}, "g"]]
EOF
)" || fail "Email/query request failed"
  total="$(echo "$res" | py '
import json,sys
r = json.load(sys.stdin)["methodResponses"]
if r[0][0] == "error": print("error:" + r[0][1]["type"]); sys.exit()
print(r[0][1]["total"])')"
  [[ "$total" =~ ^[1-9] ]] && break
  (( SECONDS < end )) || fail "text search for $SEARCH_WORD gave '$total' after ${WAIT}s (squatter running? demo seeded?)"
  sleep 2
done
echo "$res" | py '
import json,sys
for m in json.load(sys.stdin)["methodResponses"][1][1]["list"]:
    print("  ", m["id"], m["subject"], "<" + m["from"][0]["email"] + ">")'
ok "text search found $total emails"

# ------------------------------------------------------------ RTL / CJK subjects
for s in "$ARABIC_SUBJECT" "$CHINESE_SUBJECT"; do
  n="$(jmap <<EOF | py 'import json,sys; print(json.load(sys.stdin)["methodResponses"][0][1]["total"])'
[["Email/query", {"accountId": "support", "filter": {"subject": "$s"}, "calculateTotal": true}, "q"]]
EOF
)"
  [[ "$n" -ge 2 ]] || fail "subject $s: $n emails"
  ok "subject $s: $n emails"
done

# ------------------------------------------------------------ threads
echo "== Email/query collapseThreads + Thread/get on support"
jmap <<'EOF' >/tmp/demo-check.$$ || fail "thread query failed"
[["Email/query", {"accountId": "support", "collapseThreads": true, "calculateTotal": true,
                  "sort": [{"property": "receivedAt", "isAscending": false}], "limit": 200}, "q"],
 ["Email/get", {"accountId": "support", "#ids": {"resultOf": "q", "name": "Email/query", "path": "/ids"},
                "properties": ["threadId"]}, "g"],
 ["Thread/get", {"accountId": "support", "#ids": {"resultOf": "g", "name": "Email/get", "path": "/list/*/threadId"}}, "t"]]
EOF
thread="$(py '
import json,sys
r = json.load(open(sys.argv[1]))["methodResponses"]
threads = r[2][1]["list"]
multi = [t for t in threads if len(t["emailIds"]) > 1]
big = max(threads, key=lambda t: len(t["emailIds"]))
print("  %d threads, %d with more than one email, biggest has %d"
      % (len(threads), len(multi), len(big["emailIds"])), file=sys.stderr)
assert len(multi) >= 10 and len(big["emailIds"]) >= 6, "threading broken"
print(big["id"])' /tmp/demo-check.$$)" || { rm -f /tmp/demo-check.$$; fail "not enough multi-message threads"; }
rm -f /tmp/demo-check.$$
jmap <<EOF | py '
import json,sys
r = json.load(sys.stdin)["methodResponses"]
t = r[0][1]["list"][0]
print("  Thread", t["id"], "emailIds", t["emailIds"])
for m in r[1][1]["list"]:
    print("    ", m["sentAt"], m["from"][0]["name"], "|", m["subject"])'
[["Thread/get", {"accountId": "support", "ids": ["$thread"]}, "t"],
 ["Email/get", {"accountId": "support", "#ids": {"resultOf": "t", "name": "Thread/get", "path": "/list/*/emailIds"},
                "properties": ["subject", "from", "sentAt"]}, "g"]]
EOF
ok "multi-message threads present"

# ------------------------------------------------------------ counted flags
echo "== someInThreadHaveKeyword \$flagged (conversations_counted_flags)"
first="$(jmap <<EOF | py 'import json,sys; t=json.load(sys.stdin)["methodResponses"][0][1]["list"][0]; print(t["emailIds"][0])'
[["Thread/get", {"accountId": "support", "ids": ["$thread"]}, "t"]]
EOF
)"
res="$(jmap <<EOF
[["Email/set", {"accountId": "support", "update": {"$first": {"keywords/\$flagged": true}}}, "s"],
 ["Email/query", {"accountId": "support", "collapseThreads": true,
                  "filter": {"someInThreadHaveKeyword": "\$flagged"}}, "q"],
 ["Email/get", {"accountId": "support", "#ids": {"resultOf": "q", "name": "Email/query", "path": "/ids"},
                "properties": ["threadId"]}, "g"],
 ["Email/set", {"accountId": "support", "update": {"$first": {"keywords/\$flagged": null}}}, "u"]]
EOF
)"
echo "$res" | py '
import json,sys
r = json.load(sys.stdin)["methodResponses"]
assert r[1][0] == "Email/query", r[1]
tids = [m["threadId"] for m in r[2][1]["list"]]
print("  threads with a flagged email:", tids)
assert sys.argv[1] in tids, "flagged thread not found"' "$thread" || fail "someInThreadHaveKeyword \$flagged does not work"
ok "thread-keyword filter works (flag removed again)"

echo "demo-check: all checks passed"
