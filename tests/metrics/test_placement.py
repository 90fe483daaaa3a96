"""metrics.placement: every dashboard page has its cards declared, every placed KPI exists, and the
briefing's KPIs are the union of its table, sections and ranking."""

from __future__ import annotations

import pages
from metrics import catalogue, placement


def test_every_dashboard_page_declares_at_least_the_minimum_of_cards():
    assert set(placement.PAGE_CARDS) == set(pages.page_ids(dashboard_only=True))
    for page, ids in placement.PAGE_CARDS.items():
        assert len(ids) >= pages.MIN_CARDS, page


def test_placed_ids_are_catalogue_ids_once_each():
    known = set(catalogue.ids())
    for ids in [*placement.PAGE_CARDS.values(), *(ids for _, ids in placement.BRIEFING_SECTIONS.values())]:
        assert set(ids) <= known
        assert len(ids) == len(set(ids))


def test_headline_is_the_overview_cards():
    assert placement.headline() == placement.cards("overview")
    assert placement.headline()[:2] == ("active_workers", "workers_per_10k")


def test_briefing_metrics_are_table_then_sections_then_ranking_without_repeats():
    ids = placement.briefing_metrics()
    assert len(ids) == len(set(ids))
    assert ids[: len(placement.headline())] == placement.headline()
    expected = set(placement.headline()) | set(placement.RANKING)
    for _, section in placement.BRIEFING_SECTIONS.values():
        expected |= set(section)
    assert set(ids) == expected


def test_places_lists_pages_and_sections():
    assert placement.places("certified_share") == ["page:overview", "page:workforce", "briefing:workforce"]
    assert placement.places("resident_population") == []
