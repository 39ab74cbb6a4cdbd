from classifier.segment import segment_text


def cut(text, spans):
    return [text[s.start:s.end] for s in spans]


def test_non_empty_lines_are_blocks_with_spans():
    text = "Home | News\n\n  The mayor said on Monday.  \nShare this\n"
    spans = segment_text(text)
    assert [s.text for s in spans] == ["Home | News", "The mayor said on Monday.", "Share this"]
    assert cut(text, spans) == [s.text for s in spans]


def test_crlf_and_cr_line_endings():
    text = "One line\r\nTwo line\rThree"
    assert [s.text for s in segment_text(text)] == ["One line", "Two line", "Three"]


def test_hard_wrapped_paragraphs_join_but_short_lines_stay_apart():
    para = ("The council voted on Tuesday to close the branch library on Brackley\n"
            "Road, despite a petition signed by more than four thousand residents\n"
            "who said it was the only quiet place left in the neighbourhood.")
    para2 = ("Campaigners said they would take the decision to judicial review and\n"
             "asked the mayor to meet them before the end of the month, they said.")
    text = f"Home\nNews\n\n{para}\n\n{para2}\n\nShare this\nPrint\n"
    spans = segment_text(text)
    assert [s.text for s in spans][:2] == ["Home", "News"]
    assert spans[2].text == " ".join(para.split("\n"))
    assert spans[3].text == " ".join(para2.split("\n"))
    assert [s.text for s in spans][-2:] == ["Share this", "Print"]
    assert text[spans[2].start:spans[2].end] == para


def test_unwrapped_paragraph_lines_are_not_joined():
    lines = ["A first paragraph that is long enough to look like a real story paragraph on a page."] * 3
    lines.append("Please enter your comment!")
    lines.append("Please enter your name here")
    spans = segment_text("\n".join(lines))
    assert len(spans) == 5


def test_cjk_wrapped_lines_join_without_spaces():
    line = "中国最大的科技公司正在硅谷组建人工智能团队并试图招聘美国顶尖人才尽管华盛顿"
    text = "\n".join([line, line, line, "结束。"]) + "\n\n" + "\n".join([line, line, "完。"])
    spans = segment_text(text)
    assert spans[0].text == line * 3 + "结束。"
    assert " " not in spans[0].text


def test_empty_and_blank_text_have_no_blocks():
    assert segment_text("") == []
    assert segment_text(" \n\t\n ") == []
