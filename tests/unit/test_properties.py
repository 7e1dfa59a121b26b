"""Property-based tests: segmentation never loses or invents text, and offsets stay exact.

The only documented changes to text are the normalisations of kg.io.decode
(line endings, wide and no-break spaces), white space around lines, the
removal of column breaks, and removed duplicates, which are recorded with
their text. So the non-space characters of a page, as a multiset, equal those
of its articles' text plus the recorded duplicates plus its page furniture.
"""

from collections import Counter

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kg.ingest import segment_source
from kg.io import Metadata, Source, normalise

# Common characters with none of the words that mark bylines, credits or datelines.
ALPHABET = (
    "的一是在不了有和人这中大为上个国我以要他时用们生到地于出就分对成会可主发年动同工也能下过子说产种面而方"
    "后多定行学法所民得经十三之进着等部度家力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开"
    "它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命"
)
HAN = st.text(alphabet=ALPHABET, min_size=1, max_size=12)
SENTENCE = st.builds(lambda a, b: f"{a}，{b}。", HAN, HAN)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=5).map("".join)
TITLE = st.text(alphabet=ALPHABET, min_size=7, max_size=30)
NAME = st.text(alphabet=ALPHABET, min_size=2, max_size=3)


@st.composite
def pages(draw):
    """A page of articles with bylines and paragraphs, some cut by column breaks."""
    articles = []
    lines = []
    body = []  # the body lines of each article
    for _ in range(draw(st.integers(1, 4))):
        title = draw(TITLE)
        author = draw(NAME)
        paragraphs = draw(st.lists(PARAGRAPH, min_size=1, max_size=4, unique=True))
        articles.append((title, author, paragraphs))
        lines += [title, f"□本报通讯员 {author}"]
        pieces = []
        for paragraph in paragraphs:
            cut = draw(st.integers(0, len(paragraph) - 1))
            pieces += [paragraph[:cut], paragraph[cut:]] if cut else [paragraph]
        body.append(pieces)
        lines += pieces
    # A paragraph, or a piece of one, printed twice on a page is a layout duplicate: keep them apart.
    units = [
        set(paragraphs) | set(pieces)
        for (_, _, paragraphs), pieces in zip(articles, body, strict=True)
    ]
    assume(all(not (a & b) for i, a in enumerate(units) for b in units[i + 1 :]))
    return articles, "\n\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(pages())
def test_segmentation_recovers_articles_and_paragraphs(page):
    expected, text = page
    articles = segment_source(Source("page.txt", text, Metadata()))
    assert [(a.title, [p.name for p in a.authors]) for a in articles] == [
        (t, [n]) for t, n, _ in expected
    ]
    for article, (_, _, paragraphs) in zip(articles, expected, strict=True):
        assert article.body().replace("\n", "") == "".join(paragraphs)
    assert _chars(text) == _chars_out(articles)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_any_text_keeps_every_character_and_exact_offsets(raw):
    text = normalise(raw)
    articles = segment_source(Source("any.txt", text, Metadata()))
    assert _chars(text) == _chars_out(articles)
    for article in articles:
        for block in article.blocks:
            assert 0 <= block.start <= block.end <= len(article.text)
            if block.source_offset is not None and block.end > block.start:
                assert text[block.source_offset] == article.text[block.start]
        for person in article.authors + article.photographers:
            assert "".join(article.text[person.start : person.end].split()) == person.name


@settings(max_examples=100, deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=6), st.lists(SENTENCE, min_size=1, max_size=3))
def test_repeated_sentences_are_removed_once_and_recorded(paragraphs, repeated):
    run = "".join(repeated)
    doubled = paragraphs[0] + run + run
    text = "标题行在这里\n\n□本报记者 张三\n\n" + "\n\n".join([doubled, *paragraphs[1:]]) + "\n"
    [article] = segment_source(Source("p.txt", text, Metadata()))
    removed = "".join(d.text for d in article.duplicates)
    assert _chars(text) == _chars_out([article])
    assert len(removed) >= len(run) or len(run) < 12


def _chars(text: str) -> Counter:
    return Counter("".join(text.split()))


def _chars_out(articles) -> Counter:
    out = Counter()
    for article in articles:
        out += _chars(article.text)
        out += sum((_chars(d.text) for d in article.duplicates), Counter())
    staff = articles[0].staff if articles else ()
    for role, name in staff:
        out += _chars(role + name)
    return out
