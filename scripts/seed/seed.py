#!/usr/bin/env python3
"""Seed the local Tandem Cyrus server with realistic support mail.

python3 stdlib only. Mail is delivered over LMTP on the unix socket of a
state dir made by scripts/cyrus/start.sh (one connection, many messages).

  seed.py --state STATE_DIR demo
      ~40 support threads into support's INBOX (dates over the last 3 weeks),
      plus 3 personal mails into alice's INBOX.
  seed.py --state STATE_DIR bulk N [--user support] [--seed 1]
      N emails in threads of 1-6 messages, dates over the last year.

Options:
  --via lmtp|imap  lmtp (default): Cyrus sets receivedAt (internaldate) to
                   the delivery time; only sentAt/Date is spread over time.
                   imap: APPEND over the state dir's IMAP socket as the user,
                   with INTERNALDATE = Date, so receivedAt is spread too (and
                   Thread emailIds come out in date order), and with the
                   $HasAttachment flag that the hasAttachment filter needs.

LMTP recipients are bare user names ("support", "alice"): with virtdomains
off Cyrus ignores any @domain part. `demo` does nothing when demo mail is
already in support's INBOX (unless --force); `bulk` adds N more every run
(Cyrus' duplicate suppression keys on Message-ID *and* Date, and the dates
are relative to now).
"""
import argparse
import base64
import datetime as dt
import email.utils
import imaplib
import os
import random
import smtplib
import struct
import sys
import time
import zlib
from email.header import Header

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cyrus"))
from unix_imap import UnixIMAP  # noqa: E402

# --------------------------------------------------------------------------
# Constants that tests may refer to
# --------------------------------------------------------------------------
DOMAIN = "tandem.test"
SUPPORT_USER = "support"
SUPPORT_ADDR = "support@tandem.test"
SUPPORT_NAME = "Tandem Support"
PASSWORDS = {"support": "support", "alice": "tandem", "bob": "tandem", "carol": "tandem"}

ARABIC_SUBJECT = "مشكلة في تسجيل الدخول إلى الحساب"
CHINESE_SUBJECT = "发票金额不正确"
HOSTILE_SUBJECT = '<b>bold</b> & "quotes"'
HOSTILE_FROM_NAME = "<script>alert('from')</script> Mallory"
HTML_ONLY_SUBJECT = "Your order #58213 has shipped"
ALTERNATIVE_SUBJECT = "Feature request: dark mode for the dashboard"
LONG_THREAD_SUBJECT = "Data export keeps timing out"
PDF_SUBJECT = "Invoice copy for March"
SCREENSHOT_SUBJECT = "Error when uploading CSV file"
# a word that occurs in exactly one demo thread (full-text search checks)
SEARCH_WORD = "kumquat"
SEARCH_WORD_SUBJECT = "Wrong delivery address on recurring order"

# Subjects of all demo threads in support's INBOX (replies use "Re: " + it)
DEMO_SUBJECTS = [
    ARABIC_SUBJECT,
    CHINESE_SUBJECT,
    HOSTILE_SUBJECT,
    HTML_ONLY_SUBJECT,
    ALTERNATIVE_SUBJECT,
    LONG_THREAD_SUBJECT,
    PDF_SUBJECT,
    SCREENSHOT_SUBJECT,
    SEARCH_WORD_SUBJECT,
    "Cannot reset my password",
    "Charged twice this month",
    "How do I add a second admin?",
    "Two-factor codes not arriving by SMS",
    "Question about the annual plan discount",
    "Mobile app crashes on startup (Android 14)",
    "Please cancel my subscription",
    "Webhook deliveries failing with 401",
    "Can I change the email address on my account?",
    "Slow page loads since Tuesday",
    "GDPR data deletion request",
    "Calendar sync duplicates every event",
    "Bulk import stuck at 99%",
    "Need a W-9 form for our records",
    "Team members can't see shared folders",
    "Upgrade to Business plan",
    "API rate limit clarification",
    "Report totals don't match the export",
    "Login link expired immediately",
    "Thank you!",
    "Printer integration stopped working",
    "Wrong time zone on invoices",
    "Is there an on-premise version?",
    "Account locked after too many attempts",
    "Missing emails from last week",
    "Partnership inquiry",
    "Accessibility: screen reader issues in the editor",
    "Refund request for unused seats",
    "SSO with Okta returns an error",
    "Demande de facture au nom de la société",
    "Urgent: production outage?",
]

ALICE_SUBJECTS = [
    "Team offsite on Friday",
    "Lunch tomorrow?",
    "Your weekly support stats",
]

# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------
AGENTS = {
    "alice": ("Alice Martin | Tandem Support", SUPPORT_ADDR),
    "bob": ("Bob Nguyen | Tandem Support", SUPPORT_ADDR),
    "carol": ("Carol Díaz | Tandem Support", SUPPORT_ADDR),
}
C = {
    "maria": ("María González", "maria.gonzalez@acme-logistics.example"),
    "tom": ("Tom Becker", "tom.becker@brightpath.example"),
    "priya": ("Priya Raman", "priya@lumen-studio.example"),
    "jl": ("Jean-Luc Moreau", "jl.moreau@vignoble-moreau.example"),
    "sofia": ("Sofia Lindqvist", "sofia.lindqvist@nordhavn.example"),
    "kwame": ("Kwame Mensah", "kwame@mensah-farms.example"),
    "hannah": ("Hannah Schmidt", "h.schmidt@kita-sonnenschein.example"),
    "daniel": ("Daniel Okafor", "daniel.okafor@okafor-legal.example"),
    "emily": ("Emily Chen", "emily.chen@pixelpeak.example"),
    "lucas": ("Lucas Silva", "lucas.silva@cafe-aurora.example"),
    "ahmed": ("أحمد منصور", "ahmed@example.net"),
    "wang": ("王伟", "wang.wei@example.cn"),
    "mallory": (HOSTILE_FROM_NAME, "mallory@evil.example"),
    "yuki": ("Yuki Tanaka", "yuki.tanaka@sakura-travel.example"),
    "olivia": ("Olivia Brown", "olivia@brownandco.example"),
    "noreply": ("ShopRocket", "no-reply@shoprocket.example"),
    "ravi": ("Ravi Patel", "ravi.patel@quantumleaf.example"),
    "anna": ("Anna Kowalska", "anna.kowalska@polmark.example"),
    "mike": ("Mike O'Connor", "mike@oconnor-plumbing.example"),
    "grace": ("Grace Kim", "grace.kim@kumquat-bakery.example"),
}


