from sitesearch.highlight import highlight, pinyin_terms, snippet


def test_text_is_escaped_and_only_matches_are_marked():
    marked = highlight("<script>公积金</script> & 住房", ["公积金", "script"])
    assert marked == "&lt;<mark>script</mark>&gt;<mark>公积金</mark>&lt;/<mark>script</mark>&gt; &amp; 住房"


def test_a_term_never_matches_inside_markup_it_produced():
    assert highlight("a & b <mark>", ["amp", "mark", "lt"]) == "a &amp; b &lt;<mark>mark</mark>&gt;"


def test_neighbouring_matches_read_as_one():
    assert highlight("加大政府采购支持", ["政府", "采购"]) == "加大<mark>政府采购</mark>支持"


def test_longest_term_wins():
    assert highlight("住房公积金", ["公积金", "住房公积金"]) == "<mark>住房公积金</mark>"


def test_snippet_shows_the_text_around_the_first_match():
    text = "甲" * 200 + "住房公积金缴存基数" + "乙" * 200
    shown = snippet(text, ["公积金"], length=60)
    assert shown.startswith("…甲")
    assert "住房<mark>公积金</mark>缴存" in shown
    assert shown.endswith("…")


def test_snippet_without_a_match_starts_with_the_summary():
    assert snippet("正文内容", ["无关"], fallback="这是摘要") == "这是摘要"


def test_pinyin_terms_find_the_words_a_pinyin_query_stands_for():
    assert pinyin_terms("2026中国景德镇国际陶瓷博览会开幕", ["jdz", "taoci", "公积金"]) == ["景德镇", "陶瓷"]
