#!/usr/bin/env python3
"""Photographs `crscheck kiosk` in a terminal: drives it on a pseudo-terminal (90x32) against a running
`crscheck serve --kiosk`, turns the last screen it drew into HTML and has headless Chromium save it.

    kiosk_picture.py CRSCHECK PORT OUT_DIR

Writes OUT_DIR/kiosk-question.png (a question with numbered choices) and OUT_DIR/kiosk-advice.png.
"""
import fcntl
import html
import os
import pty
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time

COLUMNS, ROWS = 90, 32
COLOURS = {"41": "#c62828", "97": "#ffffff"}


def run(crscheck, port):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(crscheck, [crscheck, "kiosk", f"127.0.0.1:{port}",
                            "--help-line", "Tell the front desk, or call the clinic on 555-0100."])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    return pid, fd


def read(fd, until, seconds=15):
    output = b""
    deadline = time.time() + seconds
    while until.encode() not in output and time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            output += os.read(fd, 65536)
    time.sleep(0.3)
    while select.select([fd], [], [], 0.2)[0]:
        output += os.read(fd, 65536)
    return output.decode(errors="replace")


def as_html(screen):
    """The last screen drawn (after its last clear), with bold, reverse video and colours as spans."""
    screen = screen.split("\x1b[2J")[-1].replace("\x1b[3J", "").replace("\x1b[H", "")
    screen = re.sub(r"\x1b\[\?[0-9;]*[hl]", "", screen)  # the cursor shown or hidden
    out, style = [], set()
    for part in re.split(r"(\x1b\[[0-9;]*m)", screen):
        match = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if match:
            codes = match.group(1).split(";")
            style = set() if codes == ["0"] or codes == [""] else style | set(codes)
            continue
        text = html.escape(part.replace("\r", ""))
        css = []
        if "1" in style:
            css.append("font-weight:bold")
        if "7" in style:
            css.append("background:#d8d8d8;color:#101010")
        if "41" in style:
            css.append(f"background:{COLOURS['41']};color:{COLOURS['97']}")
        out.append(f'<span style="{";".join(css)}">{text}</span>' if css else text)
    body = "".join(out)
    return f"""<!doctype html><meta charset="utf-8"><style>
body {{ margin: 0; background: #1d1f21; }}
pre {{ margin: 0; padding: 18px 22px; color: #e6e6e6; font: 17px/1.35 "DejaVu Sans Mono", monospace;
       width: {COLUMNS}ch; min-height: {ROWS * 1.35}em; }}
</style><pre>{body}</pre>"""


def photograph(page, path):
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as file:
        file.write(page)
    subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={path}", "--window-size=1000,700", f"file://{file.name}"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.unlink(file.name)


def main():
    crscheck, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    pid, fd = run(crscheck, port)
    try:
        read(fd, "In your own words")
        os.write(fd, b"I had Kymriah 4 days ago and now I have a fever\r")
        read(fd, "do you have any of these?")
        os.write(fd, b"none\r")
        screen = read(fd, "Who is this about")
        os.write(fd, b"\x1b[B")
        screen = read(fd, "> 2")
        photograph(as_html(screen), os.path.join(out, "kiosk-question.png"))
        os.write(fd, b"\x1b[A")
        read(fd, "> 1")
        os.write(fd, b"\r")
        read(fd, "Which of these symptoms")
        # An emergency sign, in the patient's words, at any point leads straight to the emergency advice.
        os.write(fd, b"I just fainted in the kitchen\r")
        screen = read(fd, "When you have finished reading")
        photograph(as_html(screen), os.path.join(out, "kiosk-advice.png"))
        print("ok: kiosk pictures in", out)
    finally:
        os.kill(pid, 15)


if __name__ == "__main__":
    main()