# --------------------------------------------------------------------------
# MIME building (bytes, CRLF)
# --------------------------------------------------------------------------
def hdr(value: str) -> str:
    """RFC 2047-encode a header value when it is not plain ASCII."""
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        return Header(value, "utf-8").encode(maxlinelen=76)


def addr(name: str, mail: str) -> str:
    return email.utils.formataddr((name, mail), charset="utf-8")


def fold_b64(data: bytes) -> str:
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def qp(text: str) -> str:
    import quopri
    return quopri.encodestring(text.replace("\r\n", "\n").encode("utf-8")).decode().replace("\n", "\r\n")


def text_part(text: str, subtype: str = "plain", cte: str = "8bit") -> str:
    if cte == "base64":
        body = fold_b64(text.encode("utf-8"))
    elif cte == "quoted-printable":
        body = qp(text)
    else:
        body = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return (f"Content-Type: text/{subtype}; charset=utf-8\r\n"
            f"Content-Transfer-Encoding: {cte}\r\n\r\n{body}\r\n")


def attachment_part(filename: str, ctype: str, data: bytes) -> str:
    return (f'Content-Type: {ctype}; name="{filename}"\r\n'
            f'Content-Disposition: attachment; filename="{filename}"\r\n'
            f"Content-Transfer-Encoding: base64\r\n\r\n{fold_b64(data)}\r\n")


def multipart(subtype: str, parts, boundary: str) -> str:
    out = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'
           "This is a multi-part message in MIME format.\r\n"]
    for p in parts:
        out.append(f"--{boundary}\r\n{p}")
    out.append(f"--{boundary}--\r\n")
    return "".join(out)


def build_message(*, frm, to, subject, date, msgid, body_entity, in_reply_to=None,
                  references=(), extra=()) -> bytes:
    h = [
        f"From: {frm}",
        f"To: {to}",
        f"Subject: {hdr(subject)}",
        f"Date: {email.utils.format_datetime(date)}",
        f"Message-ID: {msgid}",
    ]
    if in_reply_to:
        h.append(f"In-Reply-To: {in_reply_to}")
    if references:
        h.append("References: " + "\r\n ".join(references))
    h.extend(extra)
    h.append("MIME-Version: 1.0")
    return ("\r\n".join(h) + "\r\n" + body_entity).encode("utf-8")


def tiny_png(w=24, h=16) -> bytes:
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b""
    for y in range(h):
        rows += b"\x00" + b"".join(bytes((220, 40 + 8 * y, 40 + 6 * x)) for x in range(w))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def tiny_pdf(text: str) -> bytes:
    stream = f"BT /F1 16 Tf 30 100 Td ({text}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


# --------------------------------------------------------------------------
# Delivery
# --------------------------------------------------------------------------
class SeedError(Exception):
    pass


class Deliverer:
    def __init__(self, state: str, via: str):
        self.state = state
        self.via = via
        self.count = 0
        self.bytes = 0
        self.lmtp = None
        self.imap = {}
        sockdir = os.path.join(state, "conf", "socket")
        self.lmtp_path = os.path.join(sockdir, "lmtp")
        self.imap_path = os.path.join(sockdir, "imap")
        path = self.lmtp_path if via == "lmtp" else self.imap_path
        if not os.path.exists(path):
            raise SeedError(f"no socket {path}: is the server running? (scripts/cyrus/start.sh {state})")
        if via == "lmtp":
            try:
                self.lmtp = smtplib.LMTP(self.lmtp_path)
                code, resp = self.lmtp.ehlo("tandem-seed")
            except (OSError, smtplib.SMTPException) as e:
                raise SeedError(f"cannot talk LMTP on {self.lmtp_path}: {e}")
            if code != 250:
                raise SeedError(f"LMTP LHLO failed: {code} {resp!r}")

    def deliver(self, user: str, sender: str, data: bytes, when: dt.datetime):
        if self.via == "lmtp":
            try:
                self.lmtp.sendmail(sender, [user], data)
            except smtplib.SMTPException as e:
                raise SeedError(f"LMTP delivery to {user} failed: {e}")
        else:
            c = self.imap.get(user)
            if c is None:
                if user not in PASSWORDS:
                    raise SeedError(f"--via imap needs the password of {user}")
                c = UnixIMAP(self.imap_path)
                c.login(user, PASSWORDS[user])
                self.imap[user] = c
            # what Email/import would do (jmap_set_has_attachment); LMTP can't set flags
            flags = "($HasAttachment)" if b"Content-Disposition: attachment" in data else None
            typ, resp = c.append("INBOX", flags, imaplib.Time2Internaldate(when), data)
            if typ != "OK":
                raise SeedError(f"IMAP APPEND to {user} failed: {resp}")
        self.count += 1
        self.bytes += len(data)

    def close(self):
        if self.lmtp:
            try:
                self.lmtp.quit()
            except Exception:
                pass
        for c in self.imap.values():
            try:
                c.logout()
            except Exception:
                pass


# --------------------------------------------------------------------------
# Demo data
# --------------------------------------------------------------------------
def sig(agent: str) -> str:
    name = AGENTS[agent][0].split(" |")[0]
    return f"\n\nBest regards,\n{name}\nTandem Support"


def quote(text: str, who: str, when: dt.datetime) -> str:
    lines = "\n".join("> " + l if l else ">" for l in text.strip().splitlines())
    return f"\n\nOn {when.strftime('%a, %d %b %Y at %H:%M')}, {who} wrote:\n{lines}\n"


