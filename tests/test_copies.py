"""Wire-copy detection: the rule, order independence, edge cases and signatures."""

from __future__ import annotations

import random
import tracemalloc

import pytest
from datasketch import MinHash, MinHashLSH

from tidings.stories.copies import (
    MIN_WORDS,
    NUM_PERM,
    SEED,
    SHINGLE,
    CopyIndex,
    CopyLink,
    Doc,
    containment,
    find_copies,
    minhash_from,
    shingles,
    signature,
)

# A wire story, an intro a republisher adds, and another report of the same happening.
WIRE = [
    ("Kestrel Bay, March 3 (Wirepost) The Kestrel Bay port authority on Monday approved a plan to "
     "deepen the northern shipping channel by four metres, clearing the way for larger container "
     "vessels to dock at the harbour for the first time since it opened in 1962."),
    ("Port chairman Idris Valen told reporters the dredging would begin in September and take about "
     "eighteen months, at an estimated cost of 310 million dollars shared between the regional "
     "government and three private terminal operators."),
    ("Fishing cooperatives along the bay have opposed the project, warning that sediment stirred up "
     "by the dredgers could smother the oyster beds that supply most of the region's shellfish exports."),
    ("Valen said an independent monitoring panel would publish water quality readings every week and "
     "that work would pause automatically if turbidity exceeded limits agreed with the environment ministry."),
    ("The authority expects annual cargo volumes to rise by a third within five years of the channel "
     "reopening, he added."),
]
INTRO = (
    "Residents of the coastal district have waited more than a decade for a decision on the harbour, "
    "and the vote drew a crowd of several hundred people to the town hall on Monday evening."
)
SAME_TOPIC = (
    "Fishermen in Kestrel Bay vowed on Monday to challenge the port authority's decision in court. "
    "Speaking outside the town hall, cooperative leader Marta Oyelaran said chairman Idris Valen had "
    "ignored scientific advice about the oyster beds. The channel deepening, approved earlier in the "
    "day, will cost about 310 million dollars and is due to start in September. Oyelaran said her "
    "members would seek an injunction before the first dredger arrives, and accused the regional "
    "government of putting container traffic ahead of local livelihoods."
)
OTHER = (
    "Hollin Ridge, March 3 The Hollin Ridge council voted on Monday to close two branch libraries and "
    "move their collections to a new central building, a change the mayor said would save the town "
    "about 1.2 million a year. Opponents collected four thousand signatures against the plan, which "
    "will take effect in July once the new building passes its final inspection."
)


def body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def doc(doc_id: str, text: str, when: str | None = "2026-03-03", outlet: str | None = "wire") -> Doc:
    return Doc(doc_id, text, when, outlet)


def only_link(links: list[CopyLink]) -> CopyLink:
    assert len(links) == 1, links
    return links[0]


# ── the rule ──


def test_copy_with_an_intro_and_another_headline_links_to_its_original():
    original = doc("orig", body(*WIRE), "2026-03-03T08:00:00")
    copy = doc("copy", body("Harbour deepening gets green light", INTRO, *WIRE), "2026-03-03T11:30:00", "coast news")
    link = only_link(find_copies([copy, original]))
    assert (link.copy_id, link.original_id) == ("copy", "orig")
    assert link.containment >= 0.7
    assert link.similarity < link.containment  # the intro is in the copy only


def test_trimmed_copy_links():
    original = doc("orig", body(*WIRE), "2026-03-03")
    trimmed = doc("trim", body(*WIRE[:3]), "2026-03-04", "daily")
    link = only_link(find_copies([original, trimmed]))
    assert (link.copy_id, link.original_id) == ("trim", "orig")
    assert link.containment == 1.0  # every shingle of the trimmed copy is in the original


def test_intro_and_trimmed_ending_together_still_link():
    original = doc("orig", body(*WIRE), "2026-03-03")
    copy = doc("copy", body(INTRO, *WIRE[:4]), "2026-03-04")
    assert only_link(find_copies([original, copy])).original_id == "orig"


def test_two_reports_of_one_happening_do_not_link():
    assert find_copies([doc("wire", body(*WIRE)), doc("local", SAME_TOPIC), doc("other", OTHER)]) == []


def test_too_little_shared_text_does_not_link():
    # Two of five paragraphs in common: the shorter one is not mostly inside the longer one.
    half = doc("half", body(WIRE[0], WIRE[1], SAME_TOPIC), "2026-03-04")
    assert find_copies([doc("orig", body(*WIRE)), half]) == []


