#!/usr/bin/env python3
"""gen.py CASE DIR: write one large hostile input into DIR at test time
(they are never committed).  Huge files are sparse or written in streaming
chunks, so generating them costs seconds and little disk.

  nested DIR       nested.eml: a DSN followed by 100,000 nested multiparts;
                   nested-wrap.eml: the DSN at the bottom of 100,000 levels
  header DIR       header.eml: a DSN with a 10 MB Subject line
  manyrcpt DIR     manyrcpt.eml: a DSN with 1,000,000 recipient blocks
  big DIR          big.eml: a 2 GiB message (a DSN, then a sparse hole)
  mbox4g DIR       big.mbox: messages at offsets past 4 GiB (sparse); the
                   exact offsets go to big.mbox.offsets ("RCPT OFFSET" lines)
  racembox DIR N   race.mbox: N small bounces (for truncation while read)
  maildir DIR      md/: a Maildir with regular bounces, a symlink to a
                   bounce outside it, a symlink to a directory, a dangling
                   symlink and a FIFO in cur/; outside.eml beside it;
                   msgs/: a directory of message files with the same
                   traps and a symlink to /dev/zero
  manyfiles DIR N  many/: a Maildir of N bounces (for files vanishing)
  manyparts DIR    manyparts.eml: a DSN followed by 20,000 sibling parts
  encwords DIR     encwords.eml: a DSN whose Subject is 200,000 encoded
                   words (a decoder that is quadratic shows here)
  manymsgs DIR     manymsgs.mbox: 1,000,000 tiny messages, the last a bounce
"""

import os
import sys

GIB = 1 << 30


def bounce(rcpt, tag="", after=b"", boundary=b"HOSTILE.GEN"):
    """A small Postfix-like DSN for RCPT; AFTER goes in as a last part."""
    r = rcpt.encode()
    return (b"From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\n"
            b"To: sender@example.net\n"
            b"Subject: Undelivered Mail Returned to Sender" + tag.encode() +
            b"\nDate: Mon, 02 Nov 2026 08:14:07 +0000\n"
            b"Message-ID: <" + r + b".gen@mx.example.net>\n"
            b"MIME-Version: 1.0\n"
            b"Content-Type: multipart/report; report-type=delivery-status;"
            b" boundary=\"" + boundary + b"\"\n\n"
            b"--" + boundary + b"\nContent-Type: text/plain\n\n"
            b"I could not deliver your message.\n\n"
            b"--" + boundary + b"\nContent-Type: message/delivery-status\n\n"
            b"Reporting-MTA: dns; mx.example.net\n\n"
            b"Final-Recipient: rfc822; " + r + b"\nAction: failed\n"
            b"Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <" + r +
            b">: user unknown\n\n" + after +
            b"--" + boundary + b"--\n")


def nested(d, levels=100000):
    def tower(inner):
        out = [b"Content-Type: multipart/mixed; boundary=\"n0\"\n\n"]
        for i in range(levels):
            out.append(b"--n%d\nContent-Type: multipart/mixed; "
                       b"boundary=\"n%d\"\n\n" % (i, i + 1))
        out.append(b"--n%d\n" % levels + inner + b"\n")
        for i in range(levels, -1, -1):
            out.append(b"--n%d--\n" % i)
        return b"".join(out)

    part = b"--HOSTILE.GEN\n" + tower(b"Content-Type: text/plain\n\nx\n")
    with open(os.path.join(d, "nested.eml"), "wb") as f:
        f.write(bounce("nested@example.org", after=part))
    dsn = bounce("nestwrap@example.org")
    head, body = dsn.split(b"MIME-Version: 1.0\n", 1)
    with open(os.path.join(d, "nested-wrap.eml"), "wb") as f:
        f.write(head + b"MIME-Version: 1.0\n" + tower(body))


def header(d):
    dsn = bounce("header@example.org")
    long_subject = b"Subject: " + b"A" * (10 * 1000 * 1000) + b"\n"
    with open(os.path.join(d, "header.eml"), "wb") as f:
        f.write(long_subject + dsn)


def manyrcpt(d, n=1000000):
    """Fields written tightly (r0000000@a.test, no blanks) so that the
    message stays under 64 MiB, the most a mailbox message may be."""
    with open(os.path.join(d, "manyrcpt.eml"), "wb") as f:
        f.write(bounce("first@example.org").split(b"Final-Recipient")[0])
        chunk = []
        for i in range(n):
            chunk.append(b"Final-Recipient:rfc822;r%07d@a.test\n"
                         b"Action:failed\nStatus:5.1.1\n\n" % i)
            if len(chunk) == 10000:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk) + b"--HOSTILE.GEN--\n")


def big(d):
    """2 GiB: a DSN whose last part is an attachment made of a hole."""
    path = os.path.join(d, "big.eml")
    att = b"--HOSTILE.GEN\nContent-Type: application/octet-stream\n\n"
    msg = bounce("big@example.org", after=att)
    head, tail = msg.rsplit(b"--HOSTILE.GEN--\n", 1)
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(2 * GIB)
        f.seek(2 * GIB)
        f.write(b"\n--HOSTILE.GEN--\n" + tail)