# Each thread: (subject, customer key, start days ago, [messages]).
# A message is (author, hours after the previous message, body[, kind]);
# author is "c" for the customer or an agent name. kind selects a special
# MIME shape (see demo_message()).
DEMO_THREADS = [
    (ARABIC_SUBJECT, "ahmed", 2.3, [
        ("c", 0, "مرحباً،\n\nلا أستطيع تسجيل الدخول إلى حسابي منذ صباح اليوم. تظهر رسالة "
                 "\"كلمة المرور غير صحيحة\" مع أنني متأكد من أنها صحيحة، وقد جربت إعادة "
                 "تعيينها مرتين دون جدوى.\n\nأرجو المساعدة في أسرع وقت، فلدي اجتماع مع العملاء غداً.\n\n"
                 "مع الشكر،\nأحمد منصور", "qp"),
        ("carol", 3.5, "أهلاً أحمد،\n\nشكراً لتواصلك معنا. لقد قمنا بإلغاء قفل حسابك بعد عدة محاولات "
                       "دخول فاشلة. يمكنك الآن تسجيل الدخول مجدداً باستخدام رابط إعادة التعيين الذي "
                       "أرسلناه إلى بريدك.\n\nإذا استمرت المشكلة، أخبرنا بنوع المتصفح الذي تستخدمه.\n\n"
                       "مع أطيب التحيات،\nكارول\nفريق دعم Tandem", "qp"),
    ]),
    (CHINESE_SUBJECT, "wang", 4.1, [
        ("c", 0, "您好，\n\n我们收到的三月份发票金额是 ¥12,800，但根据合同，我们的年度套餐每月应为 "
                 "¥9,600。多出的部分似乎是重复计算了五个用户席位。\n\n请帮忙核对并重新开具发票。\n\n"
                 "谢谢！\n王伟\n财务部", "b64"),
        ("bob", 20, "王先生，您好：\n\n非常抱歉给您带来不便。我们核实后确认，系统在三月份误将五个已删除的"
                    "席位计入账单。更正后的发票已经生成，差额 ¥3,200 将在 5 个工作日内退回原支付账户。\n\n"
                    "如有其他问题，请随时联系我们。\n\n祝好，\nBob\nTandem 客户支持", "b64"),
    ]),
    (HOSTILE_SUBJECT, "mallory", 1.2, [
        ("c", 0, None, "hostile"),
    ]),
    (HTML_ONLY_SUBJECT, "noreply", 6.0, [
        ("c", 0, None, "html-only"),
    ]),
    (ALTERNATIVE_SUBJECT, "emily", 9.2, [
        ("c", 0, None, "alternative"),
        ("alice", 5, "Hi Emily,\n\nThanks for the detailed write-up and the mockup link! Dark mode "
                     "is on our roadmap for this quarter. I've added your notes (especially the "
                     "contrast issue in charts) to the feature ticket and will let you know as "
                     "soon as it is in beta." + sig("alice")),
        ("c", 30, "That's great news, thank you Alice! Happy to be a beta tester if you need one.\n\nEmily"),
    ]),
    (LONG_THREAD_SUBJECT, "sofia", 12.5, [
        ("c", 0, "Hello,\n\nWhen I try to export all projects as CSV the page spins for a few minutes "
                 "and then shows \"Request timed out\". We have about 3,000 projects. Smaller exports "
                 "work fine.\n\nSofia Lindqvist\nNordhavn Shipping"),
        ("bob", 2, "Hi Sofia,\n\nSorry about that. Could you tell me roughly what time you tried the "
                   "export, and whether you selected \"include archived projects\"?" + sig("bob")),
        ("c", 4, "Hi Bob,\n\nIt was around 09:40 CET today, and yes, archived projects were included."),
        ("bob", 20, "Thanks! I can see the failed job in our logs. Large exports with archived projects "
                    "run into a 120 s limit. As a workaround, could you export active and archived "
                    "projects separately?" + sig("bob")),
        ("c", 3, "The active export worked, but the archived one (about 2,200 projects) still times out."),
        ("alice", 26, "Hi Sofia, Alice here, I'm taking over from Bob today. Our engineers raised the "
                      "limit for background exports; exports are now emailed to you as a download link "
                      "when they are ready. Could you give it one more try?" + sig("alice")),
        ("c", 5, "It worked! I got the link after about 4 minutes and the file looks complete. "
                 "Thanks to both of you.\n\nSofia"),
    ]),
    (PDF_SUBJECT, "olivia", 8.7, [
        ("c", 0, "Hi there,\n\nOur accountant needs a copy of the March invoice with our VAT number "
                 "(GB 123 4567 89) on it. Could you send one?\n\nThanks,\nOlivia Brown\nBrown & Co."),
        ("carol", 6, None, "pdf"),
    ]),
    (SCREENSHOT_SUBJECT, "priya", 3.4, [
        ("c", 0, None, "screenshot"),
        ("alice", 1.5, "Hi Priya,\n\nThanks for the screenshot and the log, that helps a lot. The file "
                       "uses semicolons as separators; in the import dialog you can switch the "
                       "delimiter to \";\" under \"Advanced\". Let me know if that fixes it!" + sig("alice")),
        ("c", 2, "Switching the delimiter did it. Thank you!\n\nPriya"),
    ]),
    (SEARCH_WORD_SUBJECT, "grace", 5.6, [
        ("c", 0, "Hello,\n\nOur weekly order of kumquat jam jars is still going to our old bakery "
                 "address on Mill Street, even though I changed the address in the settings last "
                 "month. Could you update the recurring order to 14 Harbour Road?\n\nGrace Kim\nKumquat Bakery"),
        ("bob", 4, "Hi Grace,\n\nRecurring orders keep the address they were created with; I've updated "
                   "it to 14 Harbour Road for all future deliveries." + sig("bob")),
    ]),
    ("Cannot reset my password", "tom", 0.4, [
        ("c", 0, "Hi,\n\nI requested a password reset three times but never got the email. I checked "
                 "spam as well.\n\nTom"),
    ]),
    ("Charged twice this month", "maria", 1.9, [
        ("c", 0, "Hello,\n\nI see two charges of $49.00 on our company card for this month's "
                 "subscription, on the 3rd and the 4th. Please refund the duplicate.\n\nMaría González\n"
                 "Acme Logistics"),
        ("carol", 2, "Hi María,\n\nYou're right, the renewal was retried after a timeout and went through "
                     "twice. I've refunded the second charge; it should appear on your card within "
                     "5-10 business days." + sig("carol")),
        ("c", 18, "Thank you for the quick fix!"),
    ]),
    ("How do I add a second admin?", "kwame", 14.2, [
        ("c", 0, "Hello, my colleague needs admin rights too. Where can I set that? Kwame"),
        ("alice", 3, "Hi Kwame,\n\nGo to Settings -> Team, click the three dots next to your colleague's "
                     "name and choose \"Make admin\"." + sig("alice")),
    ]),
    ("Two-factor codes not arriving by SMS", "yuki", 0.9, [
        ("c", 0, "Hello,\n\nSince yesterday I don't receive the SMS codes for two-factor login. My number "
                 "is a Japanese mobile number (+81). Is there a known problem?\n\nYuki Tanaka"),
        ("bob", 1, "Hi Yuki,\n\nOur SMS provider had delivery delays to some Japanese carriers yesterday. "
                   "It should be resolved now; you can also switch to an authenticator app under "
                   "Security settings." + sig("bob")),
        ("c", 2.5, "Codes arrive again, thanks."),
    ]),
    ("Question about the annual plan discount", "lucas", 17.0, [
        ("c", 0, "Hi! If we switch to yearly billing now, do we get the 20% discount on the remaining "
                 "months too? Lucas, Café Aurora"),
    ]),
    ("Mobile app crashes on startup (Android 14)", "anna", 2.8, [
        ("c", 0, "Hello,\n\nAfter the latest update the Android app closes immediately after the splash "
                 "screen. Phone: Pixel 7, Android 14. Reinstalling did not help.\n\nAnna Kowalska"),
        ("carol", 5, "Hi Anna,\n\nThank you for reporting this. We found the cause (a crash when the "
                     "device language is Polish) and a fixed version 5.12.1 is rolling out today." + sig("carol")),
    ]),
    ("Please cancel my subscription", "mike", 11.3, [
        ("c", 0, "Please cancel my subscription at the end of the current period. We're closing the "
                 "shop for the winter.\n\nMike O'Connor"),
        ("alice", 2, "Hi Mike,\n\nDone: your subscription will end on the 30th and you won't be charged "
                     "again. Your data stays available for 90 days if you want to come back in spring." + sig("alice")),
        ("c", 1, "Perfect, thanks Alice."),
    ]),
    ("Webhook deliveries failing with 401", "ravi", 3.9, [
        ("c", 0, "Hi,\n\nAll webhook deliveries to our endpoint fail with 401 since we rotated our "
                 "signing secret. Do we need to update something on your side?\n\nRavi Patel\nQuantumLeaf"),
        ("bob", 3, "Hi Ravi,\n\nYes, after rotating the secret you need to click \"Re-verify endpoint\" "
                   "in the webhook settings so that we start signing with the new secret." + sig("bob")),
        ("c", 1, "That was it. Deliveries are green again."),
        ("bob", 0.5, "Great to hear! Closing this ticket then." + sig("bob")),
    ]),
    ("Can I change the email address on my account?", "hannah", 19.5, [
        ("c", 0, "Guten Tag,\n\ncan I change the login email of our account from my private address to "
                 "info@kita-sonnenschein.example?\n\nViele Grüße\nHannah Schmidt"),
        ("carol", 4, "Hallo Hannah,\n\nyes: Settings -> Profile -> Email. You'll get a confirmation link "
                     "at the new address." + sig("carol")),
    ]),
    ("Slow page loads since Tuesday", "daniel", 6.6, [
        ("c", 0, "Hello,\n\nSince Tuesday every page in the dashboard takes 8-10 seconds to load. "
                 "Our internet connection is fine.\n\nDaniel Okafor"),
    ]),
    ("GDPR data deletion request", "jl", 15.8, [
        ("c", 0, "Bonjour,\n\nUnder Article 17 GDPR I ask you to delete all personal data you hold about "
                 "me and my former employee account.\n\nJean-Luc Moreau"),
        ("alice", 6, "Bonjour Jean-Luc,\n\nWe have received your request and will complete the deletion "
                     "within 30 days. You'll receive a confirmation once it's done." + sig("alice")),
    ]),
    ("Calendar sync duplicates every event", "emily", 7.3, [
        ("c", 0, "Every event synced from Google Calendar shows up twice in the planner. Help?\n\nEmily"),
    ]),
    ("Bulk import stuck at 99%", "tom", 10.1, [
        ("c", 0, "The contact import has been stuck at 99% for an hour. 12,000 rows. Should I wait?"),
        ("carol", 1, "Hi Tom,\n\nThe last step deduplicates contacts and can take a while for large files. "
                     "I checked: your import finished a few minutes ago." + sig("carol")),
    ]),
    ("Need a W-9 form for our records", "daniel", 13.4, [
        ("c", 0, "Could you send us your W-9 form? Our finance team needs it before paying the invoice."),
    ]),
    ("Team members can't see shared folders", "priya", 16.9, [
        ("c", 0, "Hi,\n\nI shared the \"Clients 2024\" folder with my team but they don't see it.\n\nPriya"),
        ("bob", 2, "Hi Priya,\n\nShared folders appear after your teammates accept the invitation in "
                   "Notifications. Could you check with them?" + sig("bob")),
        ("c", 20, "Found it, the invitations were waiting there. Thanks!"),
    ]),
    ("Upgrade to Business plan", "olivia", 18.2, [
        ("c", 0, "We'd like to upgrade to Business for 25 seats. Can we pay by bank transfer?\n\nOlivia"),
        ("alice", 3, "Hi Olivia,\n\nYes, for annual Business plans we can invoice you for a bank transfer. "
                     "I've sent the quote to your email." + sig("alice")),
    ]),
    ("API rate limit clarification", "ravi", 20.3, [
        ("c", 0, "Is the API rate limit of 600 requests per minute per token or per account?"),
        ("bob", 5, "Hi Ravi, it's per account, shared by all tokens." + sig("bob")),
    ]),
    ("Report totals don't match the export", "maria", 4.8, [
        ("c", 0, "The monthly report says 1,204 shipments but the CSV export has 1,198 rows. Which one "
                 "is right?\n\nMaría"),
    ]),
    ("Login link expired immediately", "sofia", 1.1, [
        ("c", 0, "The magic login link says \"expired\" even when I click it right away."),
        ("carol", 1.5, "Hi Sofia,\n\nSome email security scanners open links before you do, which uses up "
                       "the link. Could you try the 6-digit code option instead?" + sig("carol")),
    ]),
    ("Thank you!", "kwame", 8.1, [
        ("c", 0, "Just wanted to say thanks to the whole team for the help with our migration last week. "
                 "Everything runs smoothly now!\n\nKwame"),
    ]),
    ("Printer integration stopped working", "lucas", 0.2, [
        ("c", 0, "Hi,\n\nOur receipt printer (Epson TM-T20) stopped printing orders this morning. "
                 "Nothing changed on our side.\n\nLucas"),
    ]),
    ("Wrong time zone on invoices", "yuki", 9.9, [
        ("c", 0, "Our invoices show UTC times instead of Japan time. Can this be changed?"),
        ("alice", 4, "Hi Yuki,\n\nYes: Settings -> Billing -> Time zone. New invoices will use it." + sig("alice")),
    ]),
    ("Is there an on-premise version?", "daniel", 20.8, [
        ("c", 0, "For compliance reasons we'd need to host the software ourselves. Is that possible?"),
    ]),
    ("Account locked after too many attempts", "anna", 0.7, [
        ("c", 0, "My account is locked after I mistyped my password. How long do I have to wait?"),
        ("bob", 0.8, "Hi Anna,\n\nThe lock lasts 30 minutes, but I've unlocked it for you now." + sig("bob")),
    ]),
    ("Missing emails from last week", "hannah", 5.1, [
        ("c", 0, "Several notification emails from last week never arrived. Could you check?\n\nHannah"),
    ]),
    ("Partnership inquiry", "ravi", 12.0, [
        ("c", 0, "Hello, QuantumLeaf would like to discuss an integration partnership. Who is the right "
                 "contact?\n\nRavi"),
        ("carol", 24, "Hi Ravi,\n\nI've forwarded your message to our partnerships team; they will contact "
                      "you this week." + sig("carol")),
    ]),
    ("Accessibility: screen reader issues in the editor", "jl", 3.0, [
        ("c", 0, "With NVDA the editor toolbar buttons are announced as \"button\" without labels. "
                 "This makes the editor hard to use for our blind colleague."),
        ("alice", 2, "Hi Jean-Luc,\n\nThank you for flagging this, accessibility bugs are a priority for us. "
                     "I've filed it with our front-end team." + sig("alice")),
        ("c", 48, "Any update on this?"),
    ]),
    ("Refund request for unused seats", "mike", 13.9, [
        ("c", 0, "We paid for 10 seats but only use 6. Can we get a refund for the other 4?"),
    ]),
    ("SSO with Okta returns an error", "emily", 2.1, [
        ("c", 0, "After configuring SAML with Okta we get \"Invalid audience\" on login.\n\nEmily"),
        ("bob", 1, "Hi Emily,\n\nThe audience URI in Okta must be exactly the Entity ID shown in our SSO "
                   "settings, including the trailing slash." + sig("bob")),
        ("c", 0.5, "Trailing slash, of course. Works now!"),
    ]),
    ("Demande de facture au nom de la société", "jl", 6.9, [
        ("c", 0, "Bonjour,\n\nPourriez-vous établir nos factures au nom de « Vignoble Moreau SARL » "
                 "plutôt qu'à mon nom personnel ?\n\nCordialement,\nJean-Luc Moreau"),
        ("carol", 3, "Bonjour Jean-Luc,\n\nC'est fait : les prochaines factures seront établies au nom de "
                     "Vignoble Moreau SARL." + sig("carol")),
    ]),
    ("Urgent: production outage?", "maria", 0.05, [
        ("c", 0, "Is the service down? None of our drivers can log in to the app right now!!\n\nMaría"),
    ]),
]

