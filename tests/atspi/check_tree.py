"""Reads the window's accessibility tree through AT-SPI, the interface
screen readers such as Orca use, and checks every section of an alliance:
the window has a name, each section has a heading, the sections are tabs,
every control has a name that is not one of the toolkit's English
defaults, and every closed drop-down says what it shows. Opens the sections by the tabs' own "click" action.

Usage: check_tree.py BINARY DATA_DIR ALLIANCE_NAME
Run inside a D-Bus session with the accessibility bus enabled and DISPLAY
set. Prints what it finds; exits 1 on any problem.
"""

import subprocess
import sys
import tempfile
import time

import pyatspi
from gi.repository import GLib

CONTROLS = {
    "push button", "toggle button", "check box", "radio button", "combo box",
    "entry", "password text", "page tab", "slider", "spin button", "link",
    "list item",
}
ENGLISH_DEFAULTS = {"Resize panel", "Close", "Collapse", "Expand"}
SECTIONS = ["Overzicht", "Ambitie", "Belangen", "Afspraken", "Samenwerking",
            "Koerscheck", "Inbreng", "Partners", "Geschiedenis", "Vaststelling"]


def nodes(root, depth=0):
    """Every node under `root`, itself included."""
    if root is None or depth > 40:
        return
    yield root
    for child in root:
        yield from nodes(child, depth + 1)


def wait_for(what, find, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            found = find()
        except GLib.Error:
            # A node went away while the tree was read (the window redraws
            # it every frame): read it again.
            found = None
        if found is not None:
            return found
        time.sleep(0.3)
    raise SystemExit(f"not found within {timeout:.0f} s: {what}")


def application():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and (app.name or "").lower() == "rondetafel":
            return app
    return None


def named(app, role, start):
    for node in nodes(app):
        if node.getRoleName() == role and (node.name or "").startswith(start):
            return node
    return None


def click(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate"):
            action.doAction(i)
            return
    action.doAction(0)


def problems_in(app, where):
    found = []
    headings = 0
    for node in nodes(app):
        role = node.getRoleName()
        name = (node.name or "").strip()
        if role == "heading":
            headings += 1
        if role in CONTROLS and not name:
            found.append(f"{where}: a {role} without a name")
        if role == "combo box" and not (node.description or "").strip():
            found.append(f"{where}: the drop-down {name!r} does not say what it shows")
        if name in ENGLISH_DEFAULTS:
            found.append(f"{where}: a {role} named in English: {name!r}")
    if headings == 0:
        found.append(f"{where}: no heading")
    return found


def main():
    binary, data_dir, alliance = sys.argv[1:4]
    log = tempfile.TemporaryFile()
    gui = subprocess.Popen(
        [binary, "--data-dir", data_dir, "gui", "--no-mdns"],
        stdout=subprocess.DEVNULL, stderr=log)

    def registered():
        if gui.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the window exited with {gui.returncode}: "
                             + log.read().decode(errors="replace")[-2000:])
        return application()

    problems = []
    try:
        # The first start on a fresh machine (font caches, shaders compiled
        # for the software renderer, a busy test run) can take much longer
        # than the later steps.
        app = wait_for("the application on the accessibility bus", registered, timeout=180.0)
        frame = wait_for("the window", lambda: named(app, "frame", ""))
        if "Rondetafel" not in (frame.name or ""):
            problems.append(f"the window is named {frame.name!r}")
        problems += problems_in(app, "Allianties")
        click(wait_for("the open button", lambda: named(app, "push button", f"Openen {alliance}")))
        tabs = wait_for("the section tabs", lambda: [
            n for n in nodes(app) if n.getRoleName() == "page tab"] or None)
        names = [t.name for t in tabs]
        print("tabs:", names)
        for section in SECTIONS:
            tab = wait_for(f"the tab {section}", lambda: named(app, "page tab", section))
            click(tab)
            time.sleep(1.5)
            tab = named(app, "page tab", section)
            if not tab.getState().contains(pyatspi.STATE_SELECTED):
                problems.append(f"{section}: its tab is not selected after choosing it")
            found = problems_in(app, section)
            problems += found
            count = sum(1 for n in nodes(app) if n.getRoleName() in CONTROLS)
            print(f"{section}: {count} controls, {len(found)} problems")
        click(named(app, "page tab", "Afspraken"))
        time.sleep(1.5)
        items = [n for n in nodes(app) if n.getRoleName() == "list item"]
        if not items:
            problems.append("Afspraken: the agreements are not list items")
    finally:
        gui.kill()
        gui.wait()
    for problem in problems:
        print("PROBLEM:", problem)
    sys.exit(1 if problems else 0)


main()
