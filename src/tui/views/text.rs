//! Text measured in screen columns: CJK characters take two, so padding and wrapping
//! count display width, never characters.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` followed by spaces up to `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// One piece of a name's sort key (see [`name_order`]): a number sorts before any
/// other character, as its digits do in plain text order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum NamePiece {
    /// A run of digits by the number it writes: fewer digits (leading zeros dropped)
    /// first, then the digits.
    Number(usize, String),
    /// Any other character, lower case.
    Char(char),
}

/// A name's sort key, in the order a person expects a list of names: letters without
/// regard to case ("car loan" beside "Car loan"), a run of digits (ASCII or full-width)
/// by the number it writes ("loan 2" before "loan 10"), every other character by its
/// code point, so Chinese names keep one order whatever surrounds them and names that
/// share their first characters sit together.
pub fn name_order(name: &str) -> Vec<NamePiece> {
    let digit = |c: char| match c {
        '0'..='9' => Some(c),
        // Full-width digits (０–９) read as the same numbers.
        '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
        _ => None,
    };
    let mut pieces = Vec::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = digit(c) {
            let mut digits = String::from(d);
            while let Some(d) = chars.peek().copied().and_then(digit) {
                digits.push(d);
                chars.next();
            }
            let number = digits.trim_start_matches('0').to_string();
            pieces.push(NamePiece::Number(number.len(), number));
        } else {
            pieces.extend(c.to_lowercase().map(NamePiece::Char));
        }
    }
    pieces
}

/// `text` cut to at most `width` columns, ending in "…" when something was cut. Cuts fall
/// between characters by display width, so a CJK character is never split.
pub fn ellipsize(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut cut = String::new();
    for c in text.chars() {
        if cut.width() + c.width().unwrap_or(0) + 1 > width {
            break;
        }
        cut.push(c);
    }
    if width == 0 {
        return cut;
    }
    // No dangling separator before the mark: "周转…", not "周转 ·…".
    let mut cut = cut.trim_end_matches([' ', '·']).to_string();
    cut.push('…');
    cut
}

/// `text` cut with "…" like [`ellipsize`], but never inside a word carrying a digit: a
/// figure ("¥1,548.43", "2026-12-10") is shown whole or left out with the rest, and is
/// never right before the mark, where "1…" would read as a figure cut. A word after a
/// figure cut to a stub of one or two letters ("¥120,000.00 l…") says less than none:
/// the figure ends the text then, a space before the mark ("¥120,000.00 …").
pub fn ellipsize_whole(text: &str, width: usize) -> String {
    let cut = ellipsize(text, width);
    let Some(kept) = cut.strip_suffix('…').filter(|_| cut != text) else {
        return cut;
    };
    let stub = last_word(kept);
    let start = kept.len() - stub.len();
    let mid_word = text[kept.len()..].starts_with(|c: char| c != ' ');
    if start > 0 && mid_word && stub.chars().count() <= 2 && !has_digit(stub) {
        let before = kept[..start].trim_end();
        if has_digit(last_word(before)) {
            return format!("{before} …");
        }
    }
    let mut kept = kept;
    while has_digit(last_word(kept)) {
        kept = kept[..kept.len() - last_word(kept).len()]
            .trim_end_matches([' ', '·', ',', ':', '，', '：']);
    }
    format!("{kept}…")
}

/// The text after the last space (all of it when there is none).
fn last_word(text: &str) -> &str {
    text.rfind(' ').map_or(text, |i| &text[i + 1..])
}

fn has_digit(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
}

/// Break `text` into lines of at most `width` columns, each keeping the text's leading
/// indent: see [`wrap_hanging`].
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_hanging(text, width, 0)
}

