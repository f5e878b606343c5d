"""The web pages, in process: every page type over a store of the example pages (plus one
hostile page), what each shows, links that land on the right sentence, downloads that hold
every filtered row, HTML error pages, and pages that carry no script, no inline style and
no resource from another host."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from tidings.demo import crawl_record, page_files
from tidings.ingest import IngestOptions, ingest_items
from tidings.settings import Options
from tidings.sources import parse_time, read_input
from tidings.web.app import SECURITY_HEADERS, create_app

from .conftest import EXAMPLES

# A page written to attack the pages that show it: every payload is text in the article
# (escaped in the HTML source, so the extractor keeps it), in its title, outlet and URL.
PAYLOAD = "<script>window.__pwned=1</script>"
HOSTILE_URL = "javascript:window.__pwned=1"
HOSTILE_WORD = "zanzibarquux"
HOSTILE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Japan protests &lt;script&gt;window.__pwned=1&lt;/script&gt; harbour plan | Quux Wire</title>
<meta property="og:title" content="Japan protests &lt;script&gt;window.__pwned=1&lt;/script&gt; harbour plan">
<meta property="og:site_name" content="Quux &lt;img src=x onerror=window.__pwned=1&gt; Wire">
<meta property="article:published_time" content="2025-11-16T08:00:00+09:00">
</head><body><article>
<h1>Japan protests &lt;script&gt;window.__pwned=1&lt;/script&gt; harbour plan</h1>
<p>TOKYO -- Japan accused China on Sunday of breaking the zanzibarquux fishing accord
&lt;img src=x onerror="window.__pwned=1"&gt; near the disputed islands, officials said.</p>
<p>Chinese officials rejected the complaint "&gt;&lt;svg onload=window.__pwned=1&gt; and said their boats
had stayed in open water.</p>
<p>Tokyo said it would summon the ambassador &lt;/mark&gt;&lt;iframe src=javascript:window.__pwned=1&gt;&lt;/iframe&gt;
on Monday to demand an explanation.</p>
<p>The zanzibarquux accord was signed in 2019 ' onmouseover='window.__pwned=1' and has held since then,
officials in both capitals said.</p>
</article></body></html>"""


def web_store(base: Path) -> Path:
    """The store the page and browser tests read, built once per test session under base:
    every example page with its recorded fetch time and URL, and the hostile page."""
    folder = base / "web-store"
    db, done = folder / "tidings.db", folder / "built"
    if done.exists():
        return db
    folder.mkdir(parents=True, exist_ok=True)
    if db.exists():
        db.unlink()  # a build that stopped half-way
    raws = []
    for page in page_files(EXAMPLES):
        fetched_at, url = crawl_record(page)
        raws.append(read_input(str(page), Options.from_env(fetched_at=parse_time(fetched_at) if fetched_at else None, url=url)))
    hostile = folder / "hostile.html"
    hostile.write_text(HOSTILE_PAGE, encoding="utf-8")
    raws.append(read_input(str(hostile), Options.from_env(fetched_at=parse_time("2025-11-16T03:00:00Z"), url=HOSTILE_URL)))
    summary = ingest_items(iter(raws), IngestOptions(db=db))
    assert summary.failures == 0 and summary.stored == len(raws)
    done.touch()
    return db


