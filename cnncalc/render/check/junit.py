"""JUnit XML, which GitLab, Jenkins and most CI servers show as a test report: one test
suite, one test case per spec, a failure carrying every error of an invalid spec."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# Characters XML 1.0 cannot hold at all, even escaped; a spec's text could contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SUITE = "cnncalc check"


def piece(report) -> str:
    """One spec's test case, indented as it sits in the suite (ElementTree's indent at its
    depth, 2)."""
    case = ET.Element("testcase", classname="cnncalc.check",
                      name=_safe(report.source or report.title))
    if report.source:
        case.set("file", _safe(report.source))
    if report.errors:
        failure = ET.SubElement(case, "failure", type=report.errors[0].code,
                                message=_safe(report.errors[0].one_line()))
        failure.text = _lines(report.errors)
    if report.warnings:
        ET.SubElement(case, "system-out").text = _lines(report.warnings)
    ET.indent(case, level=2)
    return ET.tostring(case, encoding="unicode")


def document(pieces: list[str], valid: int) -> str:
    counts = f'tests="{len(pieces)}" failures="{len(pieces) - valid}" errors="0"'
    cases = "".join("\n    " + piece for piece in pieces)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="{SUITE}" {counts}>\n'
            f'  <testsuite name="{SUITE}" skipped="0" {counts}>{cases}\n  </testsuite>\n'
            "</testsuites>")


def _lines(diagnostics) -> str:
    return _safe("\n".join(d.one_line() for d in diagnostics))


def _safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