ALICE_MAILS = [
    ("Team offsite on Friday", ("Carol Díaz", "carol@tandem.test"), 1.5,
     "Hi all,\n\nReminder: team offsite this Friday at 10:00, meeting room \"Harbour\". "
     "Lunch is on us.\n\nCarol"),
    ("Lunch tomorrow?", ("Bob Nguyen", "bob@tandem.test"), 0.3,
     "Alice, lunch tomorrow at 12:30? The new ramen place opened.\n\nBob"),
    ("Your weekly support stats", ("Tandem Reports", "reports@tandem.test"), 3.0,
     "Hi Alice,\n\nLast week you closed 42 conversations with a median first response time of "
     "38 minutes. Customer satisfaction: 96%.\n\nHave a great week!"),
]


def demo_message(kind, text):
    """Return the MIME entity (headers after MIME-Version + body) for a demo message."""
    if kind is None:
        return text_part(text)
    if kind == "qp":
        return text_part(text, cte="quoted-printable")
    if kind == "b64":
        return text_part(text, cte="base64")
    if kind == "hostile":
        html = (
            "<html><head><style>body{display:none} .x{background:url(http://tracker.invalid/bg.gif)}</style>"
            "<script>alert(1)</script></head>"
            "<body onload=\"alert('onload')\">"
            "<p>Hi <b>support</b> &amp; friends,</p>"
            "<p>Please check my account urgently: <a href=\"javascript:alert('link')\">click here</a>.</p>"
            "<img src=\"http://tracker.invalid/pixel.gif\" width=\"1\" height=\"1\" onerror=\"alert('img')\">"
            "<iframe src=\"http://tracker.invalid/frame\"></iframe>"
            "<form action=\"http://tracker.invalid/steal\"><input name=\"password\" type=\"password\"></form>"
            "<svg onload=\"alert('svg')\"></svg>"
            "<p>\"Quotes\" &lt;not a tag&gt; and a <script>document.cookie</script> inline.</p>"
            "</body></html>"
        )
        plain = ("Hi support & friends,\n\nPlease check my account urgently.\n"
                 "<script>alert('plain')</script> is just text here.")
        return multipart("alternative", [text_part(plain), text_part(html, "html", "quoted-printable")],
                         "hostile-boundary-1")
    if kind == "html-only":
        html = (
            "<!DOCTYPE html><html><body style=\"font-family:Arial,sans-serif;background:#f4f4f4\">"
            "<table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td align=\"center\">"
            "<table width=\"560\" style=\"background:#ffffff;padding:24px\"><tr><td>"
            "<h1 style=\"color:#1a73e8\">Your order has shipped!</h1>"
            "<p>Hello Tandem Support,</p>"
            "<p>Good news: order <strong>#58213</strong> (2 &times; Thermal paper rolls, 1 &times; "
            "USB cable) is on its way.</p>"
            "<p><a href=\"https://shoprocket.example/track/58213\" style=\"background:#1a73e8;color:#fff;"
            "padding:10px 16px;text-decoration:none\">Track package</a></p>"
            "<p style=\"color:#888;font-size:12px\">You receive this email because you ordered at "
            "ShopRocket. <a href=\"https://shoprocket.example/unsubscribe\">Unsubscribe</a></p>"
            "</td></tr></table></td></tr></table></body></html>"
        )
        return text_part(html, "html", "quoted-printable")
    if kind == "alternative":
        plain = ("Hi Tandem team,\n\nI'd love a dark mode for the dashboard. I work late and the white "
                 "background is very bright. Ideas:\n\n- follow the OS setting\n- a toggle in the header\n"
                 "- charts with enough contrast in both modes\n\nMockup: https://pixelpeak.example/darkmode\n\n"
                 "Thanks!\nEmily Chen\nPixelPeak")
        html = ("<div dir=\"ltr\"><p>Hi Tandem team,</p><p>I'd love a <b>dark mode</b> for the dashboard. "
                "I work late and the white background is very bright. Ideas:</p><ul>"
                "<li>follow the OS setting</li><li>a toggle in the header</li>"
                "<li>charts with enough contrast in both modes</li></ul>"
                "<p>Mockup: <a href=\"https://pixelpeak.example/darkmode\">pixelpeak.example/darkmode</a></p>"
                "<p>Thanks!<br>Emily Chen<br><i>PixelPeak</i></p></div>")
        return multipart("alternative", [text_part(plain), text_part(html, "html", "quoted-printable")],
                         "alt-boundary-emily")
    if kind == "pdf":
        body = ("Hi Olivia,\n\nPlease find attached the March invoice with your VAT number added."
                + sig("carol"))
        return multipart("mixed", [
            text_part(body),
            attachment_part("invoice-2024-03.pdf", "application/pdf", tiny_pdf("Invoice 2024-03 - Brown & Co.")),
        ], "mixed-boundary-pdf")
    if kind == "screenshot":
        body = ("Hi,\n\nWhen I upload our product list (CSV) the import fails with \"Unexpected column "
                "count on line 2\". Screenshot and the log from the import dialog are attached.\n\n"
                "Priya Raman\nLumen Studio")
        log = ("2024-03-11T09:14:02Z import started file=products.csv size=18223\n"
               "2024-03-11T09:14:02Z detected delimiter=','\n"
               "2024-03-11T09:14:03Z ERROR line 2: expected 7 columns, got 1\n"
               "2024-03-11T09:14:03Z import aborted\n").encode()
        return multipart("mixed", [
            text_part(body),
            attachment_part("screenshot.png", "image/png", tiny_png()),
            attachment_part("import-log.txt", "text/plain; charset=utf-8", log),
        ], "mixed-boundary-shot")
    raise ValueError(kind)