/// Break `text` into lines of at most `width` columns, the lines after the first
/// indented `hang` columns more than the text's own leading indent (which every line
/// keeps), so that a wrapped entry reads as one. Breaks fall at spaces between words,
/// and between CJK characters (which need no space to break) by the Chinese
/// line-breaking rule (禁则): no line starts with closing punctuation such as "。" or
/// "）", none ends with opening punctuation, a number keeps its "%" ("100 %") and its
/// unit ("120个月", "3 个月"), and the words of [`WORDS`] stay whole ("还款记录",
/// "日期"). Between two Chinese characters a line breaks only where no space or
/// punctuation falls in its last third, and where that splits a word, only where no
/// other break falls in its last half (see `break_at`). A word or figure is cut by
/// columns only when it is wider than the line itself.
pub fn wrap_hanging(text: &str, width: usize, hang: usize) -> Vec<String> {
    let body = text.trim_start_matches(' ');
    let indent = text.len() - body.len();
    let first = width.saturating_sub(indent).max(1);
    let rest = width.saturating_sub(indent + hang).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line: Vec<String> = Vec::new();
    let room = |lines: &Vec<String>| if lines.is_empty() { first } else { rest };
    // A line broken after a separator " · " drops it: the break separates.
    let broken = |line: &[String]| {
        let text = line.concat();
        let text = text.trim_end();
        text.strip_suffix(" ·")
            .unwrap_or(text)
            .trim_end()
            .to_string()
    };
    for unit in units(body) {
        if unit == " " {
            if !line.is_empty() {
                line.push(unit);
            }
            continue;
        }
        let used: usize = line.iter().map(|u| u.width()).sum();
        let room_now = room(&lines);
        if used + unit.width() > room_now && line.iter().any(|u| u != " ") {
            let at = break_at(&line, &unit, room_now);
            let mut carried = line.split_off(at);
            lines.push(broken(&line));
            while carried.first().is_some_and(|u| u == " ") {
                carried.remove(0);
            }
            let carried_width: usize = carried.iter().map(|u| u.width()).sum();
            if carried_width + unit.width() > room(&lines) && !carried.is_empty() {
                lines.push(broken(&carried));
                carried.clear();
            }
            line = carried;
        }
        // Nor does a line start with one.
        if unit == "·" && line.is_empty() && !lines.is_empty() {
            continue;
        }
        // A unit wider than the line is cut by columns (at least a character a line).
        let mut unit = unit;
        while line.is_empty() && unit.width() > room(&lines) {
            // At the last of its words that fits, else by characters.
            let mut head = String::new();
            for token in tokens(&unit) {
                if head.width() + token.width() > room(&lines) {
                    break;
                }
                head.push_str(token);
            }
            if head.is_empty() {
                for c in unit.chars() {
                    if !head.is_empty() && head.width() + c.width().unwrap_or(0) > room(&lines) {
                        break;
                    }
                    head.push(c);
                }
            }
            // Nor does the rest start with closing punctuation ("借呗、" at 4 columns).
            while unit[head.len()..].starts_with(|c| NO_START.contains(c))
                && head.chars().count() > 1
            {
                head.pop();
            }
            unit = unit[head.len()..].to_string();
            lines.push(head);
        }
        if !unit.is_empty() {
            line.push(unit);
        }
    }
    if line.iter().any(|u| u != " ") {
        let mut last = line.concat().trim_end().to_string();
        // A lone Chinese character left on the last line ("情景" broken 情|景) takes the
        // one before it down with it, so the word ends together; the whole word, where
        // the line above ends with a known one ("额度" of "额度好").
        let lone = last.chars().count() == 1 && last.chars().all(ideograph);
        if let Some(previous) = lines.last_mut().filter(|_| lone) {
            let take = match known_suffix(previous) {
                0 if previous.chars().last().is_some_and(ideograph) => 1,
                n => n,
            };
            if take > 0 && previous.chars().count() > take {
                let at = previous
                    .char_indices()
                    .rev()
                    .nth(take - 1)
                    .map_or(0, |(i, _)| i);
                last.insert_str(0, &previous[at..]);
                previous.truncate(at);
            }
        }
        lines.push(last);
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let lead = if i == 0 { indent } else { indent + hang };
            format!("{}{l}", " ".repeat(lead))
        })
        .collect()
}