def test_identical_bodies_under_two_urls_link_the_earlier_is_the_original():
    text = body(*WIRE)
    links = find_copies([doc("a-first-url", text, "2026-03-03T10:00"), doc("b-second-url", text, "2026-03-03T09:00")])
    link = only_link(links)
    assert (link.copy_id, link.original_id) == ("a-first-url", "b-second-url")  # time, not id, decides
    assert (link.containment, link.similarity) == (1.0, 1.0)


def test_same_time_the_smaller_id_is_the_original():
    text = body(*WIRE)
    assert only_link(find_copies([doc("zz", text), doc("aa", text)])).original_id == "aa"


def test_normalised_text_decides_identity():
    text = body(*WIRE)
    shouted = text.upper().replace(",", "").replace(".", " . ")
    link = only_link(find_copies([doc("plain", text), doc("shouted", shouted, "2026-03-05")]))
    assert (link.original_id, link.containment) == ("plain", 1.0)


# ── chains ──


def test_chains_resolve_to_the_root():
    extra = [OTHER, SAME_TOPIC]
    a = doc("a", body(*WIRE[:2]), "2026-03-01")  # the first two paragraphs
    b = doc("b", body(*WIRE[:2], *extra), "2026-03-02")  # a plus more: contains a
    c = doc("c", body(*extra), "2026-03-03")  # b trimmed to its added part: inside b, nothing of a
    index = CopyIndex()
    for d in (c, a, b):
        index.add(d)
    assert index.original_of("b") == "a" and index.original_of("c") == "a"
    assert index.original_of("a") is None
    chained = {link.copy_id: link for link in index.links()}["c"]
    assert chained.original_id == "a" and chained.containment == 0.0  # measured against the root


def test_the_earliest_of_several_originals_wins():
    first = doc("first", body(*WIRE[:2]), "2026-03-01")
    second = doc("second", body(*WIRE[2:]), "2026-03-02")
    roundup = doc("roundup", body(*WIRE), "2026-03-03")  # contains both
    assert {(l.copy_id, l.original_id) for l in find_copies([roundup, second, first])} == {
        ("roundup", "first")
    }  # second copies nothing earlier: it is an original of its own


def test_a_later_document_never_becomes_a_copy_through_a_later_bridge():
    # x and y share nothing; z (later) contains both: only z is a copy.
    x = doc("x", body(*WIRE), "2026-03-01")
    y = doc("y", OTHER + " " + SAME_TOPIC, "2026-03-02")
    z = doc("z", body(*WIRE, OTHER, SAME_TOPIC), "2026-03-03")
    links = find_copies([z, y, x])
    assert [(l.copy_id, l.original_id) for l in links] == [("z", "x")]


# ── dates ──


def test_an_undated_document_is_never_the_original_of_a_dated_one():
    text = body(*WIRE)
    links = find_copies([doc("aaa-undated", text, None), doc("zzz-dated", text, "2026-03-09")])
    assert only_link(links).original_id == "zzz-dated"


def test_two_undated_copies_the_smaller_id_is_the_original():
    links = find_copies([doc("n2", body(INTRO, *WIRE), None), doc("n1", body(*WIRE), None)])
    assert (only_link(links).copy_id, only_link(links).original_id) == ("n2", "n1")


def test_a_blank_date_counts_as_undated():
    text = body(*WIRE)
    assert only_link(find_copies([doc("a", text, "  "), doc("b", text, "2026-03-09")])).original_id == "b"


# ── short, empty and huge texts ──


def test_short_texts_link_only_when_identical():
    short = "Kestrel Bay port authority approves channel plan, chairman Idris Valen says"
    assert len(short.split()) < MIN_WORDS
    assert find_copies([doc("s1", short), doc("s2", short + " today")]) == []
    assert only_link(find_copies([doc("s1", short), doc("s2", short.upper() + "!")])).original_id == "s1"
    # a short text inside a long one is not a copy of it either
    assert find_copies([doc("long", body(*WIRE)), doc("short", " ".join(WIRE[0].split()[:12]))]) == []