def demo_present(state: str) -> int:
    """Number of demo emails already in support's INBOX (IMAP over the unix socket)."""
    c = UnixIMAP(os.path.join(state, "conf", "socket", "imap"))
    try:
        c.login(SUPPORT_USER, PASSWORDS[SUPPORT_USER])
        c.select("INBOX", readonly=True)
        typ, data = c.search(None, "HEADER", "X-Tandem-Seed", "demo")
        return len(data[0].split()) if typ == "OK" and data and data[0] else 0
    finally:
        try:
            c.logout()
        except Exception:
            pass


def seed_demo(dl: Deliverer, now: dt.datetime) -> dict:
    threads = multi = 0
    support_to = addr(SUPPORT_NAME, SUPPORT_ADDR)
    plan = []  # (date, user, sender, bytes)
    for ti, (subject, ckey, days_ago, msgs) in enumerate(DEMO_THREADS):
        cname, cmail = C[ckey]
        cust = addr(cname, cmail)
        # keep every message of the thread in the past
        total_h = sum(m[1] for m in msgs)
        start = now - dt.timedelta(days=days_ago)
        if start + dt.timedelta(hours=total_h) > now - dt.timedelta(minutes=5):
            start = now - dt.timedelta(hours=total_h, minutes=5 + ti)
        when = start
        refs = []
        prev_text = None
        prev_who = None
        prev_when = None
        for mi, m in enumerate(msgs):
            who, hours, text = m[0], m[1], m[2]
            kind = m[3] if len(m) > 3 else None
            when = when + dt.timedelta(hours=hours)
            if who == "c":
                frm, to, sender, dom = cust, support_to, cmail, cmail.split("@")[1]
            else:
                frm, to, sender, dom = addr(*AGENTS[who]), cust, SUPPORT_ADDR, DOMAIN
            if text is not None and prev_text and kind is None:
                text = text + quote(prev_text, prev_who, prev_when)
            msgid = f"<demo-{ti:02d}-{mi}.tandem-seed@{dom}>"
            entity = demo_message(kind, text)
            data = build_message(
                frm=frm, to=to, subject=subject if mi == 0 else "Re: " + subject, date=when,
                msgid=msgid, body_entity=entity, in_reply_to=refs[-1] if refs else None,
                references=refs, extra=["X-Tandem-Seed: demo"])
            plan.append((when, SUPPORT_USER, sender, data))
            refs.append(msgid)
            prev_text = text if text is not None else ""
            prev_who = cname if who == "c" else AGENTS[who][0].split(" |")[0]
            prev_when = when
        threads += 1
        multi += len(msgs) > 1
    for i, (subject, (name, mail), days_ago, text) in enumerate(ALICE_MAILS):
        when = now - dt.timedelta(days=days_ago)
        data = build_message(frm=addr(name, mail), to=addr("Alice Martin", "alice@tandem.test"),
                             subject=subject, date=when, msgid=f"<demo-alice-{i}.tandem-seed@{DOMAIN}>",
                             body_entity=text_part(text), extra=["X-Tandem-Seed: demo"])
        plan.append((when, "alice", mail, data))
    plan.sort(key=lambda p: p[0])
    for when, user, sender, data in plan:
        dl.deliver(user, sender, data, when)
    return {"threads": threads, "multi_message_threads": multi,
            "support_emails": sum(1 for p in plan if p[1] == SUPPORT_USER),
            "alice_emails": sum(1 for p in plan if p[1] == "alice")}