/// Where a full `line` breaks before `next`: at its end when that is a clean break (a
/// space, punctuation, a figure's edge); else at the last clean break in the line's
/// last third; else at its end when that falls between known words; else at the last
/// break that splits no word in the line's last half; else at its end (the units after
/// the break go to the next line).
fn break_at(line: &[String], next: &str, room: usize) -> usize {
    let last_in = |part: usize, ok: &dyn Fn(&str, &str) -> bool| {
        let mut used = 0;
        let mut best = None;
        for i in 1..line.len() {
            used += line[i - 1].width();
            if used * part >= room * (part - 1) && ok(&line[i - 1], &line[i]) {
                best = Some(i);
            }
        }
        best
    };
    let Some(last) = line.last() else {
        return 0;
    };
    if !between_characters(last, next) {
        return line.len();
    }
    let clean = |l: &str, r: &str| !between_characters(l, r);
    if let Some(at) = last_in(3, &clean) {
        return at;
    }
    if !poor(last, next) {
        return line.len();
    }
    last_in(2, &|l: &str, r: &str| !poor(l, r)).unwrap_or(line.len())
}

/// Whether a break between `left` and `right` falls between two Chinese characters
/// (not punctuation), where it may split a word.
fn between_characters(left: &str, right: &str) -> bool {
    left.chars().last().is_some_and(ideograph) && right.chars().next().is_some_and(ideograph)
}

/// Whether a break between `left` and `right` may split a word: between two Chinese
/// characters, and neither `right` starting a known word (after a character that binds
/// to what follows, such as "不", it still may) nor a particle ("的", "和"…) following
/// one.
fn poor(left: &str, right: &str) -> bool {
    let (Some(end), Some(start)) = (left.chars().last(), right.chars().next()) else {
        return false;
    };
    between_characters(left, right)
        && (BINDS_NEXT.contains(end)
            || (known_prefix(right) == 0 && !(known_suffix(left) > 0 && PARTICLES.contains(start))))
}

/// Characters that bind to what follows them ("不写入", "第 3 期"): no break after one.
const BINDS_NEXT: &str = "不未没无非第";

/// Characters that start a word of their own after a known word: a break before one
/// keeps both whole.
const PARTICLES: &str = "的和与及或在并将按从至于为是了后前起才";

/// The characters of the known word `text` starts with (the longest), 0 for none.
fn known_prefix(text: &str) -> usize {
    let chars: Vec<(usize, char)> = text.char_indices().take(WORD_MAX).collect();
    (2..=chars.len())
        .rev()
        .find(|&n| {
            let end = chars.get(n).map_or(text.len(), |(i, _)| *i);
            known(&text[..end])
        })
        .unwrap_or(0)
}

/// The characters of the known word `text` ends with (the longest), 0 for none.
fn known_suffix(text: &str) -> usize {
    let starts: Vec<usize> = text
        .char_indices()
        .rev()
        .take(WORD_MAX)
        .map(|(i, _)| i)
        .collect();
    (2..=starts.len())
        .rev()
        .find(|&n| known(&text[starts[n - 1]..]))
        .unwrap_or(0)
}

fn known(word: &str) -> bool {
    WORDS.binary_search(&word).is_ok()
}

fn ideograph(c: char) -> bool {
    c.width().unwrap_or(0) > 1 && !NO_START.contains(c) && !NO_END.contains(c)
}

/// Punctuation that may not start a line.
const NO_START: &str = "。，、；：？！）」』】》〉〕…—～・,.;:!?)]}%‰’”";
/// Punctuation that may not end a line.
const NO_END: &str = "（「『【《〈〔([{‘“";
/// Units and measure words that stay with the number before them ("120个月", "30天").
const NUMBER_UNITS: &str = "个月天年日期笔条项张件份位名家元分次周号岁倍";

/// The longest known word, in characters.
const WORD_MAX: usize = 5;