def test_empty_texts_never_link():
    docs = [doc("e1", ""), doc("e2", ""), doc("e3", " \n\n — … "), doc("real", body(*WIRE))]
    index = CopyIndex()
    assert [index.add(d) for d in docs] == [[], [], [], []]
    assert index.links() == [] and len(index) == 4
    assert index.original_of("e2") is None
    assert shingles("") == set() and containment(set(), shingles(WIRE[0])) == 0.0


def test_a_huge_text_completes_in_bounded_memory():
    rng = random.Random(11)
    vocabulary = ["".join(rng.choice("aeioubdklmnprstv") for _ in range(rng.randint(2, 8))) for _ in range(5000)]
    huge = " ".join(rng.choices(vocabulary, k=200_000))
    index = CopyIndex()
    tracemalloc.start()
    try:
        index.add(doc("huge", huge))
        index.add(doc("news", body(*WIRE)))
        links = index.add(doc("huge-again", huge, "2026-03-04"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MiB"
    assert links == [CopyLink("huge-again", "huge", 1.0, 1.0)] and len(index) == 3


# ── order independence and the incremental contract ──


def _corpus(rng: random.Random) -> list[Doc]:
    """30 documents: stories with copies of every kind, a chain, a roundup, twins, undated,
    short and empty ones."""
    vocabulary = ["".join(rng.choice("aeioubdfgklmnprstvz") for _ in range(rng.randint(2, 9))) for _ in range(3000)]

    def words(count: int) -> list[str]:
        return rng.choices(vocabulary, k=count)

    stories = [words(rng.randint(60, 160)) for _ in range(5)]
    docs: list[Doc] = []
    for number, story in enumerate(stories):
        day = f"2026-03-{10 + number:02d}"
        docs.append(Doc(f"s{number}", " ".join(story), day, "wire"))
        docs.append(Doc(f"s{number}-intro", " ".join(words(25) + story), f"{day}T12:00", "site"))
        docs.append(Doc(f"s{number}-trim", " ".join(story[: len(story) * 3 // 4]), day, "site"))  # same day
        docs.append(Doc(f"s{number}-twin", " ".join(story), None if number % 2 else day, "wire"))
    first, added = words(70), words(70)
    docs.append(Doc("chain-a", " ".join(first), "2026-03-01", "wire"))
    docs.append(Doc("chain-b", " ".join(first + added), "2026-03-02", "site"))  # contains chain-a
    docs.append(Doc("chain-c", " ".join(added), "2026-03-03", "site"))  # inside chain-b only
    docs.append(Doc("roundup", " ".join(stories[0] + stories[1]), "2026-03-20", "digest"))
    docs.append(Doc("s0-undated-intro", " ".join(words(30) + stories[0]), None, "blog"))
    docs.append(Doc("s2-same-time", " ".join(stories[2]), "2026-03-12", "mirror"))  # tie: the id decides
    docs += [Doc("short-1", "a few words", "2026-03-01", "x"), Doc("short-2", "a few words", "2026-03-02", "y")]
    docs += [Doc("empty", "", None, None), Doc("alone", " ".join(words(80)), None, "z")]
    assert len(docs) == 30
    return docs


def test_links_do_not_depend_on_the_order_of_arrival():
    docs = _corpus(random.Random(5))
    expected = find_copies(docs)
    assert len(expected) == 21  # the corpus does link
    assert CopyLink("chain-c", "chain-a", 0.0, 0.0) in expected  # through chain-b
    assert {(l.copy_id, l.original_id) for l in expected} >= {("roundup", "s0"), ("s1-twin", "s1")}
    for seed in range(10):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        index = CopyIndex()
        stored: dict[str, CopyLink] = {}
        for d in shuffled:
            stored.update((link.copy_id, link) for link in index.add(d))
        assert index.links() == expected, f"order {seed}"
        # applying what add() returned as upserts keeps a stored copy of the links current
        assert sorted(stored.values(), key=lambda l: (l.original_id, l.copy_id)) == expected
        assert all(index.original_of(l.copy_id) == l.original_id for l in expected)


def test_add_reports_the_links_it_creates_or_moves():
    index = CopyIndex()
    assert index.add(doc("copy-1", body(INTRO, *WIRE), "2026-03-04")) == []
    # the trimmed copy copies copy-1 for now; its twin copies it in turn, so its original is copy-1 too
    assert [(l.copy_id, l.original_id) for l in index.add(doc("copy-2", body(*WIRE[:3]), "2026-03-05"))] == [
        ("copy-2", "copy-1")
    ]
    assert [(l.copy_id, l.original_id) for l in index.add(doc("copy-3", body(*WIRE[:3]), "2026-03-06"))] == [
        ("copy-3", "copy-1")
    ]
    # the original arrives last: every earlier link moves to it
    arrived = index.add(doc("orig", body(*WIRE), "2026-03-03"))
    assert {(l.copy_id, l.original_id) for l in arrived} == {("copy-1", "orig"), ("copy-2", "orig"), ("copy-3", "orig")}
    assert index.links() == arrived
    # an unrelated newcomer reports nothing, a later twin of copy-3 only its own link
    assert index.add(doc("other", OTHER)) == []
    assert [(l.copy_id, l.original_id) for l in index.add(doc("copy-4", body(*WIRE[:3]), "2026-03-07"))] == [
        ("copy-4", "orig")
    ]


def test_a_document_id_is_added_once():
    index = CopyIndex()
    index.add(doc("a", body(*WIRE)))
    with pytest.raises(ValueError):
        index.add(doc("a", OTHER))
    with pytest.raises(KeyError):
        index.original_of("never-added")


# ── shingles and signatures ──


def test_shingles_ignore_case_and_punctuation_but_keep_numbers():
    assert shingles("The port, on Monday: approved it!") == shingles("the port on monday approved it")
    assert shingles("cost of 310 million dollars shared") != shingles("cost of 320 million dollars shared")
    assert len(shingles(WIRE[0])) == len(WIRE[0].split()) - SHINGLE + 1  # no repeated 5-grams in it
    assert len(shingles("four short words")) == 1 and shingles("four short words") != shingles("four short")
    assert len(shingles("港の拡張計画を承認")) == 9 - SHINGLE + 1  # a CJK character is a word
    assert all(0 <= value < 2**63 for value in shingles(WIRE[1]))  # fit SQLite's INTEGER


def test_containment_is_the_share_of_the_first_set_found_in_the_second():
    assert containment({1, 2, 3, 4}, {3, 4, 5}) == 0.5
    assert containment({3, 4, 5}, {1, 2, 3, 4}) == pytest.approx(2 / 3)


def test_signature_round_trips_to_a_datasketch_minhash():
    found = shingles(body(*WIRE))
    sig = signature(found)
    assert isinstance(sig, bytes) and len(sig) == 4 * NUM_PERM
    assert signature(set(found)) == sig  # deterministic
    rebuilt = minhash_from(sig)
    reference = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=lambda value: value & 0xFFFFFFFF)
    reference.update_batch(list(found))
    assert (rebuilt.hashvalues == reference.hashvalues).all()
    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    lsh.insert("orig", rebuilt)
    copy = shingles(body(INTRO, *WIRE))
    assert lsh.query(minhash_from(signature(copy))) == ["orig"]
    true_jaccard = len(found & copy) / len(found | copy)
    assert abs(rebuilt.jaccard(minhash_from(signature(copy))) - true_jaccard) < 0.2
    with pytest.raises(ValueError):
        minhash_from(sig[:-1])


def test_stored_signatures_and_shingles_give_the_same_links():
    docs = [doc("orig", body(*WIRE), "2026-03-03"), doc("copy", body(INTRO, *WIRE), "2026-03-04"), doc("other", OTHER)]
    index = CopyIndex()
    for d in docs:
        found = shingles(d.text)
        index.add(d, sig=signature(found), shingle_set=found)
    assert index.links() == find_copies(docs)
    with pytest.raises(ValueError):
        CopyIndex(num_perm=32).add(docs[0], sig=signature(shingles(docs[0].text)))


def test_fewer_permutations_still_find_plain_copies():
    for num_perm in (32, 128):
        index = CopyIndex(num_perm=num_perm)
        index.add(doc("orig", body(*WIRE), "2026-03-03"))
        assert index.add(doc("copy", body(INTRO, *WIRE), "2026-03-04"))[0].original_id == "orig"


def test_a_doc_from_an_article_is_dated_by_publication_else_reference_time():
    from tidings.records import Article

    article = Article("id1", "page.html", "html", None, "Coast News", "Title", body(*WIRE), None, None, None,
                      reference_time="2026-03-03T10:00:00+00:00")
    assert Doc.of(article) == Doc("id1", body(*WIRE), "2026-03-03T10:00:00+00:00", "Coast News")
