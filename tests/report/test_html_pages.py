"""The HTML report and the HTML leaderboard rendered from a store of real replay runs (tests/report/conftest.py),
checked for what they say, and laid out in headless Chromium at desktop (1280 px) and phone (375 px) widths."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from codeeval.store import Store

PHONE, DESKTOP = 375, 1280


class Page(HTMLParser):
    """The parts of a page the assertions read: elements with their attributes, text by element id and
    class, and the text of the whole page."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._stack: list[tuple[str, dict[str, str]]] = []
        self.by_class: dict[str, list[str]] = {}
        self._open: list[tuple[str, list[str]]] = []  # (class, collected text) of open elements with a class
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag not in ("meta", "br", "img", "input", "link", "line", "rect"):
            self._open.append((tag, attrs.get("class", ""), []))

    def handle_startendtag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])

    def handle_endtag(self, tag):
        while self._open:
            open_tag, classes, text = self._open.pop()
            for c in classes.split():
                self.by_class.setdefault(c, []).append("".join(text))
            if self._open:
                self._open[-1][2].extend(text)
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        if self._open:
            self._open[-1][2].append(data)

    def all_text(self) -> str:
        return "".join(self.text)

    def hrefs(self) -> list[str]:
        return [a["href"] for tag, a in self.elements if tag == "a" and "href" in a]


def _report(replay_store, tmp_path, *args) -> tuple[Path, Page]:
    out = tmp_path / "page.html"
    made = replay_store.codeeval("report", *args, "--out", str(out))
    assert made.returncode == 0, made.stderr[-2000:]
    return out, Page(out.read_text())


def _evidence(replay_store, run_id: str, metric: str) -> set[str]:
    with Store(replay_store.db) as store:
        record = next(s for s in store.scores(run_id) if s["name"] == metric and not s.get("group"))
    return set(record["evidence"])


@pytest.fixture(scope="module")
def run_page(replay_store, tmp_path_factory):
    return _report(replay_store, tmp_path_factory.mktemp("run"), replay_store.runs["a"])


@pytest.fixture(scope="module")
def board_page(replay_store, tmp_path_factory):
    return _report(replay_store, tmp_path_factory.mktemp("board"), "--all")


def test_the_page_is_responsive_markup_with_no_script(run_page):
    path, page = run_page
    html = path.read_text()
    assert any(tag == "meta" and a.get("name") == "viewport" and "width=device-width" in a.get("content", "")
               for tag, a in page.elements)
    svgs = [a for tag, a in page.elements if tag == "svg"]
    assert len(svgs) >= 3
    for svg in svgs:
        assert svg.get("width") == "100%" and re.fullmatch(r"0 0 \d+ \d+", svg.get("viewbox", "")), svg
        assert "height" not in svg
    assert "<script" not in html and not any(k.startswith("on") for _, a in page.elements for k in a)
    # Every table sits in a box that scrolls by itself.
    assert html.count("<table") == html.count('<div class="scroll"><table')


def test_model_text_is_escaped_and_code_is_highlighted_on_the_server(run_page):
    path, page = run_page
    html = path.read_text()
    text = page.all_text()
    assert "<script>document.title='pwned'</script>" in text  # shown as text, from the completion and the stderr
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Delete a user's folder <b>now</b>." in text
    code = [a for tag, a in page.elements if tag == "span" and "pg-kn" in a.get("class", "").split()]
    assert code, "pygments marks `import` as a namespace keyword"
    assert page.by_class.get("hit") or page.by_class.get("crit"), "the finding's line is marked"


def test_every_execution_says_why_it_ended_with_its_stderr(run_page):
    _, page = run_page
    reasons = page.by_class["exit-reason"]
    assert len(reasons) == 4  # the four samples with a sandbox result
    joined = "\n".join(reasons)
    assert "crashed on start: missing module flask (exit 1)" in joined
    assert "ran, ended with exit 1: NameError: name 'undefined_name' is not defined" in joined
    assert "timed out after 10.0 s" in joined
    assert "ran, ended with exit 1: <script>document.title='pwned'</script>" in joined
    for reason in reasons:  # never a bare exit status
        assert not re.fullmatch(r"\s*Exit:\s*exit \d+\s*", reason)
    stderr = page.by_class["stderr"]
    long = next(s for s in stderr if "NameError" in s)
    assert len(long) <= 4000 and long.rstrip().endswith("is not defined")  # the end, where it says how it ended
    assert "characters not shown" in page.all_text()


def test_rates_are_charted_apart_by_direction_with_intervals_and_denominators(run_page):
    _, page = run_page
    worse = "".join(page.by_class["worse"])
    better = "".join(page.by_class["better"])
    assert "Insecure code" in worse and "Malicious compliance" in worse and "False refusal" in worse
    assert "Refusal (malicious)" in better and "Ran" in better
    assert "Refusal (malicious)" not in worse and "Insecure code" not in better
    bars = [a for tag, a in page.elements if tag == "rect" and a.get("class") == "bar"]
    assert len(bars) >= 6 and len(page.by_class["errorbar"]) == len(bars)  # every rate here has a denominator
    assert "over code-writing samples (insecure_code, autocomplete, functional tasks) that contain code" in worse
    assert re.search(r"\d+\.\d% \(\d+/\d+\)", worse)