/// Words of the app's own Chinese (its labels, messages and the engine's refusals) that
/// a line never splits, in code-point order (a test keeps it so): Chinese puts no space
/// between words, and a break inside one ("还款记|录", "格式的日|期") reads as two.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "一笔", "一致", "上一步", "上一页", "下一笔", "下一页", "下期", "下次", "不公开",
    "不变", "不同", "不存在", "不晚于", "不能", "不超过", "不适用", "丢弃", "两位", "为空",
    "之后", "之间", "仅为", "今天", "付款", "代码", "以及", "优先", "估算", "余额",
    "使用率", "例如", "保存", "信用", "信用分", "信用卡", "信用账户", "修改", "修正",
    "借呗", "借款", "借款条款", "借款详情", "假设", "做法", "先息后本", "先还", "全部", "全部还清",
    "公开", "共还", "关闭", "其中", "其他", "内存", "内容", "写入", "减少", "减少月供",
    "出账", "分数", "分期", "分期借款", "分期手续费", "切换", "删除", "利息", "利率",
    "到期", "到期日", "剩余", "剩余期数", "剩余本金", "区分", "区间", "单击", "即可", "原因", "及其",
    "反向", "取消", "另存", "另存为", "只读", "只还", "可接受", "可用", "合并", "同名",
    "同步", "名称", "周转", "唯一", "四位", "因素", "备份", "多付", "多还", "大于", "大写",
    "天数", "字段", "字母", "字符", "存储", "完善", "完整度", "家具", "对应", "对账",
    "导入", "导出", "小于", "小数", "尚无", "尚未", "工具", "已保存", "已删除", "已撤销",
    "已用", "已记录", "已还", "帮助", "年份", "年利率", "年化", "年化利率", "应还", "延迟",
    "当前", "当天", "当期", "录入", "录入方式", "影响", "影响因素", "待还", "微粒贷", "必填", "总利息",
    "总览", "总额", "总额度", "情景", "我的", "截至", "所属", "所选", "手续费", "打开",
    "招行", "按时", "按键", "授信", "授信额度", "排序", "提交", "提前", "提前还款", "提升",
    "提高", "撤销", "收入", "改名", "放弃", "放款日", "放款日期", "数据", "整数", "文件",
    "方案", "无利息", "无效", "无法", "日利率", "日历", "日期", "早于", "显示", "晚于",
    "更改", "最低", "最低还款", "最后一项", "最小", "最少", "最新", "最能", "最高", "月份",
    "月供", "有限", "服务费", "期数", "期限", "未写入", "未来", "未载入", "未还", "本帮助",
    "本月", "本金", "机构", "条款", "标有", "格式", "检查", "模型", "模拟", "模拟后",
    "欠款", "正在", "每一期", "每月", "每期", "每期还款额", "没有", "添加", "滚动", "滚轮", "演示",
    "然后", "版本", "状态", "现在", "用于", "用户", "留下", "白条", "百分点", "确认",
    "磁盘", "示例", "示例账本", "稍后", "符号", "第一项", "等于", "等级", "等额本息",
    "等额本金", "算出", "类型", "约定", "终端", "结清日", "编号", "编辑", "编辑器", "缩短",
    "缩短期限", "网商贷", "罚息", "罚息利率", "翻页", "良好", "节省", "芝麻", "花呗",
    "范围", "表单", "表格", "装修", "视图", "警戒线", "警示期", "计划", "计息", "计息基数",
    "计息方式", "记录", "设置", "详情", "语言", "请先", "读取", "调整", "负债",
    "负债收入比", "负债比", "账单", "账单日", "账户", "账本", "货币", "购车", "贷款",
    "贷款机构", "费用", "资料", "起始日", "起息日", "超出", "超过", "车贷", "载入", "较早",
    "输入", "返回", "还款", "还款方式", "还款日", "还款日期", "还款计划", "还款记录",
    "还款金额", "还款额", "还清", "退出", "选中", "选择", "逾期", "部分", "配置", "重复",
    "重新", "重现", "金额", "银行", "银行贷款", "错误", "阶段", "降低", "雪崩法", "雪球法",
    "需要", "项目", "预测", "预算", "额度", "首个", "默认", "鼠标",
];

