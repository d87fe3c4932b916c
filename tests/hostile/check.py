#!/usr/bin/env python3
"""check.py: output checks for the hostile suites (tests/hostile*.sh).

  check.py jsonl FILE           every line one JSON object, strict UTF-8, no
                                raw control character, C1 or bidi control
  check.py count FILE           print the number of lines (records)
  check.py has FILE FIELD VALUE a record whose FIELD equals VALUE
  check.py hasnot FILE TEXT     TEXT appears in no record, raw or decoded
  check.py contains FILE FIELD TEXT   a record whose FIELD contains TEXT
  check.py offset FILE RCPT N   the record of recipient RCPT has offset N
  check.py error FILE           a record carries an unreadable error
  check.py csv FILE             RFC 4180: every row as wide as the header,
                                no formula cell, no raw control character
  check.py clean FILE           no raw ESC, C0 (but TAB, LF, CR), DEL, C1
                                or bidi control anywhere in the bytes

Exit 0 when the check holds, 1 with a reason on stderr when it does not.
"""

import csv
import io
import json
import re
import sys

# Raw bytes that must never reach a terminal or a spreadsheet unescaped.
BAD_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f"
                          "\u202a-\u202e\u2066-\u2069]")


def fail(msg):
    sys.stderr.write("check.py: %s\n" % msg)
    sys.exit(1)


def records(path):
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                fail("%s:%d: invalid UTF-8: %s" % (path, n, e))
            if not text.endswith("\n"):
                fail("%s:%d: last line has no newline" % (path, n))
            m = BAD_CONTROLS.search(text[:-1])
            if m:
                fail("%s:%d: raw control U+%04X" % (path, n, ord(m.group())))
            try:
                rec = json.loads(text)
            except ValueError as e:
                fail("%s:%d: not JSON: %s" % (path, n, e))
            if not isinstance(rec, dict):
                fail("%s:%d: not an object" % (path, n))
            yield rec


def field(rec, name):
    for part in name.split("."):
        if not isinstance(rec, dict):
            return None
        rec = rec.get(part)
    return rec


def main(argv):
    if len(argv) < 3:
        fail("usage: see the top of check.py")
    cmd, path, args = argv[1], argv[2], argv[3:]
    if cmd == "jsonl":
        for _ in records(path):
            pass
    elif cmd == "count":
        print(sum(1 for _ in records(path)))
    elif cmd == "has":
        if not any(str(field(r, args[0])) == args[1] for r in records(path)):
            fail("%s: no record with %s = %s" % (path, args[0], args[1]))
    elif cmd == "contains":
        if not any(args[1] in str(field(r, args[0]))
                   for r in records(path)):
            fail("%s: no record whose %s contains %r" % (path, args[0],
                                                          args[1]))
    elif cmd == "hasnot":
        with open(path, "rb") as f:
            if args[0].encode() in f.read():
                fail("%s: %s appears" % (path, args[0]))
        if any(args[0] in json.dumps(r, ensure_ascii=False)
               for r in records(path)):
            fail("%s: %s appears" % (path, args[0]))
    elif cmd == "offset":
        offs = [r.get("offset") for r in records(path)
                if r.get("recipient") == args[0]]
        if offs != [int(args[1])]:
            fail("%s: offset of %s is %s, not [%s]" % (path, args[0], offs,
                                                       args[1]))
    elif cmd == "error":
        if not any(r.get("error") for r in records(path)):
            fail("%s: no record carries an error" % path)
    elif cmd == "csv":
        with open(path, "rb") as f:
            data = f.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            fail("%s: invalid UTF-8: %s" % (path, e))
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        if not rows:
            fail("%s: no header row" % path)
        for n, row in enumerate(rows[1:], 2):
            if len(row) != len(rows[0]):
                fail("%s: row %d has %d fields, the header %d" %
                     (path, n, len(row), len(rows[0])))
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    fail("%s: row %d: formula cell %r" % (path, n, cell))
                m = BAD_CONTROLS.search(cell)
                if m:
                    fail("%s: row %d: raw control U+%04X" %
                         (path, n, ord(m.group())))
    elif cmd == "clean":
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        m = BAD_CONTROLS.search(text)
        if m:
            fail("%s: raw control U+%04X at %d" % (path, ord(m.group()),
                                                   m.start()))
    else:
        fail("unknown check %s" % cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
