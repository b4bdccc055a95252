"""Every page by its URL on a freshly started server, after a reload, and with its choices
kept in the URL (issue 14: a deep link opened first after a restart used to run the page
without Home.py: raw file names in the sidebar, the tab titled "predictor", a narrow layout)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from app_pages import HOME, PAGES
from core.models import SPECS
from tests.e2e.app_server import checked_page, running_app, wait_for_script_to_finish

# Streamlit's centred layout is 736 px wide at most; the app asks for the wide one.
CENTRED_LAYOUT_WIDTH = 736
HEADINGS = {"explorer": "Explore MNIST", "comparison": "Compare models", "predictor": "Read a number"}


def check_app_shell(page, title: str) -> None:
    expect(page).to_have_title(f"{title} · Digit Lab")
    navigation = page.locator('[data-testid="stSidebarNav"] a')
    # Each link is the page's icon (a ligature: its name as text) then its title.
    expect(navigation).to_have_text(
        [re.compile(f"{title}$") for title in [HOME.title, *(e.title for e in PAGES)]]
    )
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert main["width"] > CENTRED_LAYOUT_WIDTH


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.path)
def test_a_deep_link_is_the_first_visit_after_a_server_start(browser, entry):
    url_path = entry.path.removeprefix("app_pages/").removesuffix(".py")
    with running_app() as url, checked_page(browser, f"{url}/{url_path}") as page:
        expect(page.get_by_role("heading", name=HEADINGS[url_path])).to_be_visible()
        check_app_shell(page, entry.title)
        page.reload()
        wait_for_script_to_finish(page)
        expect(page.get_by_role("heading", name=HEADINGS[url_path])).to_be_visible()
        check_app_shell(page, entry.title)


def test_the_explorer_tab_and_seed_survive_a_reload(visit):
    page = visit("explorer")
    page.get_by_role("tab", name="Samples").click()
    wait_for_script_to_finish(page)
    page.get_by_role("button", name="Reshuffle").click()
    wait_for_script_to_finish(page)
    expect(page).to_have_url(re.compile(r"explorer_tab=Samples"))
    expect(page).to_have_url(re.compile(r"samples_seed=1\b"))
    page.reload()
    wait_for_script_to_finish(page)
    expect(page.get_by_role("tab", name="Samples")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text("(seed 1)")).to_be_visible()


def test_the_comparison_tab_and_chosen_models_survive_a_reload(visit):
    # A shared link: the URL names the models as the page shows them.
    models = [SPECS["cnn"].display_name, SPECS["svm"].display_name]
    query = urlencode([("comparison_tab", "Confusion"), *(("shown_models", name) for name in models)])
    page = visit(f"comparison?{query}")
    expect(page.get_by_role("tab", name="Confusion")).to_have_attribute("aria-selected", "true")
    chips = page.locator('[data-testid="stMultiSelect"] [data-tag]')
    expect(chips).to_have_count(2)
    page.reload()
    wait_for_script_to_finish(page)
    expect(page.get_by_role("tab", name="Confusion")).to_have_attribute("aria-selected", "true")
    expect(chips).to_have_count(2)


def test_the_predictor_source_is_in_the_url(visit):
    page = visit("predictor?source=example")
    expect(page.get_by_role("button", name="Another example")).to_be_visible()
    page.reload()
    wait_for_script_to_finish(page)
    expect(page.get_by_role("button", name="Another example")).to_be_visible()