def mbox4g(d):
    path = os.path.join(d, "big.mbox")
    offsets = []
    with open(path, "wb") as f:
        f.write(b"From MAILER-DAEMON Mon Nov  2 08:05:00 2026\n")
        f.write(bounce("first@example.org"))
        f.write(b"\nFrom sender@example.net Mon Nov  2 08:05:00 2026\n"
                b"Subject: padding\n\n")
        f.truncate(4 * GIB + 12345)
        f.seek(4 * GIB + 12345)
        f.write(b"\n\n")
        for rcpt in ("past4g@example.org", "further@example.org"):
            offsets.append((rcpt, f.tell()))
            f.write(b"From MAILER-DAEMON Mon Nov  2 08:05:00 2026\n")
            f.write(bounce(rcpt) + b"\n")
    with open(path + ".offsets", "w") as f:
        for rcpt, off in offsets:
            f.write("%s %d\n" % (rcpt, off))


def racembox(d, n):
    with open(os.path.join(d, "race.mbox"), "wb") as f:
        for i in range(int(n)):
            f.write(b"From MAILER-DAEMON Mon Nov  2 08:05:00 2026\n")
            f.write(bounce("race%06d@example.org" % i) + b"\n")


def maildir(d):
    md = os.path.join(d, "md")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(md, sub), exist_ok=True)
    with open(os.path.join(md, "cur", "1700000001.1.host:2,S"), "wb") as f:
        f.write(bounce("md1@example.org"))
    with open(os.path.join(md, "new", "1700000002.2.host"), "wb") as f:
        f.write(bounce("md2@example.org"))
    with open(os.path.join(d, "outside.eml"), "wb") as f:
        f.write(bounce("outside@example.org"))
    os.symlink("../../outside.eml", os.path.join(md, "cur", "1700000003.3.link:2,S"))
    os.symlink("../..", os.path.join(md, "cur", "1700000004.4.dirlink:2,S"))
    os.symlink("nowhere", os.path.join(md, "new", "1700000005.5.dangling"))
    os.mkfifo(os.path.join(md, "cur", "1700000006.6.fifo:2,S"))
    os.mkfifo(os.path.join(md, "new", "1700000007.7.fifo"))
    msgs = os.path.join(d, "msgs")
    os.makedirs(msgs, exist_ok=True)
    with open(os.path.join(msgs, "a.eml"), "wb") as f:
        f.write(bounce("msgs1@example.org"))
    os.symlink("../outside.eml", os.path.join(msgs, "b.eml"))
    os.mkfifo(os.path.join(msgs, "c.eml"))
    os.symlink("/dev/zero", os.path.join(msgs, "d.eml"))
    os.symlink("..", os.path.join(msgs, "e.eml"))
    with open(os.path.join(msgs, "f.eml"), "wb") as f:
        f.write(bounce("msgs2@example.org"))


def manyfiles(d, n):
    md = os.path.join(d, "many")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(md, sub), exist_ok=True)
    for i in range(int(n)):
        with open(os.path.join(md, "cur", "17%08d.%d.host:2,S" % (i, i)),
                  "wb") as f:
            f.write(bounce("many%06d@example.org" % i))


def manyparts(d, n=20000):
    parts = b"".join(b"--HOSTILE.GEN\nContent-Type: text/plain\n\npart %d\n"
                     % i for i in range(n))
    with open(os.path.join(d, "manyparts.eml"), "wb") as f:
        f.write(bounce("manyparts@example.org", after=parts))


def encwords(d, n=200000):
    words = b" ".join([b"=?utf-8?B?w6k=?="] * n)
    msg = bounce("encwords@example.org")
    head, rest = msg.split(b"Subject: ", 1)
    with open(os.path.join(d, "encwords.eml"), "wb") as f:
        f.write(head + b"Subject: " + words + b"\nX-Subject: " + rest)


def manymsgs(d, n=1000000):
    with open(os.path.join(d, "manymsgs.mbox"), "wb") as f:
        chunk = b"From a@example.net Mon Nov  2 08:05:00 2026\n\n" * 10000
        for _ in range(n // 10000):
            f.write(chunk)
        f.write(b"From MAILER-DAEMON Mon Nov  2 08:05:00 2026\n")
        f.write(bounce("lastofmany@example.org"))


CASES = {"nested": nested, "header": header, "manyrcpt": manyrcpt,
         "big": big, "mbox4g": mbox4g, "racembox": racembox,
         "maildir": maildir, "manyfiles": manyfiles,
         "manyparts": manyparts, "encwords": encwords, "manymsgs": manymsgs}

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in CASES:
        sys.exit(__doc__)
    CASES[sys.argv[1]](*sys.argv[2:])
