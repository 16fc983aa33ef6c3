"""The report in headless Chromium: readable on a 390 px phone, dark when the system is dark."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from reflectkit.report.sections import chart_count

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    from reflectkit.report import build_report

    out = tmp_path_factory.mktemp("report") / "report.html"
    return build_report(sample=True, out=out, progress=False)


def open_page(browser, path: Path, **options):
    context = browser.new_context(**options)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, requests


def luminance(rgb: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def brightness(png: bytes) -> float:
    from io import BytesIO

    from PIL import Image, ImageStat

    return ImageStat.Stat(Image.open(BytesIO(png)).convert("L")).mean[0] / 255


def test_every_text_is_at_least_10_px_on_a_390_px_phone(browser, report_page, artifacts):
    context, page, requests = open_page(browser, report_page, viewport=PHONE)
    try:
        page.screenshot(path=str(artifacts / "report-phone.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        smallest_html = page.evaluate(
            """() => {
                let smallest = Infinity;
                const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                while (walk.nextNode()) {
                    const node = walk.currentNode;
                    if (!node.textContent.trim()) continue;
                    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
                    smallest = Math.min(smallest, size);
                }
                return smallest;
            }"""
        )
        assert smallest_html >= 14
        images = page.locator("img.chart")
        assert images.count() == chart_count()
        for i in range(images.count()):
            image = images.nth(i)
            svg = base64.b64decode(image.get_attribute("src").split(",", 1)[1]).decode()
            view_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])
            fonts = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg)]
            shown = image.bounding_box()["width"]
            assert 300 <= shown <= 390
            assert min(fonts) * shown / view_width >= 10, f"chart {i}: text below 10 px"
        assert all(url.startswith(("file:", "data:")) for url in requests), requests
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_the_page_and_its_charts_follow_the_systems_colour_scheme(
    browser, report_page, artifacts, scheme
):
    context, page, _ = open_page(browser, report_page, viewport=PHONE, color_scheme=scheme)
    try:
        page.screenshot(path=str(artifacts / f"report-{scheme}.png"))
        body = page.evaluate(
            "() => { const s = getComputedStyle(document.body);"
            " return [s.backgroundColor, s.color]; }"
        )
        chart = page.locator("img.chart").nth(1)
        chart.scroll_into_view_if_needed()
        shot = chart.screenshot(path=str(artifacts / f"report-chart-{scheme}.png"))
        if scheme == "dark":
            assert luminance(body[0]) < 0.15 and luminance(body[1]) > 0.8
            # the chart stays as drawn, on a light card: inverted, low mood and "no entry"
            # would both turn near-black
            assert brightness(shot) > 0.75
        else:
            assert luminance(body[0]) > 0.9 and luminance(body[1]) < 0.2
            assert brightness(shot) > 0.75
    finally:
        context.close()
