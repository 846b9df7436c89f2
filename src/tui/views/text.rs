//! Text measured in screen columns: CJK characters take two, so padding and wrapping
//! count display width, never characters.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` followed by spaces up to `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
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
/// unit ("120个月", "3 个月"). A break between two Chinese characters, which may split
/// a word, is taken only where no space or punctuation falls in the line's last third.
/// A word or figure is cut by columns only when it is wider than the line itself.
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
            let mut head = String::new();
            for c in unit.chars() {
                if !head.is_empty() && head.width() + c.width().unwrap_or(0) > room(&lines) {
                    break;
                }
                head.push(c);
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
        // one before it down with it, so the word ends together.
        let lone = last.chars().count() == 1 && last.chars().all(ideograph);
        if let Some(previous) = lines.last_mut().filter(|_| lone) {
            let end = previous.chars().last().filter(|c| ideograph(*c));
            if let Some(c) = end.filter(|_| previous.chars().count() > 1) {
                previous.pop();
                last.insert(0, c);
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

/// Where a full `line` breaks before `next`: at its end, unless that falls between two
/// Chinese characters and a space or punctuation lies in the line's last third; then
/// there (the units after it go to the next line).
fn break_at(line: &[String], next: &str, room: usize) -> usize {
    let poor = |left: &str, right: &str| ideograph_end(left) && ideograph_start(right);
    if !line.last().is_some_and(|last| poor(last, next)) {
        return line.len();
    }
    let mut used = 0;
    let mut best = None;
    for i in 1..line.len() {
        used += line[i - 1].width();
        if used * 3 >= room * 2 && !poor(&line[i - 1], &line[i]) {
            best = Some(i);
        }
    }
    best.unwrap_or(line.len())
}

/// Whether `text` ends (starts) with a Chinese character that is not punctuation: the
/// two sides of a break that may split a word.
fn ideograph_end(text: &str) -> bool {
    text.chars().last().is_some_and(ideograph)
}

fn ideograph_start(text: &str) -> bool {
    text.chars().next().is_some_and(ideograph)
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

/// The pieces a line may break between: tokens, with closing punctuation (and "%",
/// with the space before it) glued to what precedes, what follows opening punctuation
/// glued to it, and a number's unit glued to the number.
fn units(text: &str) -> Vec<String> {
    let starts = |t: &str, set: &str| t.chars().next().is_some_and(|c| set.contains(c));
    let ends = |t: &str, set: &str| t.chars().last().is_some_and(|c| set.contains(c));
    let unit = |t: &str| t.chars().count() == 1 && starts(t, NUMBER_UNITS);
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
        let glue = !previous.is_empty()
            && previous != " "
            && (starts(token, NO_START)
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

/// Words, single wide characters, and single spaces.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        let wide = c.width().unwrap_or(0) > 1;
        if c == ' ' || wide {
            if let Some(s) = start.take() {
                tokens.push(&text[s..at]);
            }
            tokens.push(if c == ' ' {
                " "
            } else {
                &text[at..at + c.len_utf8()]
            });
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
            wrap_hanging("Total interest: Without ¥8,759.14 → With ¥8,759.14", 40, 2),
            ["Total interest: Without ¥8,759.14 → With", "  ¥8,759.14"]
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
        // With no space or punctuation in the line's last third, between characters
        // (the last not alone).
        assert_eq!(
            wrap("按时还款记录良好的用户", 10),
            ["按时还款记", "录良好的", "用户"]
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
        assert_eq!(wrap("按时还款。再借", 8), ["按时还", "款。再借"]);
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
}
