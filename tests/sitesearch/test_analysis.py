import pytest

from sitesearch.analysis import (
    MAX_QUERY_LENGTH,
    clean_query,
    index_words,
    pinyin_words,
    query_runs,
    query_words,
    word_pinyin,
)


def test_clean_query_folds_full_width_forms_and_drops_control_characters():
    assert clean_query("  ＡＢＣ１２\x00　公积金\n") == "ABC12 公积金"


def test_clean_query_cuts_long_input():
    assert len(clean_query("公" * 2000)) == MAX_QUERY_LENGTH


def test_query_words_leave_out_punctuation_operators_markup_and_stop_words():
    assert query_words('怎么办理“营业执照”? "公积金 OR <script>') == ["办理", "营业执照", "公积金", "or", "script"]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("公积金", "近日,经景德镇市住房公积金管理委员会审议通过"),
        ("政府采购", "景德镇市财政局关于进一步加大政府采购支持中小企业力度的通知"),
        ("景德镇", "景德镇市人民政府办公室"),
        ("中小企业", "为中小企业送来及时雨"),
        ("瓷博会", "2026瓷博会圆满闭幕"),
    ],
)
def test_every_query_word_is_a_word_of_longer_indexed_text(query, text):
    """What the database backends rely on: 公积金 inside 住房公积金 is a word of its own."""
    assert set(query_words(query)) <= set(index_words(text).split())


def test_query_runs_keep_neighbouring_words_together():
    assert query_runs("居家社区养老政策解读") == ["居家社区养老政策解读"]
    assert query_runs("低保怎么申请") == ["低保", "申请"]
    assert query_runs("<script>alert(1)</script>") == ["script", "alert", "1"]


def test_titles_are_indexed_as_pinyin_and_initials():
    full, initials = pinyin_words("2026中国景德镇国际陶瓷博览会开幕")
    assert {"jingdezhen", "taoci", "bolanhui"} <= set(full.split())
    assert {"jdz", "tc", "blh"} <= set(initials.split())
    assert word_pinyin("乐平") == ("leping", "lp")