# --------------------------------------------------------------------------
# Bulk data
# --------------------------------------------------------------------------
FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
         "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
         "Charles", "Karen", "Lukas", "Lena", "Mateo", "Camila", "Noah", "Emma", "Liam", "Olivia",
         "Hiroshi", "Aiko", "Arjun", "Ananya", "Olu", "Amara", "Pierre", "Chloé", "Giulia", "Marco",
         "Sven", "Ingrid", "Zofia", "Jakub", "Fatima", "Omar", "Mei", "Chen", "Isabel", "Diego"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
        "Martinez", "Müller", "Schneider", "Rossi", "Bianchi", "Dubois", "Lefèvre", "Kowalski",
        "Nowak", "Sato", "Suzuki", "Kumar", "Sharma", "Okoye", "Adeyemi", "Andersson", "Nielsen",
        "Silva", "Santos", "O'Brien", "Murphy", "Novak", "Horvat", "Yilmaz", "Kaya", "Cohen", "Levi"]
AR_NAMES = ["أحمد منصور", "فاطمة الزهراء", "محمد العلي", "ليلى حسن", "يوسف القاسم", "مريم عبد الله",
            "خالد الشمري", "نور الهدى", "عمر فاروق", "سارة يوسف"]
ZH_NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄强", "周杰", "吴芳"]
COMPANIES = ["acme", "globex", "initech", "umbrella-labs", "hooli", "vandelay", "stark-ind", "wayne-ent",
             "wonka", "tyrell", "cyberdyne", "soylent", "gringotts", "oceanic", "monarch", "nakatomi",
             "bluth", "dunder", "pied-piper", "aperture", "black-mesa", "massive-dyn", "oscorp", "lacuna"]
TLDS = ["example", "example.com", "example.net", "example.org"]
PRODUCTS = ["dashboard", "mobile app", "API", "billing page", "reports", "CSV import", "calendar sync",
            "team settings", "invoice PDF", "search", "notifications", "SSO login", "webhooks",
            "browser extension", "data export", "editor", "user permissions", "audit log"]
PROBLEMS = ["is very slow", "shows an error", "does not load", "crashes", "shows wrong numbers",
            "stopped working after the update", "logs me out", "times out", "is missing data",
            "sends duplicate emails", "ignores my settings", "looks broken on Safari"]