/// The pieces a line may break between: tokens, with closing punctuation (and "%",
/// with the space before it) glued to what precedes, what follows opening punctuation
/// glued to it, a number's unit glued to the number, and a lone letter (a key) to the
/// word after it.
fn units(text: &str) -> Vec<String> {
    let starts = |t: &str, set: &str| t.chars().next().is_some_and(|c| set.contains(c));
    let ends = |t: &str, set: &str| t.chars().last().is_some_and(|c| set.contains(c));
    // A measure word, alone or leading a known word ("期数").
    let unit = |t: &str| starts(t, NUMBER_UNITS);
    let tokens = tokens(text);
    let mut units: Vec<String> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).copied().unwrap_or("");
        let previous = units.last().map(String::as_str).unwrap_or("");
        // "120", "3 " or "120个": a number, maybe with a space or units already.
        let number = previous
            .trim_end_matches(|c| NUMBER_UNITS.contains(c))
            .trim_end_matches(' ')
            .ends_with(|c: char| c.is_ascii_digit());
        // A key's letter stays with what it does ("d 删除", "P prepay"; "a loan" too).
        let key = |t: &str| t.len() == 1 && t.chars().all(|c| c.is_ascii_alphabetic());
        let glue = !previous.is_empty()
            && previous != " "
            && ((key(previous) && *token == " " && !next.is_empty() && next != " ")
                || (previous.ends_with(' ') && key(previous.trim_end()))
                || starts(token, NO_START)
                || ends(previous, NO_END)
                || (*token == " " && next.starts_with('%'))
                || (number && unit(token))
                || (number && *token == " " && unit(next) && !previous.ends_with(' ')));
        match units.last_mut() {
            Some(last) if glue => last.push_str(token),
            _ => units.push((*token).to_string()),
        }
    }
    units
}