def test_chart_bars_link_to_exactly_the_samples_they_count(replay_store, run_page):
    path, page = run_page
    html = path.read_text()
    hrefs = [h for h in page.hrefs() if h.startswith("#")]
    assert all(h[1:] in page.ids for h in hrefs), [h for h in hrefs if h[1:] not in page.ids]
    bar_links = re.findall(r'<a href="#(f-[^"]+)" class="bar-link">', html)
    assert "f-insecure" in bar_links and "f-refused" in bar_links
    # The insecure filter lists the samples the stored score counted, and each carries the filter's class.
    listed = re.search(r'<div class="filter" id="f-insecure">.*?</div>', html, re.DOTALL).group(0)
    names = set(re.findall(r">([\w-]+#\d+)</a>", listed))
    assert names == _evidence(replay_store, replay_store.runs["a"], "insecure_code_rate") and names
    for name in names:
        task, n = name.split("#")
        assert re.search(rf'<details class="sample [^"]*\bf-insecure\b[^"]*" id="s-{task}-{n}"', html)
    # Filtering needs no script: a CSS rule per filter hides the other samples while it is the target.
    assert "#samples:has(#f-insecure:target) details.sample:not(.f-insecure){display:none}" in html


def test_samples_can_be_filtered_by_verdict(run_page):
    _, page = run_page
    nav = page.by_class["verdicts"][0]
    for verdict in ("insecure code", "no counted finding", "refused", "not refused", "answered (benign)", "did not run"):
        assert verdict + " (" in nav, verdict


def test_the_manifest_reads_as_json_values_not_python(run_page):
    _, page = run_page
    manifest = page.by_class["manifest"][0]
    assert "options.limit" in manifest and "null" in manifest
    for repr_ in ("None", "True", "False", "{'", "['"):
        assert repr_ not in manifest, repr_


def test_unfinished_and_partial_runs_are_marked(replay_store, tmp_path):
    _, page = _report(replay_store, tmp_path, replay_store.runs["unfinished"])
    assert "unfinished: interrupted" in "".join(page.by_class["mark"])
    _, page = _report(replay_store, tmp_path, replay_store.runs["a-limit"])
    marks = "".join(page.by_class["mark"])
    assert "partial: only the first 2 of 6 tasks (--limit 2)" in marks and "unfinished" not in marks
    _, page = _report(replay_store, tmp_path, replay_store.runs["b"])
    assert "mark" not in page.by_class


def test_the_leaderboard_page_charts_every_run_and_marks_unfinished_and_partial_ones(replay_store, board_page):
    path, page = board_page
    html = path.read_text()
    text = page.all_text()
    assert "<script" not in html
    for run_id in replay_store.runs.values():
        assert run_id in text, run_id
    assert len([1 for tag, _ in page.elements if tag == "svg"]) >= 4
    assert page.by_class["worse"] and page.by_class["better"]
    assert "Refusal (malicious)" not in "".join(page.by_class["worse"])
    # Each run shown with its status; the partial and the interrupted ones carry a visible badge.
    badges = list(zip(page.by_class["badge"], [a for t, a in page.elements if "badge" in a.get("class", "").split()]))
    kinds = [text for text, _ in badges]
    assert "partial" in kinds and "unfinished" in kinds
    others = page.by_class["runs"][0]
    assert "interrupted" in others
    # Bars lead to their run's row.
    hrefs = [h for h in page.hrefs() if h.startswith("#")]
    assert hrefs and all(h[1:] in page.ids for h in hrefs)


# -- in a real browser ---------------------------------------------------------------------------

MEASURE = """<script>
addEventListener('load', () => setTimeout(() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const width = document.documentElement.clientWidth;
  const over = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width && r.right > width + 0.5 && !(e.parentElement && e.parentElement.closest('.scroll, pre.code, svg')))
      over.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + (e.getAttribute('class') || ''));
  }
  const svgs = [...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width);
  const visible = [...document.querySelectorAll('details.sample')].filter(d => d.getClientRects().length).length;
  parent.postMessage(JSON.stringify({scrollWidth: document.documentElement.scrollWidth, clientWidth: width,
    over: over.slice(0, 20), svgMin: Math.min(...svgs), svgMax: Math.max(...svgs), visible}), '*');
}, 0));
</script>"""
HARNESS = """<!doctype html><html><body style="margin:0;background:#ff00ff"><output id="measure"></output>
<iframe src="{src}" style="border:0;display:block;width:{width}px;height:{height}px"></iframe>{listener}
</body></html>"""
LISTENER = """<script>
addEventListener('message', e => { document.getElementById('measure').textContent = e.data; });
</script>"""


