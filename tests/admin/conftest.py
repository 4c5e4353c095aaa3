"""The crawl's count of addresses per role, shown at the end of the run."""

CRAWL_SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if CRAWL_SUMMARY:
        terminalreporter.section("admin crawl")
        for line in CRAWL_SUMMARY:
            terminalreporter.write_line(line)
