"""JUnit XML, which GitLab, Jenkins and most CI servers show as a test report: one test
suite, one test case per spec, a failure carrying every error of an invalid spec."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# Characters XML 1.0 cannot hold at all, even escaped; a spec's text could contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SUITE = "cnncalc check"


def render(reports) -> str:
    failures = str(sum(not report.valid for report in reports))
    counts = {"tests": str(len(reports)), "failures": failures, "errors": "0"}
    root = ET.Element("testsuites", name=SUITE, **counts)
    suite = ET.SubElement(root, "testsuite", name=SUITE, skipped="0", **counts)
    for report in reports:
        case = ET.SubElement(suite, "testcase", classname="cnncalc.check",
                             name=_safe(report.source or report.title))
        if report.source:
            case.set("file", _safe(report.source))
        if report.errors:
            failure = ET.SubElement(case, "failure", type=report.errors[0].code,
                                    message=_safe(report.errors[0].one_line()))
            failure.text = _lines(report.errors)
        if report.warnings:
            ET.SubElement(case, "system-out").text = _lines(report.warnings)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _lines(diagnostics) -> str:
    return _safe("\n".join(d.one_line() for d in diagnostics))


def _safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
