"""The built docs site works in a real browser: navigation, search, diagrams."""

from urllib.parse import urljoin

import pytest

from course_kit.layout import list_steps

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

STEP_PAGES = [f"steps/{step}/" for step in list_steps()]
PAGES_WITH_DIAGRAMS = ["", *STEP_PAGES, "going-further/"]


def nav_links(page, site_url):
    """Return the site-relative address of every page in the primary navigation."""
    hrefs = page.eval_on_selector_all(
        "nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)"
    )
    pages = {href.split("#")[0] for href in hrefs if href.startswith(site_url)}
    return sorted(href.removeprefix(site_url) for href in pages)


def test_navigation_lists_every_step_and_the_reference_pages(page, site_url):
    page.goto(site_url)

    links = nav_links(page, site_url)

    assert {*STEP_PAGES, "", "troubleshooting/", "going-further/"} <= set(links)


def test_every_page_in_the_navigation_loads_without_errors(page, site_url):
    page.goto(site_url)
    broken = {}

    for path in nav_links(page, site_url):
        page.problems.clear()
        response = page.goto(urljoin(site_url, path))
        page.wait_for_load_state("networkidle")
        if response.status != 200 or not page.locator("article h1").count() or page.problems:
            broken[path] = (response.status, list(page.problems))

    assert broken == {}


def test_step_page_footer_leads_to_the_next_step(page, site_url):
    step, following = list_steps()[1:3]
    page.goto(urljoin(site_url, f"steps/{step}/"))

    page.locator("a.md-footer__link--next").click()

    page.wait_for_url(urljoin(site_url, f"steps/{following}/"))
    number = following.split("_")[0]
    assert number in page.locator("article h1").inner_text()


def test_search_finds_the_page_that_explains_a_term(page, site_url):
    page.goto(site_url)

    page.locator("input.md-search__input").click()
    page.keyboard.type("get_asgi_application")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()

    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any("steps/01_setup/" in href for href in hrefs)


@pytest.mark.parametrize("path", PAGES_WITH_DIAGRAMS, ids=lambda p: p or "home")
def test_mermaid_diagrams_render_to_svg(page, site_url, path):
    page.goto(urljoin(site_url, path))
    diagrams = page.locator("div.mermaid")
    diagrams.first.locator("svg").wait_for()

    rendered = diagrams.evaluate_all(
        "nodes => nodes.map(n => n.shadowRoot ? n.shadowRoot.innerHTML : '')"
    )

    assert rendered
    assert all("<svg" in svg for svg in rendered)
    assert not any("Syntax error" in svg for svg in rendered)
    assert page.locator("pre.mermaid").count() == 0