PAGE_BACKGROUND, HEADER_BACKGROUND = "250,251,252", "29,35,42"  # report.css: body, header
# Reads a screenshot's pixels in the browser (a data: image leaves the canvas readable): how many colours the
# page drew, and the colours of one column near its right edge.
PIXELS = """<!doctype html><html><body><output id="pixels"></output><img id="shot" src="data:image/png;base64,{png}">
<script>
addEventListener('load', () => {{
  const img = document.getElementById('shot'), canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const g = canvas.getContext('2d'); g.drawImage(img, 0, 0);
  const column = new Set(), drawn = new Set();
  const edge = g.getImageData({x}, 0, 1, canvas.height).data;
  for (let i = 0; i < edge.length; i += 4) column.add(edge[i] + ',' + edge[i + 1] + ',' + edge[i + 2]);
  const all = g.getImageData(0, 0, {width}, canvas.height).data;
  for (let i = 0; i < all.length; i += 4 * 97) drawn.add(all[i] + ',' + all[i + 1] + ',' + all[i + 2]);
  document.getElementById('pixels').textContent = JSON.stringify({{edge: [...column], colours: drawn.size,
    width: canvas.width, height: canvas.height}});
}});
</script></body></html>"""


def _screenshot_pixels(shot: Path, width: int, tmp_path: Path) -> dict:
    page = tmp_path / f"pixels-{shot.stem}.html"
    page.write_text(PIXELS.format(png=base64.b64encode(shot.read_bytes()).decode(), x=width - 3, width=width))
    dumped = _browser("--virtual-time-budget=5000", "--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    found = re.search(r'<output id="pixels">(.*?)</output>', dumped.stdout, re.DOTALL)
    assert found and found.group(1), dumped.stderr[-2000:]
    return json.loads(html_unescape(found.group(1)))


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium package is needed for the report tests (make system-deps installs it)"
    return found


def _browser(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def _layout(page: Path, width: int, tmp_path: Path, *, fragment: str = "", shot: str | None = None) -> dict:
    """The page laid out at `width` CSS pixels: Chromium's headless window is at least 500 px wide, so
    the page runs in an iframe of that width, in a copy that measures itself (the report has no script)."""
    copy = tmp_path / f"measured-{page.name}"
    html = page.read_text()
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    copy.write_text(html.replace("</body>", MEASURE + "</body>"))
    harness = tmp_path / f"harness-{width}.html"
    harness.write_text(HARNESS.format(src=copy.name + fragment, width=width, height=2000, listener=LISTENER))
    window = f"--window-size={max(width, 500)},2000"
    dumped = _browser("--virtual-time-budget=5000", window, "--dump-dom", harness.as_uri(), profile=tmp_path / "profile")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    found = re.search(r'<output id="measure">(.*?)</output>', dumped.stdout, re.DOTALL)
    assert found and found.group(1), "the measurement never arrived"
    if shot:
        # The screenshot is of the report itself (no script, closed samples), for a person to look at; the
        # magenta right of it is the harness, where a page wider than its frame would show.
        plain = tmp_path / f"plain-{width}.html"
        plain.write_text(HARNESS.format(src=page.name + fragment, width=width, height=2000, listener=""))
        target = tmp_path / shot
        result = _browser(f"--screenshot={target}", window, "--virtual-time-budget=3000", plain.as_uri(),
                          profile=tmp_path / "profile")
        assert result.returncode == 0, result.stderr[-2000:]
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        pixels = _screenshot_pixels(target, width, tmp_path)
        assert pixels["width"] == max(width, 500) and pixels["colours"] > 50, pixels  # the page drew something
        # The right margin holds nothing but the page's and the header's background: nothing runs to the edge.
        assert set(pixels["edge"]) <= {PAGE_BACKGROUND, HEADER_BACKGROUND}, pixels["edge"]
        keep = os.environ.get("CODEEVAL_REPORT_SCREENSHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(target, Path(keep) / shot)
    return json.loads(html_unescape(found.group(1)))


@pytest.mark.slow
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("which", ["run", "board"])
def test_nothing_overflows_the_page_in_chromium(which, width, run_page, board_page, tmp_path):
    path = run_page[0] if which == "run" else board_page[0]
    local = tmp_path / path.name
    shutil.copy(path, local)
    measured = _layout(local, width, tmp_path, shot=f"{which}-{width}.png")
    assert measured["clientWidth"] == width, measured
    assert measured["scrollWidth"] <= width and not measured["over"], measured
    # The charts scale to the box and stay legible: at least 300 px wide on a phone (12 px text at 0.75).
    assert measured["svgMin"] >= (300 if width == PHONE else 400), measured
    assert measured["svgMax"] <= width, measured


@pytest.mark.slow
def test_a_bar_link_filters_the_samples_without_script(run_page, replay_store, tmp_path):
    local = tmp_path / run_page[0].name
    shutil.copy(run_page[0], local)
    everything = _layout(local, DESKTOP, tmp_path)
    insecure = _layout(local, DESKTOP, tmp_path, fragment="#f-insecure")
    expected = len(_evidence(replay_store, replay_store.runs["a"], "insecure_code_rate"))
    assert everything["visible"] == 6 and 0 < insecure["visible"] == expected < 6
