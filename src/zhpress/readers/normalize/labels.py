"""What each normalization rule is called for a Chinese editor, the clause it applies, and what
to do about its warnings: the one table the change report (HTML, build log) reads.

The report's readers are editors, not programmers: a rule id (`rejoin_page_breaks`) or a design
document name tells them nothing, the standard's clause does (GB/T 15834-2011 《标点符号用法》,
GB/T 15835-2011 《出版物上数字用法》, GB/T 9704-2012 《党政机关公文格式》, and the W3C
《中文排版需求》 clreq). Clause numbers of GB/T 15834-2011: 4.1 句号 … 4.7 冒号, 4.8 引号,
4.9 括号, 4.10 破折号, 4.11 省略号, 4.13 连接号, 4.14 间隔号, 4.15 书名号; 5.1 placement;
Appendix B.3 ordinals, B.4 titles. A rule added without a row here still shows (under a
neutral label) and tests/readers/normalize/test_report_labels.py names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    name: str  # what the rule does or what it found, in Chinese
    clause: str  # the standard's clause it applies (Chinese)
    advice: str  # for a warning: what the editor should check or do; for a change: why
    priority: int = 50  # warnings are listed by priority (lower first: act on these first)


LABELS: dict[str, Label] = {
    # --- changes the normalizer made ----------------------------------------------------------
    "remove_control_characters": Label(
        "删除控制字符", "本系统规范：不可见的控制字符不属于正文，删除并逐一记录",
        "原文中混入的不可见控制字符（如响铃、退格）已删除。"),
    "rejoin_hard_wraps": Label(
        "合并硬换行", "GB/T 15834-2011 5.1（标点位置）；clreq“行首行尾禁则”",
        "从PDF等处复制的文本保留了原版面的换行，句中换行已接回同一段。"),
    "rejoin_page_breaks": Label(
        "合并跨页断段", "GB/T 15834-2011 5.1；clreq“行首行尾禁则”",
        "段落在句中被空行（分页）截断，已接回同一段。"),
    "ascii_parens_to_fullwidth": Label(
        "半角括号改全角", "GB/T 15834-2011 4.9（括号）",
        "中文语境中的半角括号改为全角“（）”；不成对的半角括号保留原样，请核对。", 40),
    "whitespace": Label(
        "整理空格", "GB/T 15834-2011 附录B.3.4、B.3.6；clreq“汉字与西文间距”",
        "删除序号后、全角标点旁多余的空格；“第X章”后保留一个空格。"),
    "straight_quotes_to_curly": Label(
        "直引号改弯引号", "GB/T 15834-2011 4.8（引号）",
        "成对的直引号改为“ ”‘ ’；数目为奇数时无法配对，保留原样，请补全或删去。", 30),
    "ascii_punct_to_fullwidth": Label(
        "半角标点改全角", "GB/T 15834-2011 4.1—4.7（点号）",
        "汉字后的半角逗号、句号、分号、冒号、问号、叹号改为全角。"),
    "dashes_and_ellipses": Label(
        "破折号、省略号规范", "GB/T 15834-2011 4.10（破折号）、4.11（省略号）、4.13（连接号）",
        "“--”“...”等改为“——”“……”；汉字间的单个横线可能是破折号也可能是连接号，"
        "请按文意改定。", 35),
    "interpunct": Label(
        "间隔号统一", "GB/T 15834-2011 4.14（间隔号）；clreq 间隔号用U+00B7",
        "汉字间的“•”“‧”“・”等改为间隔号“·”。"),
    "fullwidth_alnum_to_ascii": Label(
        "全角字母数字改半角", "GB/T 15835-2011《出版物上数字用法》（阿拉伯数字用半角）",
        "全角的阿拉伯数字和拉丁字母改为半角。"),
    "heading_levels": Label(
        "调整标题层级", "GB/T 15834-2011 附录B.3.8（层次序号）",
        "标题层级跳级（如一级标题下直接出现三级标题），已逐级上调，目录和书签才能正确嵌套。"),
    # rules of the issue-13 branches (layouts, divisions, titles), labelled ahead of the merge
    "page_numbers": Label(
        "删除页码行", "本系统规范：版面附属内容（页码）不属于正文，删除并逐一记录",
        "从PDF复制的文本中夹在正文里的页码行已删除。"),
    "pdf_footnotes": Label(
        "脚注移到引用处之后", "clreq“注释”",
        "PDF某页的脚注夹在正文中间，已移到其引用所在的段落之后。"),
    "displaced_fragments": Label(
        "错位文字归位", "clreq“行首行尾禁则”（PDF中错位的一行）",
        "PDF转换时跑到别处的一行文字已移回原处。"),
    "moved_text": Label(
        "移动的文字", "本系统规范：移动的文字在原处与新处都记录",
        "这段文字从原位置移到了它所属的位置（原文照录，未改一字）。"),
    "open_parenthesis_notes": Label(
        "接回括注", "GB/T 15834-2011 4.9（括号）：括注是一个整体",
        "被换行截断的括号注释（如法律的通过、修正说明）已接成一段。"),
    "question_marks": Label(
        "问号或缺字", "GB/T 15834-2011 4.2（问号）；本系统规范：含义不明的字符保留并报告",
        "“?”在这里可能是原文遗失的字，保留原样；确属问号的已改为全角“？”。", 12),
    "fullwidth_periods": Label(
        "全角句点“．”", "GB/T 15834-2011 4.1（句号）、4.14（间隔号）",
        "汉字后的“．”按上下文读作句号“。”或间隔号“·”。请抽查几处是否读对。", 22),
    "spaced_dates": Label(
        "日期去掉空格", "GB/T 15835-2011《出版物上数字用法》（日期写作1979年7月1日）",
        "PDF文本层在日期的数字和“年月日”之间加的空格已去掉。"),
    "front_matter": Label(
        "读取文首元数据", "本系统规范：文首 --- 之间的元数据（标题、作者、日期）不属于正文",
        "文本开头的元数据块已读入标题、作者等信息，并从正文中去掉。"),
    "record_separator": Label(
        "删除记录分隔符", "本系统规范：数据导出文件的分隔符是结构，不是正文",
        "逐条导出的新闻之间的分隔符（如“!!!!”“■”“======”）已去掉，按条分成标题和正文。"),
    "record_markup": Label(
        "删除记录标记", "本系统规范：数据导出文件的标记和元数据字段不是正文",
        "记录中的标记和元数据字段（如网址、编号）已去掉。"),
    "html_markup": Label(
        "删除网页标记", "本系统规范：另存为文本的网页，其标签、注释和实体不是正文",
        "网页的标签、注释和“&nbsp;”等实体已去掉，只留下文字。"),
    "html_entity": Label(
        "解码网页字符实体", "本系统规范：网页的字符实体（如“&gt;”“&nbsp;”）按其所指的字符保留",
        "网页中的字符实体已换成它所代表的字符（如“&gt;”换成“>”）。"),
    "html_clutter": Label(
        "删除网页杂项", "本系统规范：网页的脚本、样式、导航和页头不是文章",
        "网页的导航栏、脚本、样式等非文章内容已去掉。"),
    "html_duplicate_block": Label(
        "删除重复段落", "本系统规范：网页中逐字重复的段落只保留一次",
        "网页中逐字重复出现的段落只保留了第一次出现的。"),
    # --- 公文 elements recognised in raw text (readers/normalize/gongwen.py) ---------------------
    "gongwen_doc_number": Label(
        "识别发文字号", "GB/T 9704-2012 7.2.5（发文字号：年份用六角括号〔〕，序号不编虚位）",
        "识别出发文字号，已移入版头；年份括号改为“〔〕”，序号去掉前导零。"),
    "gongwen_title_repeat": Label(
        "删除重复的标题", "GB/T 9704-2012 7.3.1（标题）",
        "粘在发文字号前、与标题相同的文字是标题的重复，已删去。"),
    "gongwen_addressee": Label(
        "识别主送机关", "GB/T 9704-2012 7.3.2（主送机关：顶格，回行顶格，最后一个机关名称后标全角冒号）",
        "识别出主送机关，按公文格式顶格排在标题下一行。"),
    "gongwen_date": Label(
        "识别成文日期", "GB/T 9704-2012 7.3.5（成文日期用阿拉伯数字将年、月、日标全）",
        "识别出成文日期，按标准改用阿拉伯数字，排在发文机关署名下。"),
    "gongwen_signature": Label(
        "识别发文机关署名", "GB/T 9704-2012 7.3.5（发文机关署名）",
        "识别出成文日期上一行的发文机关署名。"),
    "gongwen_attachment": Label(
        "识别附件说明", "GB/T 9704-2012 7.3.4（附件说明）、7.3.7（附件）",
        "识别出附件说明及其后的附件，附件另面编排。"),
    "gongwen_copy_to": Label(
        "识别抄送机关", "GB/T 9704-2012 7.4.2（抄送机关）",
        "识别出抄送机关，已移入版记。"),
    "gongwen_printed": Label(
        "识别印发机关和印发日期", "GB/T 9704-2012 7.4.3（印发机关和印发日期）",
        "识别出印发机关和印发日期，已移入版记。"),
    "gongwen_issuer": Label(
        "识别发文机关", "GB/T 9704-2012 7.2.4（发文机关标志）",
        "从标题开头识别出发文机关（“××关于……”），用作发文机关标志。"),
    # --- warnings only: the editor decides ------------------------------------------------------
    "unknown_character": Label(
        "原文缺字", "本系统规范：含义不明的字符保留原样并报告，不作猜测",
        "原文在此处丢失了字符（常见为“?”），已保留原样。请对照原件，在 Markdown 中补上正确的字。",
        11),
    "division_sequence": Label(
        "章回编号不连续", "GB/T 15834-2011 附录B.3.6、B.3.8（章条序号）",
        "“第X章／回／条”的编号重复或跳号。跳到正文里的已作正文处理；请对照原文核对。", 18),
    "input_layout": Label(
        "文件格式已识别", "本系统规范：数据导出文件和网页按其版式取出正文，去掉的内容逐一记录",
        "本文件被识别为网页或逐条导出的新闻，已按版式取出正文。请核对标题与正文是否分对。", 14),
    "suspected_mojibake": Label(
        "疑似乱码", "本系统规范：含义不明的字符保留原样并报告，不作猜测",
        "这里的文字像是早先用错误编码转换过（成串的“??”、希腊或西里尔字母、制表符号夹在汉字中）。"
        "请对照原件改正。", 10),
    "title_block": Label(
        "标题待确认", "GB/T 9704-2012 7.3.2（标题）；GB/T 15834-2011 附录B.4（标题）",
        "正文中没有找到标题行，或标题是推断的。请在文本开头写明标题，或在元数据中填写标题。", 15),
    "unbalanced_pairs": Label(
        "引号、括号不成对", "GB/T 15834-2011 4.8（引号）、4.9（括号）、4.15（书名号）",
        "本段中的引号、括号或书名号有开无合或有合无开。请补全缺失的一半，本系统不作猜测。", 20),
    "check_short_join": Label(
        "请核对短合并", "GB/T 15834-2011 5.1；跨页合并中后半段少于10字的须人工核对",
        "一个很短的文字块被接到了上一段末尾。若它其实是单独的一行（如标题、署名），请在原文中"
        "断开。", 25),
    "run_in_subhead_mid_paragraph": Label(
        "段中疑似小标题", "clreq“标题”（段首标题）；GB/T 15834-2011 附录B.3.8（层次序号）",
        "段落中间有一句与本节各段的段首小标题同样格式，可能原本是新段落的开头。请核对是否需要分段。",
        30),
}

# A rule added elsewhere without a row above still reads as Chinese (the test names it).
UNLABELLED = Label("其他检查", "（未登记条款）", "请核对此处。", 60)


def label(rule: str) -> Label:
    """The Chinese label of a rule id; a neutral one for an id without a row."""
    return LABELS.get(rule, UNLABELLED)


# Known warning messages, rewritten in Chinese for the editor (the English message stays in the
# JSON report for developers). Each entry: a pattern over the message, and a template filled
# with its named groups. A message without a match is shown as written.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), template) for pattern, template in (
        (r"joined a (?P<n>\d+)-character block to the paragraph before it across a blank line "
         r"\((?P<tail>.*)\|(?P<head>.*)\): check", "把{n}个字的短块接到了上一段：“{tail}｜{head}”，请核对是否同一段"),
        (r"odd number \((?P<n>\d+)\) of straight (?P<q>.) quotes", "直引号 {q} 共{n}个，无法配对，保留原样"),
        (r"unpaired ASCII '(?P<p>.)' left as is", "半角括号“{p}”不成对，保留原样"),
        (r"single dash between Han text", "汉字间的单个横线：破折号（——）还是连接号？保留原样"),
        (r"text looks garbled here: (?P<x>.*)", "此处文字疑似乱码：{x}"),
        (r"no title line found; front-matter title set to the file name '(?P<t>.*)'",
         "没有找到标题行，暂用文件名“{t}”作标题：请在文本中写明标题"),
        (r"'(?P<c>.*)' is built like the sub-heads (?P<s>.*) that start paragraphs here",
         "“{c}”与本节段首小标题（{s}）格式相同：是否漏了分段？保留原样"),
        (r"no title line: the title '(?P<t>.*)' is inferred from '(?P<w>.*)'; check it",
         "没有标题行：标题“{t}”是根据“{w}”推断的，请核对，或在文本开头写明标题"),
        (r"no title line found: the publication has no title",
         "没有找到标题行：本文暂无标题（文件名不能作标题）。请在文本开头写明标题，或加元数据块"),
        (r"the front matter title '(?P<f>.*)' is used; the text's title line reads '(?P<t>.*)'",
         "采用了元数据中的标题“{f}”；正文中的标题行是“{t}”"),
        (r"'(?P<t>.*)' (?:repeats the chapter line before it|is out of sequence and runs into "
         r"its text): kept as body text", "“{t}”与前一章回重复或不合顺序：作正文处理"),
        (r"第…(?P<k>.+) numbering (?:repeats|skips) here: (?P<a>\d+) then (?P<b>\d+) "
         r"\('(?P<t>.*)'\)", "第…{k}的编号在此重复或跳号：{a} 之后是 {b}（“{t}”），请核对原文"),
        (r"'(?P<q>.*)' in (?P<x>.*) stands for (?P<n>\d+) character\(s\) the source lost",
         "{x}中的“{q}”代表原文遗失的{n}个字：保留原样，请在 Markdown 中补上正确的字"),
        (r"(?P<n>\d+) full-width ．after Han text read as full stops",
         "汉字后的{n}个“．”读作句号“。”，请抽查几处"),
        (r"(?P<n>\d+) full-width ．after Han text read as 间隔号",
         "汉字后的{n}个“．”读作间隔号“·”，请抽查几处"),
        (r"'(?P<s>.*)' after the occasion is read as the speaker", "场合行后的“{s}”被读作讲话人，请核对"),
        (r"line '(?P<t>.*)' repeats the title below it with a year",
         "“{t}”重复了下面的标题并加了年份：读作编者所加的标签，不作标题；如不属于本文，请在 Markdown 中删去"),
        (r"'(?P<t>.*)' under the title is as short as a title line",
         "标题下的“{t}”短如标题行（第二行标题、副标题或作者？），暂作正文；如属标题，请在 Markdown 中标明"),
        (r"a web page saved as text", "本文件是另存为文本的网页：已用HTML解析器取出正文，请核对结果"),
        (r"a record dump", "本文件是逐条导出的新闻：已按条分出标题和正文，请核对结果"),
        (r"closing (?P<c>.) without an opening (?P<o>.): (?P<x>.*)",
         "有 {c} 而无与之配对的 {o}：{x}"),
        (r"opening (?P<o>.) never closed in this paragraph: (?P<x>.*)",
         "{o} 在本段中没有闭合：{x}"),
    ))


def message_zh(message: str) -> str:
    """A warning's message in Chinese when its wording is known, else as written."""
    for pattern, template in _MESSAGES:
        m = pattern.match(message)
        if m:
            return template.format(**m.groupdict())
    return message
