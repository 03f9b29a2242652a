#!/usr/bin/python3
"""The layers of the tree, checked from its #include lines.

Low to high: app/core (plumbing that knows no domain), app/domain (one
module per noun, in a fixed order), calendars (its own fixed order),
app/pages (handlers and the pages that compose nouns), app/cli (the
commands). A file may include headers of lower layers; within an ordered
layer, only modules earlier in its order; within an unordered layer, any,
as long as no module reaches itself again (no circle). A module not in its
layer's order, or an include of a higher layer, fails the check.

Run from anywhere: /usr/bin/python3 tests/lint/layers.py [ROOT]
Exit status 0 when the tree keeps its layers, 1 with every fault listed.
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), "..", ".."))

# The fixed orders: each module includes only modules before it.
DOMAIN_ORDER = [
    # The rules' dated numbers know nothing but their table; the host
    # companies only organisations and the rules.
    "organisation", "user", "rule", "cohort", "day", "closure", "company",
    # A participant's record, then its writes (referral and change; the
    # visitation, status and outcomes) and its lists, then what hangs on
    # the record.
    "participant", "referral", "progress", "roster",
    "talk", "agreement", "aftercare",
    # The internship hangs on the record and its agreement guide; its
    # step-up plan on the internship; the host's link, view and weekly
    # feedback on both.
    "internship", "internship_write", "stepup", "stepup_plan", "host",
    # A day's marks as read, the follow-up flags, saving marks (which
    # refreshes the flags), absence announced ahead, and the numbers.
    "attendance", "attendance_flag", "attendance_mark", "absence",
    "attendance_intern", "attendance_stats",
    # Mails and reminders that follow the hosts' feedback (they name the
    # staff who follow the citizen).
    "host_followup", "host_overview",
    "report", "timeline",
    # A company's internships as their viewer may see them (the
    # participant's visibility), and who sees a company through one.
    "company_internship",
    # The writes that span nouns, after every noun they touch: the day
    # change mail reads participants; course saves cohorts with their
    # days, closure days and attendance flags.
    "day_notice", "course",
]
CALENDARS_ORDER = ["ics", "closure_import", "closure_fetch", "subscription",
                   "subscription_participant", "subscription_employer",
                   "feed_event", "feed_internship", "feed"]

LAYERS = [
    ("app/core", None),
    ("app/domain", DOMAIN_ORDER),
    ("calendars", CALENDARS_ORDER),
    ("app/pages", None),
    ("app/cli", None),
]

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def modules():
    """{module: (layer index, folder, [files])} for every .c and .h."""
    found = {}
    for rank, (folder, _) in enumerate(LAYERS):
        path = os.path.join(ROOT, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            base, ext = os.path.splitext(name)
            if ext not in (".c", ".h"):
                continue
            if base in found and found[base][0] != rank:
                raise SystemExit("module %s is in two layers" % base)
            found.setdefault(base, (rank, folder, []))[2].append(
                os.path.join(path, name))
    return found


def includes(files):
    """The project headers the files include, as module names."""
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for header in INCLUDE.findall(fh.read()):
                out.append((f, os.path.splitext(os.path.basename(header))[0]))
    return out


def circles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    mods = modules()
    faults = []
    graph = {}
    for mod, (rank, folder, files) in sorted(mods.items()):
        order = LAYERS[rank][1]
        if order is not None and mod not in order:
            faults.append("%s/%s: not in the layer's order in %s" %
                          (folder, mod, os.path.relpath(__file__, ROOT)))
        for f, inc in includes(files):
            if inc == mod or inc not in mods:
                continue  # own header, generated or third-party header
            graph.setdefault(mod, set()).add(inc)
            irank, ifolder, _ = mods[inc]
            where = os.path.relpath(f, ROOT)
            if irank > rank:
                faults.append("%s includes %s.h of the higher layer %s" %
                              (where, inc, ifolder))
            elif irank == rank and order is not None and \
                    mod in order and inc in order and \
                    order.index(inc) > order.index(mod):
                faults.append("%s includes %s.h, which comes after it in "
                              "the %s order" % (where, inc, folder))
    for comp in circles(graph):
        faults.append("include circle: " + " -> ".join(comp))
    for f in faults:
        print(f)
    if faults:
        print("layers: %d fault(s); see docs/architecture.md" % len(faults))
        return 1
    print("layers: %d modules, no upward include, no circle" % len(mods))
    return 0


if __name__ == "__main__":
    sys.exit(main())
