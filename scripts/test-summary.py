#!/usr/bin/env python3
"""Prints one line per module from the Surefire reports written after a marker file, and every skipped
test with its reason (scripts/test calls it; a test's own output is in <module>/target/surefire-reports/)."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

marker = sys.argv[1]
since = os.path.getmtime(marker)
total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
skipped = []
for module in sorted(glob.glob("*/target/surefire-reports")):
    counts = dict.fromkeys(total, 0)
    seconds = 0.0
    for report in glob.glob(module + "/TEST-*.xml"):
        if os.path.getmtime(report) < since:
            continue
        suite = ET.parse(report).getroot()
        for key in counts:
            counts[key] += int(suite.get(key, "0"))
        seconds += float(suite.get("time", "0").replace(",", ""))
        for case in suite.iter("testcase"):
            skip = case.find("skipped")
            if skip is not None:
                reason = skip.get("message") or (skip.text or "").strip() or "no reason given"
                skipped.append("%s.%s: %s" % (case.get("classname", "?").rsplit(".", 1)[-1], case.get("name"), reason))
    if counts["tests"] == 0:
        continue
    for key in total:
        total[key] += counts[key]
    print("%-12s %5d tests, %d failed, %d skipped (%.0f s in tests)" % (
        module.split("/")[0], counts["tests"], counts["failures"] + counts["errors"], counts["skipped"], seconds))
for line in skipped:
    print("  skipped " + line)
print("%-12s %5d tests, %d failed, %d skipped" % (
    "total", total["tests"], total["failures"] + total["errors"], total["skipped"]))
