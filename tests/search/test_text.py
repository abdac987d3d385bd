from search.query import parse_query
from search.text import (
    SEP,
    document_tokens,
    encode,
    highlight,
    html_to_text,
    normalize,
    snippet,
    term_tokens,
)


def test_full_width_forms_and_case_are_normalised():
    """Full-width forms and capitals are folded before indexing and searching."""
    assert normalize("ＨＥＺＥ　２０２０，高新区") == "heze 2020,高新区"


def test_chinese_is_indexed_as_bigrams_and_trigrams():
    """Chinese text is indexed as overlapping bigrams and trigrams."""
    assert document_tokens("党建引领") == {"党建", "建引", "引领", "党建引", "建引领"}


def test_query_term_tokens_are_a_subset_of_the_text_tokens():
    """A term's tokens are among the tokens of any text containing it."""
    text = normalize("坚持党建引领，推动高质量发展落到实处 Heze 2020年")
    for term in ["党建引领", "高质量发展", "heze", "2020年", "质量"]:
        assert set(term_tokens(term)) <= document_tokens(text), term


def test_latin_words_are_marked_so_substring_means_whole_word():
    """Latin words are delimited so that a substring match is a whole-word match."""
    assert encode("g20峰会") == f"{SEP}g20{SEP}峰会"
    assert encode("heze") not in encode("hezetown")


def test_block_tags_separate_paragraphs():
    """Paragraphs stay separate in the indexed text."""
    text = html_to_text("<p>高质量</p><p>发展</p>")
    assert "高质量" in text and "发展" in text and "高质量发展" not in text


def test_highlight_escapes_html_and_marks_matches():
    """Highlighting escapes HTML and marks the matches."""
    assert highlight("<b>高质量发展</b>", ["质量"]) == "&lt;b&gt;高<mark>质量</mark>发展&lt;/b&gt;"


def test_snippet_is_a_window_around_the_first_match():
    """A snippet is a window around the first match, with ellipses."""
    text = "开头" * 100 + "高质量发展" + "结尾" * 100
    result = snippet(text, ["高质量发展"])
    assert "<mark>高质量发展</mark>" in result
    assert result.startswith("…") and result.endswith("…")


def test_query_syntax_characters_are_only_separators():
    """Query syntax characters only separate terms."""
    parsed = parse_query("合作 & | ! : * ( ) ' \" \\ <-> 发展", groups=[])
    assert [term.text for term in parsed.terms] == ["合作", "发展"]


def test_long_query_is_cut():
    """A query is cut at 200 characters."""
    parsed = parse_query("发展" * 300, groups=[])
    assert parsed.truncated and len(parsed.text) == 200


def test_fast_encoding_equals_the_plain_rule_on_random_text():
    """encode() (one regex) wraps exactly the non-CJK pieces of every word run."""
    import random

    from search.text import CJK_SPLIT, WORD_RUN

    def plain(value):
        def wrap(match):
            pieces = [p for p in CJK_SPLIT.split(match[0]) if p]
            return "".join(p if CJK_SPLIT.fullmatch(p) else f"{SEP}{p}{SEP}" for p in pieces)

        return WORD_RUN.sub(wrap, value)

    rng = random.Random(7)
    alphabet = [*"发展合作ab Zz09_-，。・ーアカ가나ＡＢ１\n<>&é½", "\U00020001", "\u0301"]
    for _ in range(3000):
        value = normalize("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))))
        assert encode(value) == plain(value), value