SUBJECT_TEMPLATES = [
    "{product} {problem}", "Problem with the {product}", "Question about {product}",
    "Urgent: {product} {problem}", "{product} {problem} since yesterday", "Help with {product}",
    "Feature request: better {product}", "Billing question", "Refund request #{num}",
    "Order {num}: {product}", "Cannot access {product}", "Follow-up on ticket {num}",
]
OPENERS = ["Hello,", "Hi there,", "Hi support team,", "Good morning,", "Dear Tandem team,", "Hey,"]
EN_SENTENCES = [
    "Since this morning the {product} {problem}.",
    "We have tried clearing the cache and using another browser, without success.",
    "This affects about {n} people in our team.",
    "Could you please look into this as soon as possible?",
    "It happens on both Windows and macOS.",
    "We are on the Business plan, account number {num}.",
    "The same thing happened last month and was fixed by your team.",
    "I have attached nothing, but I can send screenshots if needed.",
    "Our deadline is on Friday, so this is quite urgent for us.",
    "Is there a workaround we can use in the meantime?",
    "The error message says \"{code} internal error\".",
    "Everything worked fine until the last update.",
    "Please let me know if you need more details.",
    "We really like the product otherwise, keep up the good work.",
]
AGENT_REPLIES = [
    "Thanks for reaching out! I've looked into your account and found the cause: a misconfigured "
    "setting in the {product}. I've corrected it, could you try again?",
    "Sorry for the trouble. Our engineers are aware of the issue with the {product} and are working "
    "on a fix. I'll update you as soon as it is deployed.",
    "Thank you for the details. Could you send us a screenshot and the exact time it happened? "
    "That will help us find it in our logs.",
    "Good news: the fix for the {product} has been released. Please reload the page and let me know "
    "if everything works as expected.",
    "I've issued the refund; it will appear on your statement within 5-10 business days.",
    "You can change this under Settings -> {product}. Let me know if you need anything else!",
]
CUSTOMER_FOLLOWUPS = [
    "Thanks, that fixed it!", "It still does not work, unfortunately.", "Here is the screenshot you asked for.",
    "Any update on this?", "Great, thank you for the quick help.", "It happened again today around noon.",
    "Perfect, closing this on our side.", "Could you escalate this please? It is blocking our team.",
]
AR_SUBJECTS = ["مشكلة في تسجيل الدخول", "استفسار عن الفاتورة", "التطبيق لا يعمل", "طلب استرداد المبلغ",
               "بطء شديد في لوحة التحكم", "تغيير عنوان البريد الإلكتروني"]
AR_SENTENCES = ["مرحباً، أواجه مشكلة منذ صباح اليوم.", "لا أستطيع الوصول إلى حسابي.",
                "أرجو المساعدة في أقرب وقت ممكن.", "جربت إعادة تشغيل الجهاز دون فائدة.",
                "هذه المشكلة تؤثر على عمل فريقنا بالكامل.", "شكراً لكم مقدماً على المساعدة."]
AR_REPLIES = ["شكراً لتواصلك معنا، لقد قمنا بحل المشكلة. هل يمكنك المحاولة مرة أخرى؟",
              "نعتذر عن الإزعاج، فريقنا التقني يعمل على إصلاح الخلل."]
ZH_SUBJECTS = ["无法登录账户", "发票问题", "应用程序崩溃", "申请退款", "数据导出失败", "修改邮箱地址"]
ZH_SENTENCES = ["您好，我们从今天早上开始遇到问题。", "系统一直显示错误信息。", "请尽快帮我们处理，谢谢。",
                "我们已经尝试了清除缓存，但是没有用。", "这个问题影响了我们整个团队的工作。", "期待您的回复。"]
ZH_REPLIES = ["感谢您的反馈，我们已经修复了这个问题，请再试一次。", "非常抱歉给您带来不便，我们的技术团队正在处理。"]


def bulk_plan(n: int, rng: random.Random, user: str, now: dt.datetime, seed: int):
    """Yield (date, sender, bytes-factory) for n emails, sorted by date."""
    items = []
    tid = 0
    year = 365 * 24 * 3600
    while len(items) < n:
        tid += 1
        size = min(rng.choices([1, 2, 3, 4, 5, 6], weights=[30, 25, 20, 12, 8, 5])[0], n - len(items))
        lang = rng.choices(["en", "ar", "zh"], weights=[84, 8, 8])[0]
        start = now - dt.timedelta(seconds=rng.randrange(3600, year))
        t = start
        for i in range(size):
            if i:
                t = t + dt.timedelta(seconds=rng.randrange(600, 3 * 24 * 3600))
            if t > now:
                break
            items.append((t, tid, i, lang))
    items.sort(key=lambda x: (x[0], x[1], x[2]))
    return items


class BulkFactory:
    def __init__(self, rng: random.Random, seed: int, user: str):
        self.rng = rng
        self.seed = seed
        self.user = user
        self.threads = {}

    def thread(self, tid: int, lang: str):
        th = self.threads.get(tid)
        if th:
            return th
        r = self.rng
        if lang == "ar":
            name = r.choice(AR_NAMES)
            subject = r.choice(AR_SUBJECTS)
        elif lang == "zh":
            name = r.choice(ZH_NAMES)
            subject = r.choice(ZH_SUBJECTS)
        else:
            name = f"{r.choice(FIRST)} {r.choice(LAST)}"
            subject = r.choice(SUBJECT_TEMPLATES).format(
                product=r.choice(PRODUCTS), problem=r.choice(PROBLEMS), num=r.randrange(10000, 99999))
            subject = subject[0].upper() + subject[1:]
        local = f"user{tid % 9973}.{r.randrange(100, 999)}"
        mail = f"{local}@{r.choice(COMPANIES)}.{r.choice(TLDS)}"
        th = {"cust": addr(name, mail), "mail": mail, "name": name, "subject": subject,
              "product": r.choice(PRODUCTS), "refs": [], "lang": lang}
        self.threads[tid] = th
        return th

    def body(self, th, i: int, agent: str) -> str:
        r = self.rng
        lang = th["lang"]
        customer = i % 2 == 0
        if lang == "ar":
            text = " ".join(r.sample(AR_SENTENCES, 3)) if customer else r.choice(AR_REPLIES)
        elif lang == "zh":
            text = "".join(r.sample(ZH_SENTENCES, 3)) if customer else r.choice(ZH_REPLIES)
        elif customer and i == 0:
            k = r.randrange(3, 7)
            text = r.choice(OPENERS) + "\n\n" + " ".join(
                s.format(product=th["product"], problem=r.choice(PROBLEMS), n=r.randrange(2, 200),
                         num=r.randrange(10000, 99999), code=r.choice([500, 502, 503, 422]))
                for s in r.sample(EN_SENTENCES, k)) + f"\n\n{th['name']}"
        elif customer:
            text = r.choice(CUSTOMER_FOLLOWUPS) + f"\n\n{th['name']}"
        else:
            text = "Hi,\n\n" + r.choice(AGENT_REPLIES).format(product=th["product"]) + sig(agent)
        return text

    def make(self, when: dt.datetime, tid: int, i: int, lang: str):
        th = self.thread(tid, lang)
        customer = i % 2 == 0
        dom = th["mail"].split("@")[1] if customer else DOMAIN
        msgid = f"<bulk-{self.seed}-{tid}-{i}@{dom}>"
        agent = self.rng.choice(list(AGENTS))
        text = self.body(th, i, agent)
        cte = "base64" if lang == "zh" and self.rng.random() < 0.5 else (
            "quoted-printable" if lang != "en" and self.rng.random() < 0.5 else "8bit")
        if customer:
            frm, to, sender = th["cust"], addr(SUPPORT_NAME, SUPPORT_ADDR), th["mail"]
        else:
            frm, to, sender = addr(*AGENTS[agent]), th["cust"], SUPPORT_ADDR
        data = build_message(
            frm=frm, to=to, subject=th["subject"] if i == 0 else "Re: " + th["subject"], date=when,
            msgid=msgid, body_entity=text_part(text, cte=cte),
            in_reply_to=th["refs"][-1] if th["refs"] else None, references=th["refs"][-10:],
            extra=["X-Tandem-Seed: bulk"])
        th["refs"].append(msgid)
        return sender, data


