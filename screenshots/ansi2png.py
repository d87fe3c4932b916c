#!/usr/bin/env python3
"""ansi2png.py: a terminal screen (tmux capture-pane -e -p) to a PNG.

Reads the text with its SGR colour sequences, lays it out on a grid of
cells and has ImageMagick draw it with a monospace font.  Usage:
    ansi2png.py SCREEN.ansi OUT.png [COLUMNS ROWS]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

PALETTE = [
    "#1c1c1c", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc",
    "#11a8cd", "#e5e5e5", "#666666", "#f14c4c", "#23d18b", "#f5f543",
    "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
]
FG, BG = "#d4d4d4", "#1e1e1e"
CELL_W, CELL_H, PT, PAD = 9, 18, 15, 10
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"


def color256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


class Attr:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = self.bg = None
        self.bold = self.dim = self.rev = self.ul = False

    def sgr(self, params):
        ps = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(ps):
            p = ps[i]
            if p == 0:
                self.reset()
            elif p == 1:
                self.bold = True
            elif p == 2:
                self.dim = True
            elif p == 4:
                self.ul = True
            elif p == 7:
                self.rev = True
            elif p == 22:
                self.bold = self.dim = False
            elif p == 24:
                self.ul = False
            elif p == 27:
                self.rev = False
            elif 30 <= p <= 37:
                self.fg = PALETTE[p - 30]
            elif 90 <= p <= 97:
                self.fg = PALETTE[p - 90 + 8]
            elif 40 <= p <= 47:
                self.bg = PALETTE[p - 40]
            elif 100 <= p <= 107:
                self.bg = PALETTE[p - 100 + 8]
            elif p == 39:
                self.fg = None
            elif p == 49:
                self.bg = None
            elif p in (38, 48) and i + 1 < len(ps):
                if ps[i + 1] == 5 and i + 2 < len(ps):
                    c = color256(ps[i + 2])
                    i += 2
                elif ps[i + 1] == 2 and i + 4 < len(ps):
                    c = "#%02x%02x%02x" % tuple(ps[i + 2:i + 5])
                    i += 4
                else:
                    c = None
                if p == 38:
                    self.fg = c
                else:
                    self.bg = c
            i += 1

    def colors(self):
        fg, bg = self.fg or FG, self.bg or BG
        if self.bold and self.fg in PALETTE[:8]:
            fg = PALETTE[PALETTE.index(self.fg) + 8]
        if self.rev:
            fg, bg = bg, fg
        return fg, bg


def parse(text, cols, rows):
    grid = [[(" ", FG, BG, False, False)] * cols for _ in range(rows)]
    a = Attr()
    for y, line in enumerate(text.split("\n")[:rows]):
        x = 0
        for m in re.finditer(r"\x1b\[([0-9;]*)m|\x1b\[[0-9;?]*[A-Za-z]|(.)", line):
            if m.group(1) is not None or m.group(2) is None:
                if m.group(0).endswith("m"):
                    a.sgr(m.group(1))
                continue
            ch = m.group(2)
            if unicodedata.combining(ch) or x >= cols:
                continue
            fg, bg = a.colors()
            grid[y][x] = (ch, fg, bg, a.bold, a.ul)
            x += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return grid


def mvg(grid, width, height):
    out = ["viewbox 0 0 %d %d" % (width, height),
           "fill '%s' rectangle 0,0 %d,%d" % (BG, width, height),
           "font-size %d" % PT]
    for y, row in enumerate(grid):
        for x, (ch, fg, bg, bold, ul) in enumerate(row):
            px, py = PAD + x * CELL_W, PAD + y * CELL_H
            if bg != BG:
                out.append("fill '%s' rectangle %d,%d %d,%d" %
                           (bg, px, py, px + CELL_W - 1, py + CELL_H - 1))
            if ul:
                out.append("fill '%s' rectangle %d,%d %d,%d" %
                           (fg, px, py + CELL_H - 3, px + CELL_W - 1, py + CELL_H - 2))
            if ch != " ":
                esc = ch.replace("\\", "\\\\").replace("'", "\\'")
                out.append("font '%s' fill '%s' text %d,%d '%s'" %
                           (BOLD if bold else FONT, fg, px, py + CELL_H - 5, esc))
    return "\n".join(out) + "\n"


def main():
    src, dst = sys.argv[1], sys.argv[2]
    text = open(src, encoding="utf-8", errors="replace").read()
    lines = text.rstrip("\n").split("\n")
    cols = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else len(lines)
    grid = parse(text, cols, rows)
    convert = "/usr/bin/convert" if os.path.exists("/usr/bin/convert") else shutil.which("convert")
    width, height = cols * CELL_W + 2 * PAD, rows * CELL_H + 2 * PAD
    # an MVG image, not "-draw @file": Debian's ImageMagick policy forbids @
    with tempfile.NamedTemporaryFile("w", suffix=".mvg", delete=False, encoding="utf-8") as f:
        f.write(mvg(grid, width, height))
        name = f.name
    try:
        subprocess.check_call([convert, "mvg:" + name, dst])
    finally:
        os.unlink(name)


if __name__ == "__main__":
    main()
