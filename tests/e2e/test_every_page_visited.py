"""The every-page guard itself: it names the patterns no browser test visited, and its
lists of exceptions name real patterns. (The guard runs at the end of a run of the whole
of tests/e2e; see tests/e2e/page_coverage.py.)"""

from tests.e2e.page_coverage import (
    NOT_PAGE_PREFIXES,
    NOT_PAGES,
    NOT_YET_VISITED,
    every_get_route,
    no_longer_unvisited,
    unvisited_patterns,
)


def test_with_no_page_visited_the_guard_names_every_page_of_the_service():
    missing = unvisited_patterns(visited=[])
    assert "cases/<int:case_id>/" in missing
    assert "caseloads/" in missing
    assert "diary/my-meetings.ics" not in missing  # a download, listed with its reason
    assert not any(route.startswith("api/v1/") for route in missing)


def test_a_visited_page_is_no_longer_named():
    assert "drift/" not in unvisited_patterns(visited=["drift/"])


def test_a_page_listed_as_not_yet_visited_fails_the_run_once_visited(monkeypatch):
    monkeypatch.setitem(NOT_YET_VISITED, "drift/", "waiting for its data")
    assert "drift/" not in unvisited_patterns(visited=[])
    assert no_longer_unvisited(visited=["drift/"]) == ["drift/"]


def test_every_page_of_the_service_is_visited_so_none_waits():
    assert NOT_YET_VISITED == {}


def test_every_exception_names_a_real_pattern_and_says_why():
    routes = set(every_get_route())
    for route, reason in {**NOT_PAGES, **NOT_YET_VISITED}.items():
        assert route in routes, route
        assert reason
    for prefix in NOT_PAGE_PREFIXES:
        assert any(route.startswith(prefix) for route in routes), prefix
