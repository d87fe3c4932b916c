#!/usr/bin/env python3
"""seeds.py TARGET OUTDIR SRCDIR: write the seed corpus of a fuzz target,
built at run time from the project's own files (tests/fixtures/, the
crafted inputs of tests/hostile/, the catalog's text files,
tests/fuzz/patterns.txt), so nothing is committed twice
and new fixtures seed the fuzzers by themselves.  Inputs over MAXLEN bytes are
left out (the fuzzers run with -max_len)."""

import hashlib
import os
import re
import sys

MAXLEN = 65536


def looks_like_message(data):
    head = data[:2048]
    return head.startswith(b"From ") or re.match(rb"[!-9;-~]+:", head) is not None


def fixture_files(srcdir):
    """Message-like files of tests/fixtures/ and the small hostile cases."""
    for top in (os.path.join(srcdir, "tests", "fixtures"),
                os.path.join(srcdir, "tests", "hostile")):
        yield from message_files(top)


def message_files(top):
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            if re.search(r"\.(json|jsonl|csv|tsv|txt|md|sh|py|supp|out|expected)$", name):
                continue
            with open(path, "rb") as f:
                data = f.read()
            if looks_like_message(data):
                yield path, data


def split_mbox(data):
    """Messages of an mbox (From_ line dropped), or the file itself."""
    if not data.startswith(b"From "):
        return [data]
    msgs, cur = [], []
    for line in data.splitlines(keepends=True):
        if line.startswith(b"From ") and (not cur or cur[-1].strip() == b""):
            if cur:
                msgs.append(b"".join(cur))
            cur = []
            continue
        cur.append(line)
    if cur:
        msgs.append(b"".join(cur))
    return msgs


def messages(srcdir):
    for _, data in fixture_files(srcdir):
        yield from split_mbox(data)


DSN_FIELDS = ["status", "diagnostic-code", "action", "remote-mta",
              "reporting-mta", "final-recipient"]


def dsn_blocks(msg):
    """Per-recipient field dicts from the delivery-status text of MSG."""
    text = msg.decode("utf-8", "replace")
    text = re.sub(r"\r?\n[ \t]+", " ", text)
    fields, out = {}, []
    for line in text.splitlines() + [""]:
        m = re.match(r"([A-Za-z-]+):\s*(.*)", line)
        if m and m.group(1).lower() in DSN_FIELDS + ["arrival-date"]:
            fields[m.group(1).lower()] = m.group(2).strip()
        elif line.strip() == "" and "final-recipient" in fields:
            out.append(fields)
            fields = {}
        elif line.strip() == "":
            keep = fields.get("reporting-mta")
            fields = {"reporting-mta": keep} if keep else {}
    return out


def strip_type(v):
    return v.split(";", 1)[1].strip() if v and ";" in v else (v or "")


def classify_seeds(srcdir):
    for msg in messages(srcdir):
        for b in dsn_blocks(msg):
            diag = strip_type(b.get("diagnostic-code"))
            m = re.search(r"\b([245]\d\d)\b", diag)
            facts = [b.get("status", ""), m.group(1) if m else "", diag,
                     b.get("action", ""), strip_type(b.get("remote-mta")),
                     strip_type(b.get("reporting-mta")),
                     strip_type(b.get("final-recipient")), "rfc3464", "",
                     "RCPT" if "RCPT" in diag.upper() else ""]
            yield "\0".join(facts).encode()
    for hint in ("vacation", "feedback", "delivered"):
        yield ("\0" * 7 + "autoreply\0" + hint + "\0").encode()


def pattern_seeds(srcdir):
    path = os.path.join(srcdir, "tests", "fuzz", "patterns.txt")
    with open(path, encoding="utf-8") as f:
        pats = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    recs = []
    for msg in messages(srcdir):
        for b in dsn_blocks(msg):
            recs.append("\n".join([strip_type(b.get("final-recipient")),
                                   b.get("status", ""), "",
                                   strip_type(b.get("diagnostic-code")),
                                   strip_type(b.get("remote-mta"))]))
    for i, p in enumerate(pats):
        yield (p + ("\n" + recs[i % len(recs)] if recs else "")).encode()


def rules_seeds(srcdir):
    cat = os.path.join(srcdir, "catalog")
    for name in sorted(os.listdir(cat)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(cat, name), "rb") as f:
            data = f.read()
        # One seed per entry, plus runs of a few entries.
        entries = re.split(rb"\n(?=[a-z])", data)
        for i in range(0, len(entries)):
            yield entries[i] + b"\n"
        for i in range(0, len(entries), 8):
            yield b"\n".join(entries[i:i + 8]) + b"\n"


def target_seeds(target, srcdir):
    if target == "mbox":
        return (d for _, d in fixture_files(srcdir))
    if target in ("parse", "reader"):
        return messages(srcdir)
    if target == "classify":
        return classify_seeds(srcdir)
    if target == "pattern":
        return pattern_seeds(srcdir)
    if target == "rules":
        return rules_seeds(srcdir)
    sys.exit("seeds.py: unknown target %s" % target)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: seeds.py TARGET OUTDIR SRCDIR")
    target, outdir, srcdir = sys.argv[1:]
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for data in target_seeds(target, srcdir):
        if len(data) > MAXLEN:
            data = data[:MAXLEN]
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        n += 1
    print("seeds.py: %d %s seeds in %s" % (n, target, outdir))


if __name__ == "__main__":
    main()