def hostile_article(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id FROM articles WHERE url = ?", (HOSTILE_URL,)).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="session")
def db(tmp_path_factory) -> Path:
    return web_store(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


@pytest.fixture(scope="module")
def ids(client, db):
    """Ids worth visiting: a story with events, one with a wire copy, an article that names
    actors and tells events, an actor with counterparts, the hostile article."""
    stories = client.get("/api/stories", params={"limit": 100}).json()["items"]
    details = [client.get(f"/api/stories/{s['id']}").json() for s in stories]
    with_events = next(d for d in details if len(d["events"]) >= 3)
    with_copy = next(d for d in details if any(a["copy_of"] for a in d["articles"]))
    mention = with_events["events"][0]["mentions"][0]
    return {"story": with_events["id"], "copy_story": with_copy["id"], "article": mention["article_id"],
            "mention": mention["id"], "actor": "sanae-takaichi", "hostile": hostile_article(db)}


class Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def esc(value: str) -> str:
    """Text as the templates escape it."""
    return str(escape(value))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def text_of(fragment: str) -> str:
    """The text a browser shows for an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"</?p>", " ", fragment))).split())


def page_urls(ids) -> dict[str, str]:
    return {"stories": "/", "story": f"/stories/{ids['story']}", "articles": "/articles",
            "article": f"/articles/{ids['article']}", "actors": "/actors", "actor": f"/actors/{ids['actor']}",
            "dyad": "/dyads/JPN/USA", "search": "/search?q=tariff", "search-empty": "/search", "events": "/events",
            "docs": "/docs", "failures": "/failures", "hostile": f"/articles/{ids['hostile']}"}


def test_every_page_is_html_with_the_security_headers_and_nothing_inline_or_foreign(client, ids):
    for name, url in page_urls(ids).items():
        answer = client.get(url)
        assert answer.status_code == 200, (name, answer.text[:500])
        assert answer.headers["content-type"].startswith("text/html")
        for header, value in SECURITY_HEADERS.items():
            assert answer.headers[header] == value, (name, header)
        found = tags(answer.text)
        names = {t for t, _ in found}
        assert "script" not in names and "style" not in names, name
        assert all(href in answer.text for href in ('href="/events"', 'href="/actors"', 'href="/search"', 'href="/docs"'))
        for tag, attrs in found:
            assert "style" not in attrs and not any(a.startswith("on") for a in attrs), (name, tag, attrs)
            for key in ("src", "href", "action"):
                value = attrs.get(key)
                if value is None or value.startswith("#") or (value.startswith("/") and not value.startswith("//")):
                    continue
                # the only other place a page may point at is an article's own web address, as a plain link
                assert tag == "a" and "external" in (attrs.get("rel") or "") and value.startswith(("http://", "https://")), \
                    (name, tag, attrs)


def test_the_stories_page_pages_through_the_stories(client):
    api = client.get("/api/stories", params={"limit": 5}).json()
    first = client.get("/", params={"limit": 5}).text
    for story in api["items"]:
        assert f'href="/stories/{story["id"]}"' in first and esc(story["title"]) in first
        assert esc(story["first_outlet"]) in first
    assert f"1–5 of {api['total']} stories" in first and 'href="/?offset=5&amp;limit=5"' in first
    second = client.get("/", params={"limit": 5, "offset": 5}).text
    following = client.get("/api/stories", params={"limit": 5, "offset": 5}).json()["items"]
    assert f'href="/stories/{following[0]["id"]}"' in second and f'href="/stories/{api["items"][0]["id"]}"' not in second


def test_a_story_shows_its_events_in_order_with_links_to_every_mention(client, ids):
    story = client.get(f"/api/stories/{ids['story']}").json()
    page = client.get(f"/stories/{ids['story']}").text
    places = [page.index(f'id="e-{e["id"]}"') for e in story["events"]]
    assert places == sorted(places)  # the page keeps the context's time order
    starts = [e["date_start"] for e in story["events"] if e["date_start"]]
    assert starts == sorted(starts)
    for event in story["events"]:
        assert esc(event["evidence"]) in page
        for mention in event["mentions"]:
            assert f'href="/articles/{mention["article_id"]}#m-{mention["id"]}"' in page
    for outlet in story["outlets"]:
        assert esc(outlet["outlet"]) in page
    for line in story["summary"]:
        assert f'href="/articles/{line["article"]}#s-{line["start"]}"' in page
    for related in story["related"]:
        assert f'href="/stories/{related["id"]}"' in page


def test_a_story_marks_its_wire_copies(client, ids):
    story = client.get(f"/api/stories/{ids['copy_story']}").json()
    page = client.get(f"/stories/{ids['copy_story']}").text
    copies = [a for a in story["articles"] if a["copy_of"]]
    assert page.count(">wire copy</span>") == len(copies)
    for copy in copies:
        assert f'copy of <a href="/articles/{copy["copy_of"]}">' in page


def test_a_mention_link_lands_on_its_sentence_in_the_article(client, ids):
    article = client.get(f"/api/articles/{ids['article']}").json()
    page = client.get(f"/articles/{ids['article']}").text
    mention = next(e for e in article["events"] if e["id"] == ids["mention"])
    marked = re.search(r'<mark class="evidence"[^>]*>((?:(?!</mark>).)*id="m-' + mention["id"] + r'"(?:(?!</mark>).)*)</mark>',
                       page, re.S)
    assert marked is not None
    assert text_of(marked.group(1)) == " ".join(mention["sentence"].split())


def test_the_article_text_is_whole_with_actors_and_evidence_highlighted(client, ids):
    article = client.get(f"/api/articles/{ids['article']}").json()
    page = client.get(f"/articles/{ids['article']}").text
    body = page[page.index('<div class="article-text">'):page.index("</article>")]
    assert text_of(body) == " ".join(article["text"].split())  # nothing lost, nothing doubled
    for m in article["actor_mentions"]:
        assert f'<a class="actor k-{m["kind"]}" href="/actors/{m["actor_id"]}"' in body
    shown = re.findall(r'<a class="actor [^"]*" href="/actors/([^"]+)"[^>]*>([^<]*)</a>', body)
    assert [(m["actor_id"], esc(m["text"])) for m in article["actor_mentions"]] == shown
    assert body.count('<mark class="evidence"') == len({(e["start"], e["end"]) for e in article["events"]})
    for event in article["events"]:
        assert f'id="m-{event["id"]}"' in body and f'href="#m-{event["id"]}"' in page
    for fact in (article["outlet"], f"{article['words']} words"):
        assert esc(str(fact)) in page


def test_article_body_cuts_overlaps_and_paragraphs_into_plain_pieces():
    from tidings.web.text import article_body

    text = "Prime Minister Sanae Takaichi met Japan's envoy.\n\nThey agreed. Later, nothing."
    actors = [{"start": 15, "end": 29, "actor_id": "sanae-takaichi", "kind": "person"},
              {"start": 0, "end": 29, "actor_id": "sanae-takaichi", "kind": "person"},
              {"start": 34, "end": 39, "actor_id": "JPN", "kind": "country"}]
    events = [{"id": "a1", "start": 0, "end": 48, "type": "CONSULT"}, {"id": "a2", "start": 50, "end": 62, "type": "AGREE"},
              {"id": "a3", "start": 50, "end": 62, "type": "SUPPORT", "negated": True}]
    body = article_body(text, actors, events, [{"start": 63, "end": 77}])
    assert len(body) == 2
    assert "".join(p["text"] for c in body[0] for p in c["pieces"]) == text[:48]
    first = body[0][0]
    assert first["evidence"] == "Evidence of CONSULT" and first["pieces"][0]["anchors"] == ["m-a1", "s-0"]
    assert [p["actor"]["actor_id"] for p in first["pieces"] if p["actor"]] == ["sanae-takaichi", "JPN"]
    assert first["pieces"][0]["text"] == "Prime Minister Sanae Takaichi"  # the longer of two overlapping mentions
    agreed, rest = body[1]
    assert agreed["evidence"] == "Evidence of AGREE, SUPPORT (negated)"
    assert agreed["pieces"][0]["anchors"] == ["m-a2", "m-a3", "s-50"]
    assert rest["evidence"] is None and "s-63" in rest["pieces"][1]["anchors"]
    assert "".join(p["text"] for c in body[1] for p in c["pieces"]) == text[50:]


def test_hostile_text_is_shown_escaped_everywhere(client, ids):
    article_page = client.get(f"/articles/{ids['hostile']}").text
    search_page = client.get("/search", params={"q": HOSTILE_WORD}).text
    for page in (article_page, search_page, client.get("/articles").text, client.get("/events").text):
        for raw in (PAYLOAD, "<img src=x", "<svg onload", "<iframe", "</mark><iframe"):
            assert raw not in page
    assert esc(PAYLOAD) in article_page and "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in article_page
    assert "Quux &lt;img src=x onerror=window.__pwned=1&gt; Wire" in article_page
    assert HOSTILE_URL in article_page and f'href="{HOSTILE_URL}"' not in article_page  # shown, not linked
    assert f"<mark>{HOSTILE_WORD}</mark>" in search_page and esc(PAYLOAD) in search_page


def test_search_highlights_and_pages_and_reads_bad_queries_kindly(client):
    api = client.get("/api/search", params={"q": "tariff", "limit": 5}).json()
    page = client.get("/search", params={"q": "tariff", "limit": 5}).text
    assert f"1–5 of {api['total']} articles" in page
    assert [i["id"] for i in api["items"]] == re.findall(r'<h2><a href="/articles/([0-9a-f]+)">', page)
    assert re.search(r"<mark>tariffs?</mark>", page, re.I)
    empty = client.get("/search").text
    assert 'id="q"' in empty and "<ol class=\"results\">" not in empty
    bad = client.get("/search", params={"q": '"tariff'})
    assert bad.status_code == 400 and "could not be read" in bad.text and 'value="&#34;tariff"' in bad.text
    assert "Traceback" not in bad.text


def test_the_events_form_keeps_its_filters_and_links_the_downloads(client):
    page = client.get("/events", params={"actor": "JPN", "type": ["ACCUSE", "REJECT"], "since": "", "min_outlets": ""}).text
    assert 'value="ACCUSE" checked' in page and 'value="REJECT" checked' in page and 'value="AGREE" checked' not in page
    assert 'id="f-actor" name="actor" value="JPN"' in page
    assert 'href="/events.csv?actor=JPN&amp;type=ACCUSE&amp;type=REJECT"' in page
    assert 'href="/events.jsonl?actor=JPN&amp;type=ACCUSE&amp;type=REJECT"' in page
    total = client.get("/api/events", params={"actor": "JPN", "type": ["ACCUSE", "REJECT"]}).json()["total"]
    assert f"Download all {total} matching event" in page


@pytest.mark.parametrize("query", [{}, {"actor": "JPN", "type": ["ACCUSE", "REJECT"]}, {"with": "USA", "min_outlets": "2"},
                                   {"since": "2025-11", "outlet": "Nippon Post"}])
def test_downloads_hold_every_filtered_event(client, query):
    api, offset = [], 0
    while offset is not None:
        answer = client.get("/api/events", params={**query, "limit": 40, "offset": offset}).json()
        api.extend(answer["items"])
        offset = answer["next_offset"]
    assert len(api) == answer["total"]
    table = client.get("/events.csv", params=query)
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
    assert table.headers["content-disposition"] == 'attachment; filename="tidings-events.csv"'
    assert table.headers["x-total-count"] == str(len(api))
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert [r["id"] for r in rows] == [e["id"] for e in api]
    assert [r["type"] for r in rows] == [e["type"] for e in api]
    assert all(r["evidence"] for r in rows) and all(r["quad_class"] for r in rows)
    lines = client.get("/events.jsonl", params=query)
    assert lines.headers["content-disposition"] == 'attachment; filename="tidings-events.jsonl"'
    assert [json.loads(line) for line in lines.text.splitlines()] == api


def test_a_download_stops_at_its_cap_and_says_so(db):
    from tidings.web.downloads import EventExport

    export = EventExport(db, {"actor": None, "with_": None, "types": None, "since": None, "until": None,
                              "outlet": None, "min_outlets": None}, cap=7)
    assert export.total > 7 and export.rows == 7
    assert export.headers("x.csv")["X-Tidings-Truncated"] == f"first 7 of {export.total} events"
    assert len(list(csv.reader(io.StringIO("".join(export.csv()))))) == 1 + 7


def test_csv_cells_cannot_become_formulas():
    from tidings.web.downloads import csv_row, COLUMNS

    row = dict(zip(COLUMNS, csv_row({"id": "e1", "type": "ACCUSE", "evidence": "=HYPERLINK(\"x\")", "first_outlet": "+Wire",
                                     "actors": ["JPN"], "recipients": []})))
    assert row["evidence"] == "'=HYPERLINK(\"x\")" and row["first_outlet"] == "'+Wire" and row["source"] == "JPN"


def test_the_dyad_page_draws_both_charts_with_labels(client):
    dyad = client.get("/api/dyads/JPN/USA").json()
    page = client.get("/dyads/JPN/USA").text
    assert page.count('<svg class="chart-svg"') == 2 and page.count('role="img"') == 2
    stacked = sum(1 for m in dyad["months"] for n in m["quad"].values() if n)
    assert len(re.findall(r'<rect class="bar q-', page)) == stacked
    assert len(re.findall(r'<rect class="bar score-', page)) == sum(m["score"] is not None for m in dyad["months"])
    for quad in ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict"):
        assert quad in page
    for event in dyad["events"]:
        assert esc(event["evidence"]) in page
    month = dyad["months"][0]
    assert f"<title>{month['month']}: " in page


def test_the_actor_page_shows_offices_and_counterparts_that_lead_to_dyads(client):
    actor = client.get("/api/actors/sanae-takaichi").json()
    page = client.get("/actors/sanae-takaichi").text
    assert actor["roles"] and all(esc(r["title"]) in page for r in actor["roles"])
    for other in actor["counterparts"]:
        assert f'href="/dyads/{actor["country"]}/{other["id"]}"' in page
    assert client.get(f"/dyads/{actor['country']}/{actor['counterparts'][0]['id']}").status_code == 200
    for event in actor["recent_events"]:
        assert f'id="e-{event["id"]}"' in page


def test_the_docs_page_documents_every_api_path_and_parameter(client):
    schema = client.get("/openapi.json").json()
    page = client.get("/docs").text
    assert "swagger" not in page.lower()
    for path, item in schema["paths"].items():
        assert f"<code>{esc(path)}</code>" in page
        for op in item.values():
            assert esc(op["summary"]) in page
            for parameter in op.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in page
                if parameter.get("description"):
                    assert esc(parameter["description"]) in page


@pytest.mark.parametrize("url", ["/stories/s000000000000", "/articles/nope", "/actors/nobody", "/dyads/NOPE/JPN",
                                 "/no-such-page", "/static/nothing.css"])
def test_unknown_things_answer_a_404_page(client, url):
    answer = client.get(url)
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "Not found" in answer.text and 'href="/events"' in answer.text  # the error keeps the site's layout
    assert answer.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]


def test_the_api_keeps_its_json_errors(client):
    answer = client.get("/api/stories/s000000000000")
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not-found"


@pytest.mark.parametrize("url, status, words", [("/events?since=2025-13", 400, "'2025-13'"),
                                                ("/events?type=NOPE", 400, "unknown event type"),
                                                ("/events?min_outlets=two", 400, "min_outlets"),
                                                ("/events?limit=0", 422, "limit"),
                                                ("/events.csv?type=NOPE", 400, "unknown event type"),
                                                ("/actors?kind=planet", 400, "kind"),
                                                ("/dyads/JPN/JPN", 400, "two different actors")])
def test_bad_filters_answer_an_error_page(client, url, status, words):
    answer = client.get(url)
    assert answer.status_code == status and answer.headers["content-type"].startswith("text/html")
    assert words in html.unescape(answer.text)


def test_the_style_sheet_is_served_from_this_host(client):
    answer = client.get("/static/style.css")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/css")
    assert "http://" not in answer.text and "https://" not in answer.text and "@import" not in answer.text
