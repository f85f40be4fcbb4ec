"""JUnit XML: a CI command's checks as test results (``--format junit``).

GitLab (``artifacts:reports:junit``), Jenkins and Azure Pipelines show a JUnit file as
the pipeline's test results. The report is one ``<testsuites>`` named after the
command holding one ``<testsuite>`` named after the report (its table's title), whose
``<system-out>`` holds the assumptions (the table's footer), and a ``<testcase>`` per
check, its ``classname`` the group (a budget) and its ``name`` what was checked (a
model), with a ``<failure>`` when it failed. Every text is written as XML character data or an
escaped attribute by the standard library, never as markup; characters XML 1.0 cannot
hold are replaced by U+FFFD. No timestamps or durations vary, so the same result gives
the same file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from tokencost.render.view import Case

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def to_junit(name: str, title: str, cases: Sequence[Case], notes: Sequence[str] = ()) -> str:
    """The JUnit XML document of ``cases``: suite ``title`` of the command ``name``."""
    failed = sum(1 for case in cases if case.failure is not None)
    root = ET.Element("testsuites", _counts(_text(name), len(cases), failed))
    suite = ET.SubElement(root, "testsuite", _counts(_text(title), len(cases), failed))
    for case in cases:
        _case(suite, case)
    if notes:
        ET.SubElement(suite, "system-out").text = _text("\n".join(notes))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _counts(name: str, tests: int, failures: int) -> dict[str, str]:
    return {
        "name": name,
        "tests": str(tests),
        "failures": str(failures),
        "errors": "0",
        "skipped": "0",
        "time": "0",
    }


def _case(suite: ET.Element, case: Case) -> None:
    element = ET.SubElement(
        suite,
        "testcase",
        {"classname": _text(case.group), "name": _text(case.name), "time": "0"},
    )
    if case.failure is not None:
        failure = ET.SubElement(
            element, "failure", {"message": _text(case.failure), "type": _text(case.kind)}
        )
        failure.text = _text(case.output or case.failure)
    elif case.output:
        ET.SubElement(element, "system-out").text = _text(case.output)