def seed_bulk(dl: Deliverer, n: int, user: str, seed: int, now: dt.datetime) -> dict:
    rng = random.Random(seed)
    items = bulk_plan(n, rng, user, now, seed)
    fac = BulkFactory(rng, seed, user)
    t0 = time.monotonic()
    last = t0
    for k, (when, tid, i, lang) in enumerate(items, 1):
        sender, data = fac.make(when, tid, i, lang)
        dl.deliver(user, sender, data, when)
        if time.monotonic() - last >= 5:
            last = time.monotonic()
            el = last - t0
            print(f"  {k}/{len(items)} emails, {k / el:.0f}/s", flush=True)
    el = time.monotonic() - t0
    return {"emails": len(items), "threads": len(fac.threads), "seconds": round(el, 1),
            "emails_per_second": round(len(items) / el, 1) if el else None}


HTML_THREAD_SUBJECT = "Bench: a conversation of HTML messages"


def seed_html_thread(dl: Deliverer, n: int, now: dt.datetime) -> dict:
    """One conversation of n HTML messages (the corpus's real-world HTML, in turn), the newest
    thread of the team inbox: the bench opens it (issue 11's figure)."""
    corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "tests", "corpus")
    pages = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".html"))
    if not pages:
        raise SeedError(f"no HTML in {corpus}")
    customer = addr("Mei Chen", "mei.chen@customer.example")
    previous = []
    for i in range(n):
        with open(pages[i % len(pages)], encoding="utf-8") as f:
            html = f.read()
        when = now - dt.timedelta(minutes=n - i)
        msgid = f"<html-thread-{i}.{int(now.timestamp())}@customer.example>"
        data = build_message(
            frm=customer, to=SUPPORT_ADDR, subject=("Re: " if i else "") + HTML_THREAD_SUBJECT, date=when, msgid=msgid,
            body_entity=text_part(html, "html", "quoted-printable"),
            in_reply_to=previous[-1] if previous else None, references=previous[-10:])
        dl.deliver(SUPPORT_USER, "mei.chen@customer.example", data, when)
        previous.append(msgid)
    return {"emails": n, "subject": HTML_THREAD_SUBJECT}


# --------------------------------------------------------------------------
def main() -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--state", help="state dir of scripts/cyrus/start.sh (default: REPO/.run/cyrus)")
    common.add_argument("--via", choices=["lmtp", "imap"],
                        help="lmtp (default): receivedAt = delivery time; imap: receivedAt = Date")
    ap = argparse.ArgumentParser(description="Seed the local Tandem Cyrus server.", parents=[common])
    sub = ap.add_subparsers(dest="mode", required=True)
    # --state/--via may come before or after the mode
    sub_common = argparse.ArgumentParser(add_help=False)
    for a in ("--state", "--via"):
        kw = {"choices": ["lmtp", "imap"]} if a == "--via" else {}
        sub_common.add_argument(a, default=argparse.SUPPRESS, **kw)
    d = sub.add_parser("demo", parents=[sub_common],
                       help="~40 realistic support threads + 3 personal mails for alice")
    d.add_argument("--force", action="store_true", help="seed again even if demo mail is present")
    b = sub.add_parser("bulk", parents=[sub_common], help="N emails in threads, for load tests")
    b.add_argument("n", type=int, help="number of emails")
    b.add_argument("--user", default=SUPPORT_USER, help="recipient user (default: support)")
    b.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    h = sub.add_parser("html-thread", parents=[sub_common], help="one conversation of N HTML messages, for the bench")
    h.add_argument("n", type=int, nargs="?", default=20, help="number of messages (default: 20)")
    args = ap.parse_args()
    args.via = args.via or "lmtp"

    state = args.state or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".run", "cyrus")
    state = os.path.abspath(state)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    t0 = time.monotonic()
    try:
        if args.mode == "demo" and not args.force:
            present = demo_present(state) if os.path.exists(
                os.path.join(state, "conf", "socket", "imap")) else 0
            if present:
                print(f"seed.py: demo mail already present in {state} ({present} emails in "
                      f"{SUPPORT_USER}'s INBOX); nothing to do (--force to add it again)")
                return 0
        dl = Deliverer(state, args.via)
        try:
            if args.mode == "demo":
                res = seed_demo(dl, now)
            elif args.mode == "html-thread":
                res = seed_html_thread(dl, args.n, now)
            else:
                if args.n < 1:
                    raise SeedError("N must be >= 1")
                res = seed_bulk(dl, args.n, args.user, args.seed, now)
        finally:
            dl.close()
    except SeedError as e:
        print(f"seed.py: error: {e}", file=sys.stderr)
        return 1
    except (OSError, imaplib.IMAP4.error) as e:
        print(f"seed.py: error: {e} (is the server of {state} running?)", file=sys.stderr)
        return 1
    el = time.monotonic() - t0
    print(f"seed.py: {args.mode} done via {args.via} into {state}")
    for k, v in res.items():
        print(f"  {k}: {v}")
    print(f"  delivered: {dl.count} messages, {dl.bytes / 1024:.0f} KiB in {el:.1f}s "
          f"({dl.count / el:.0f} emails/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