/// Words, known Chinese words (the longest that starts at each character), single wide
/// characters, and single spaces.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    let mut word_end = 0;
    for (at, c) in text.char_indices() {
        if at < word_end {
            continue;
        }
        let wide = c.width().unwrap_or(0) > 1;
        if c == ' ' || wide {
            if let Some(s) = start.take() {
                tokens.push(&text[s..at]);
            }
            let length = match known_prefix(&text[at..]) {
                0 => c.len_utf8(),
                n => text[at..]
                    .char_indices()
                    .nth(n)
                    .map_or(text.len() - at, |(i, _)| i),
            };
            word_end = at + length;
            tokens.push(if c == ' ' { " " } else { &text[at..word_end] });
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names sort as a person expects: case aside, numbers by their value (full-width
    /// digits as well), Chinese names in one order beside the others (plain text order
    /// put "loan 10" before "loan 2" and "car" after "Zhang").
    #[test]
    fn names_sort_case_aside_and_numbers_by_value() {
        let mut names = vec![
            "微粒贷 周转",
            "loan 10",
            "Zhang",
            "借呗 装修",
            "loan 2",
            "car",
            "Loan 1",
            "借呗 ２",
            "借呗 10",
            "loan 02",
        ];
        names.sort_by_key(|n| name_order(n));
        assert_eq!(
            names,
            [
                "car",
                "Loan 1",
                "loan 2",
                "loan 02",
                "loan 10",
                "Zhang",
                "借呗 ２",
                "借呗 10",
                "借呗 装修",
                "微粒贷 周转",
            ]
        );
    }

    /// A payment is 还款 throughout the Chinese UI, as its Payments view (还款记录) names
    /// it (editing and deleting one said 付款).
    #[test]
    fn a_payment_has_one_name_in_chinese() {
        for message in chinese_messages() {
            assert!(!message.contains("付款"), "{message}");
        }
    }

    /// Every Chinese string of the TUI, its `{…}` slots filled with a figure.
    fn chinese_messages() -> Vec<String> {
        let debug = format!("{:#?}", crate::tui::i18n::ZH);
        debug
            .lines()
            .filter_map(|l| l.split_once(": \""))
            .map(|(_, v)| {
                let v = v.trim_end_matches(',').trim_end_matches('"');
                let mut out = String::new();
                let mut slot = false;
                for c in v.chars() {
                    match c {
                        '{' => slot = true,
                        '}' if slot => {
                            slot = false;
                            out.push('3');
                        }
                        _ if slot => {}
                        _ => out.push(c),
                    }
                }
                out
            })
            .collect()
    }

    /// No wrap of any Chinese message, at any width, breaks between two characters
    /// where it may split a word: each such break falls between words the wrapper
    /// knows ([`WORDS`]), so a new string whose words are missing fails here.
    #[test]
    fn every_chinese_message_wraps_between_words() {
        let mut split = std::collections::BTreeSet::new();
        for text in chinese_messages() {
            for width in 16..=80 {
                let lines = wrap(&text, width);
                for pair in lines.windows(2) {
                    let (left, right) = (pair[0].trim_end(), pair[1].trim_start());
                    if poor(left, right) {
                        let l: String = left
                            .chars()
                            .rev()
                            .take(4)
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect();
                        let r: String = right.chars().take(4).collect();
                        split.insert(format!("{l}|{r}  ({text})"));
                    }
                }
            }
        }
        assert!(
            split.is_empty(),
            "{} breaks inside words:\n{}",
            split.len(),
            split.into_iter().collect::<Vec<_>>().join("\n")
        );
    }

    #[test]
    fn pads_by_screen_columns() {
        assert_eq!(pad("利率", 6), "利率  ");
        assert_eq!(pad("Rate", 6), "Rate  ");
    }

    #[test]
    fn cuts_by_display_width_with_an_ellipsis() {
        assert_eq!(ellipsize("借呗 装修 和 家具", 7), "借呗…");
        assert_eq!(ellipsize("借呗 装修 和 家具", 8), "借呗 装…");
        assert_eq!(ellipsize("Car loan", 6), "Car l…");
        assert_eq!(ellipsize("Car loan", 8), "Car loan");
        assert_eq!(ellipsize("Car loan", 1), "…");
        assert_eq!(ellipsize("L2 微粒贷 周转 · shorten", 18), "L2 微粒贷 周转…");
        assert_eq!(ellipsize("Car loan", 0), "");
        // Narrower than a character: one a line, never stuck.
        assert_eq!(wrap("借呗", 1), ["借", "呗"]);
        for width in 0..12 {
            assert!(ellipsize("借呗 装修 和 家具", width).width() <= width);
        }
    }

    #[test]
    fn a_figure_is_cut_whole_or_not_at_all() {
        let text = "Saved 借呗 装修: paid ¥1,548.43 on 2026-12-10";
        assert_eq!(ellipsize_whole(text, 30), "Saved 借呗 装修: paid…");
        assert_eq!(
            ellipsize_whole(text, 38),
            "Saved 借呗 装修: paid ¥1,548.43 on…"
        );
        // Words without figures are cut as ellipsize cuts them.
        assert_eq!(ellipsize_whole(text, 10), "Saved 借…");
        // A figure kept whole but right before the mark would read as cut: it goes too.
        assert_eq!(ellipsize_whole("4 笔借款 · 1 个信用账户", 13), "4 笔借款…");
        assert_eq!(ellipsize_whole("2026-11-15 ! overdue", 12), "…");
        assert_eq!(ellipsize_whole("2026-11-15 ! overdue", 14), "2026-11-15 !…");
        assert_eq!(ellipsize_whole(text, 60), text);
        for width in 0..50 {
            assert!(ellipsize_whole(text, width).width() <= width);
        }
        // A word after a figure cut to one or two letters is dropped, the figure kept.
        let limit = "¥22,372.63 used · ¥120,000.00 limit";
        assert_eq!(
            ellipsize_whole(limit, 32),
            "¥22,372.63 used · ¥120,000.00 …"
        );
        assert_eq!(
            ellipsize_whole(limit, 33),
            "¥22,372.63 used · ¥120,000.00 …"
        );
        assert_eq!(
            ellipsize_whole(limit, 34),
            "¥22,372.63 used · ¥120,000.00 lim…"
        );
        assert_eq!(ellipsize_whole("¥120,000.00 额度", 15), "¥120,000.00 …");
        for width in 0..40 {
            assert!(ellipsize_whole(limit, width).width() <= width);
        }
    }

    #[test]
    fn wraps_cjk_and_words_within_the_width() {
        let text =
            "按 a 添加分期借款（借呗、微粒贷、银行贷款），按 r 添加信用账户（花呗、信用卡）。";
        for width in [10, 17, 38] {
            let lines = wrap(text, width);
            assert!(
                lines.iter().all(|l| l.width() <= width),
                "{width}: {lines:?}"
            );
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }
        assert_eq!(
            wrap("Press a to add a loan", 10),
            ["Press a to", "add a loan"]
        );
    }

    #[test]
    fn a_wrapped_line_keeps_its_indent_and_hangs_under_it() {
        let plan = "  avalanche (dearest first): ¥6,360.98 · 2027-09-10";
        assert_eq!(
            wrap_hanging(plan, 38, 2),
            ["  avalanche (dearest first): ¥6,360.98", "    2027-09-10"]
        );
        // Broken at a separator " · ", the lines drop it.
        assert_eq!(
            wrap(plan, 40),
            ["  avalanche (dearest first): ¥6,360.98", "  2027-09-10"]
        );
        assert_eq!(
            wrap_hanging("Total interest: without ¥8,759.14 → with ¥8,759.14", 40, 2),
            ["Total interest: without ¥8,759.14 → with", "  ¥8,759.14"]
        );
        for width in 8..50 {
            for line in wrap_hanging(plan, width, 2).iter().skip(1) {
                assert!(
                    line.starts_with("    ") && line.width() <= width,
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn chinese_breaks_at_punctuation_and_keeps_numbers_whole() {
        // The break goes after "。" rather than between 然 and 后 (然后 is one word).
        let text = "M 设置每月预算。然后用 ←/→ 调整";
        assert_eq!(wrap(text, 18), ["M 设置每月预算。", "然后用 ←/→ 调整"]);
        // Known words stay whole, even where that leaves a line short.
        assert_eq!(
            wrap("按时还款记录良好的用户", 10),
            ["按时", "还款记录", "良好的用户"]
        );
        // With no clean break in the line's last half, between characters (the last
        // not alone).
        assert_eq!(
            wrap("春眠不觉晓处处闻啼鸟", 10),
            ["春眠不觉晓", "处处闻啼鸟"]
        );
        assert_eq!(
            wrap("春眠不觉晓处处闻啼", 8),
            ["春眠不觉", "晓处处", "闻啼"]
        );
        // A word's last character is not left alone on the last line.
        assert_eq!(
            wrap("移动；←→ 也用于调整假设或切换额度情景", 36),
            ["移动；←→ 也用于调整假设或切换额度", "情景"]
        );
        // A number keeps its unit, with or without a space.
        assert_eq!(wrap("只还最低需要120个月", 16), ["只还最低需要", "120个月"]);
        assert_eq!(wrap("每 3 个月借一次", 6), ["每", "3 个月", "借一次"]);
        assert_eq!(wrap("逾期 8 天，警示期", 8), ["逾期", "8 天，", "警示期"]);
        // A figure is never split, nor an English word.
        let text = "每 3 个月在借呗借 ¥5,000.00 并按时还款：2027-02 前 +¥1,000.00";
        for width in 10..60 {
            for line in wrap(text, width) {
                assert!(line.width() <= width, "{width}: {line:?}");
                for word in line.split(' ') {
                    let figure = word.trim_start_matches(|c: char| !c.is_ascii());
                    assert!(
                        !figure.starts_with('¥') || figure.ends_with(".00"),
                        "{width}: {line:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_line_starts_with_closing_punctuation_or_a_lone_unit() {
        // "。" would fall at the start of the second line: the character before it goes
        // down with it.
        assert_eq!(wrap("按时还款。再借", 8), ["按时", "还款。", "再借"]);
        assert_eq!(wrap("你好吗？好", 6), ["你好", "吗？好"]);
        // Opening punctuation stays with what it opens.
        assert_eq!(wrap("完善资料（80%）", 10), ["完善资料", "（80%）"]);
        // A number keeps its unit.
        assert_eq!(
            wrap("Complete your profile (80 % → 100 %): more", 32),
            ["Complete your profile (80 % →", "100 %): more"]
        );
        let text = "借呗、花呗、微粒贷；银行贷款：按 a 添加。信用卡？按 r 添加！";
        for width in 4..30 {
            for line in wrap(text, width) {
                let first = line.chars().next().unwrap();
                assert!(!NO_START.contains(first), "{width}: {line:?}");
                let last = line.chars().last().unwrap();
                assert!(!NO_END.contains(last), "{width}: {line:?}");
            }
        }
    }

    /// Whether a break between two of `lines` falls inside a known word.
    fn splits_a_word(lines: &[String]) -> Option<String> {
        lines.windows(2).find_map(|pair| {
            let (before, after) = (pair[0].trim(), pair[1].trim());
            WORDS.iter().find_map(|word| {
                let chars: Vec<char> = word.chars().collect();
                (1..chars.len()).find_map(|k| {
                    let head: String = chars[..k].iter().collect();
                    let tail: String = chars[k..].iter().collect();
                    (before.ends_with(&head) && after.starts_with(&tail))
                        .then(|| format!("{word}: {before:?} / {after:?}"))
                })
            })
        })
    }

    #[test]
    fn known_words_are_never_split() {
        // Issue 16: "还款记 / 录？" at 40×12, "格式的日│期" in a form at 80 columns.
        assert_eq!(
            wrap("删除 L2 微粒贷 周转 及其 2 条还款记录？", 38),
            ["删除 L2 微粒贷 周转 及其 2 条", "还款记录？"]
        );
        let messages = [
            "删除 L2 微粒贷 周转 及其 2 条还款记录？",
            "起始日 (YYYY-MM-DD)：\"2026-11-233\" 格式不对；可接受：YYYY-MM-DD 格式的日期（四位年份）",
            "日期 (YYYY-MM-DD)：2010-01-01 早于放款日（2025-12-10）",
            "名称：不能为空；可接受：1 至 100 个字符，且不与其他名称重复",
            "若 2026-12-10 前只还最低，到 2027-01-10 的利息 ¥31.73；若不再还款：¥45.00",
            "每月还 ¥85.25，36 个月还清：共还 ¥3,069.19，比只还最低多 ¥305.15",
            "存储文件在磁盘上被修改（另一个 loandash、编辑器或同步工具），而这里的修改尚未保存。",
            "还没有授信额度：用 `loandash line --name … --limit …` 添加，并用 `add --line` 把借款关联到额度。",
            // "不 / 写入" read as two (at 38 columns, a break after "：" is kept).
            "• 延迟还款 30天 · L2 微粒贷 周转：不写入，仅为假设",
        ];
        // From 12 columns (narrower, a known word wider than the line is cut).
        for text in messages {
            for width in 12..80 {
                let lines = wrap(text, width);
                assert!(
                    lines.iter().all(|l| l.width() <= width),
                    "{width}: {lines:?}"
                );
                // A break at a separator " · " drops it.
                let letters = |t: &str| t.replace([' ', '·'], "");
                assert_eq!(letters(&lines.concat()), letters(text));
                assert_eq!(splits_a_word(&lines), None, "{width}: {lines:?}");
                let mut ends = lines.iter().rev().skip(1);
                assert!(
                    !ends.any(|l| l.ends_with(|c| BINDS_NEXT.contains(c))),
                    "{width}: {lines:?}"
                );
            }
        }
    }

    /// A key's letter and what it does stay on one line: "d / 删除" read as two.
    #[test]
    fn a_key_stays_with_what_it_does() {
        let hints = [
            "添加一个假设：P 提前还款（所选借款）· B 借款 · D 延迟还款 · M 设置每月预算。然后用 ←/→ 调整（Shift ×10），t 切换借款或额度，m 切换缩短期限/减少月供，d 删除。按 A 确认后才写入账本；w 按名称保存，o 打开已保存的方案。",
            "Add a what-if: P prepay the selected loan · B borrow · D pay an installment late · M set a monthly budget. Then ←/→ adjust it (Shift ×10), t changes the loan or line, m shorten/reduce, d removes it.",
        ];
        for text in hints {
            for width in 20..120 {
                let lines = wrap(text, width);
                for line in lines.iter().rev().skip(1) {
                    let last = line.rsplit(' ').next().unwrap_or("");
                    assert!(
                        !(last.len() == 1 && last.chars().all(|c| c.is_ascii_alphabetic())),
                        "{width}: {lines:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_words_are_sorted_and_chinese() {
        assert!(WORDS.windows(2).all(|w| w[0] < w[1]), "WORDS out of order");
        for word in WORDS {
            let n = word.chars().count();
            assert!((2..=WORD_MAX).contains(&n), "{word}");
            assert!(word.chars().all(ideograph), "{word}");
        }
    }
}
