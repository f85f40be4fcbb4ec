"""``--format junit``: check's and diff's results as JUnit XML, read back with
junitparser (a JUnit reader, as GitLab, Jenkins and Azure read such files)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, TestCase, TestSuite

from tests.helpers import MIX, W1, Run, write

JUNE = "2026-06-15"


@pytest.fixture
def project(tmp_path: Path, tiny: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path / "w1.toml", W1)
    write(tmp_path / "mix.toml", MIX)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOKENCOST_CATALOGUE", str(tiny))
    return tmp_path


def suite_of(text: str) -> TestSuite:
    xml = JUnitXml.fromstring(text)
    assert isinstance(xml, JUnitXml)
    (suite,) = list(xml)
    assert isinstance(suite, TestSuite)
    return suite


def cases(suite: TestSuite) -> list[tuple[str, str, str | None, str | None]]:
    """(classname, name, failure type, failure message) of each case, in order."""
    found = []
    for case in suite:
        assert isinstance(case, TestCase)
        failures = [r for r in case.result if isinstance(r, Failure)]
        failure = failures[0] if failures else None
        found.append(
            (
                case.classname,
                case.name,
                failure.type if failure else None,
                failure.message if failure else None,
            )
        )
    return found


@pytest.mark.usefixtures("project")
def test_check_gives_one_test_case_per_budget_and_model(run: Run) -> None:
    result = run("check", "mix.toml", "--as-of", JUNE, "--format", "junit")
    assert (result.code, result.err) == (1, "")  # the exit code is the check's
    xml = JUnitXml.fromstring(result.out)
    assert (xml.name, xml.tests, xml.failures, xml.errors) == ("tokencost check", 4, 1, 0)
    suite = suite_of(result.out)
    assert (suite.name, suite.tests, suite.failures, suite.skipped) == (
        "Budget check of mix.toml",
        4,
        1,
        0,
    )
    assert cases(suite) == [
        ("chat", "big", None, None),
        ("chat", "small", None, None),
        (
            "agents",
            "big",
            "over",
            "OVER: $90.00 a month is $10.00 over the $80.00 limit (112.5% of it)",
        ),
        ("team", "big", None, None),
    ]
    outputs = [case.system_out for case in suite]
    assert outputs[0] == (
        "WARN: $90.00 a month is 90% of the $100.00 limit, past its warning line at $80.00; "
        "$10.00 left"
    )
    assert outputs[1] == "ok: $1.80 a month of the $100.00 limit (1.8%)"
    notes = ET.fromstring(result.out).findtext("testsuite/system-out")  # once, for the suite
    assert notes is not None
    assert notes.splitlines()[-1].startswith("Catalogue: tiny 2026.01.0 (sha256:")
    assert result.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')


@pytest.mark.usefixtures("project")
def test_with_strict_a_warning_is_a_failure(run: Run) -> None:
    result = run("check", "mix.toml", "--as-of", JUNE, "--format", "junit", "--strict")
    suite = suite_of(result.out)
    assert suite.failures == 3
    assert [kind for _, _, kind, _ in cases(suite)] == ["warn", None, "over", "warn"]


def test_names_from_the_budget_file_are_text_not_markup(run: Run, project: Path) -> None:
    hostile = 'chat </testcase><testcase name=\\"x\\"> & \\u0001 ]]>'  # TOML escapes
    write(project / "odd.toml", MIX.replace('name = "chat"', f'name = "{hostile}"'))
    result = run("check", "odd.toml", "--as-of", JUNE, "--format", "junit")
    assert result.err == ""
    suite = suite_of(result.out)
    assert suite.tests == 4  # no case injected
    # a control character shown as an escape, as in every other format
    assert cases(suite)[0][0] == 'chat </testcase><testcase name="x"> & \\x01 ]]>'


def test_diff_gives_a_case_per_row_and_the_total_fails_above_the_limit(
    run: Run, project: Path
) -> None:
    write(project / "more.toml", MIX.replace('model = "acme/big"', 'model = "small"'))
    result = run(
        "diff", "more.toml", "mix.toml", "--as-of", JUNE, "--format", "junit", "--fail-above", "5%"
    )
    assert result.code == 1
    suite = suite_of(result.out)
    found = cases(suite)
    assert found[-1] == (
        "Total",
        "monthly spend",
        "rise",
        "FAIL: total monthly spend $223.60 -> $311.80, +$88.20 (+39.45%), above --fail-above 5%.",
    )
    assert [(group, name) for group, name, _, _ in found[:-1]] == [
        ("chat", "big"),
        ("chat", "small"),
        ("agents", "big"),
        ("agents", "small"),
        ("team", "big"),
    ]
    assert suite.failures == 1


@pytest.mark.usefixtures("project")
def test_a_command_without_checks_has_no_junit_face(run: Run) -> None:
    result = run("compare", "--format", "junit")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("error: Invalid value for '--format' / '-f': 'junit'")
