"""Print one closing line for several JUnit XML reports: 'total: N passed, N failed'.
Exits non-zero when a report is missing or any test failed, errored or was skipped."""

import sys
import xml.etree.ElementTree as ET


def main(paths: list[str]) -> int:
    passed = failed = skipped = 0
    for path in paths:
        try:
            root = ET.parse(path).getroot()  # noqa: S314
        except (OSError, ET.ParseError):
            print(f"missing test report {path}: a suite did not run to the end")
            return 1
        for suite in root.iter("testsuite"):
            tests = int(suite.get("tests", 0))
            bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skips = int(suite.get("skipped", 0))
            passed += tests - bad - skips
            failed += bad
            skipped += skips
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or skipped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
