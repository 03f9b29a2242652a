#!/usr/bin/python3
"""Reads an iCalendar file with python3-icalendar (an independent parser)
and prints what the tests compare, as one JSON object: the calendar's name
and method, and per VEVENT its UID, local and UTC start and end, TZID,
SUMMARY, LOCATION, DESCRIPTION, STATUS and SEQUENCE.

    /usr/bin/python3 ics_check.py FILE
"""
import datetime
import json
import sys

import icalendar


def text(component, name):
    value = component.get(name)
    return None if value is None else str(value)


def when(component, name):
    prop = component.get(name)
    if prop is None:
        return None, None, None
    dt = prop.dt
    tzid = prop.params.get("TZID")
    local = dt.strftime("%Y-%m-%dT%H:%M:%S")
    utc = None
    if isinstance(dt, datetime.datetime) and dt.tzinfo is not None:
        utc = dt.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return local, utc, tzid


def main():
    with open(sys.argv[1], "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    out = {
        "name": text(cal, "X-WR-CALNAME"),
        "method": text(cal, "METHOD"),
        "version": text(cal, "VERSION"),
        "timezones": [text(tz, "TZID") for tz in cal.walk("VTIMEZONE")],
        "events": [],
    }
    for ev in cal.walk("VEVENT"):
        start, start_utc, tzid = when(ev, "DTSTART")
        end, end_utc, _ = when(ev, "DTEND")
        seq = ev.get("SEQUENCE")
        out["events"].append({
            "uid": text(ev, "UID"),
            "start": start,
            "start_utc": start_utc,
            "end": end,
            "end_utc": end_utc,
            "tzid": tzid,
            "summary": text(ev, "SUMMARY"),
            "location": text(ev, "LOCATION"),
            "description": text(ev, "DESCRIPTION"),
            "status": text(ev, "STATUS"),
            "sequence": None if seq is None else int(seq),
        })
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
