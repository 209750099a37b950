//! Building the masked prose buffer shared by every format.

use std::ops::Range;

use memchr::memmem;

use crate::charclass::is_cjk;

/// Longest template markup (a Hugo shortcode, a `{{ … }}` expression, a
/// `{% … %}` tag) we look for a closing in.
const MAX_SHORTCODE_LEN: usize = 4096;

/// Longest character reference (`&…;`) we look for.
const MAX_CHAR_REFERENCE_LEN: usize = 40;

/// Builds a copy of a source text in which non-prose bytes are blanked.
pub struct Masker<'a> {
    source: &'a str,
    out: Vec<u8>,
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Every byte but line breaks becomes a space. Written without a branch so
/// that it compiles to vector compare-and-select: a whole document goes
/// through here once.
fn blank_bytes(bytes: &mut [u8]) {
    for b in bytes {
        *b = if *b == b'\n' { b'\n' } else { b' ' };
    }
}

/// The first index at or after `from` that is not a space, tab or carriage
/// return. Blanked code blocks are long runs of spaces: those go sixteen bytes
/// at a time.
fn skip_blank(bytes: &[u8], mut from: usize) -> usize {
    while from + 16 <= bytes.len()
        && bytes[from..from + 16]
            .iter()
            .fold(true, |all, &b| all & (b == b' '))
    {
        from += 16;
    }
    while from < bytes.len() && matches!(bytes[from], b' ' | b'\t' | b'\r') {
        from += 1;
    }
    from
}

impl<'a> Masker<'a> {
    /// Starts with every byte kept as prose.
    pub fn keep_all(source: &'a str) -> Self {
        Masker {
            source,
            out: source.as_bytes().to_vec(),
        }
    }

    /// Starts with every byte blanked (line breaks stay, to keep paragraphs apart).
    pub fn blank_all(source: &'a str) -> Self {
        // Spaces, then the few line breaks: a fill and a memchr, cheaper than
        // copying the text and rewriting every byte.
        let mut out = vec![b' '; source.len()];
        for at in memchr::memchr_iter(b'\n', source.as_bytes()) {
            out[at] = b'\n';
        }
        Masker { source, out }
    }

    /// Marks a range of the source as prose.
    pub fn keep(&mut self, range: Range<usize>) {
        let start = floor_boundary(self.source, range.start);
        let end = ceil_boundary(self.source, range.end);
        if start < end {
            self.out[start..end].copy_from_slice(&self.source.as_bytes()[start..end]);
        }
    }

    /// Marks a range of the source as not prose.
    pub fn blank(&mut self, range: Range<usize>) {
        let start = floor_boundary(self.source, range.start);
        let end = ceil_boundary(self.source, range.end);
        if start < end {
            blank_bytes(&mut self.out[start..end]);
        }
    }

    /// Blanks bare URLs (`scheme://…`, `www.…`) and e-mail addresses.
    pub fn blank_urls_and_emails(&mut self) {
        let mut spans = Vec::new();
        // A `://` or `www.` that lies wholly inside a URL already found
        // starts no new one: its URL would end where that one does.
        // Scanning from each of them to the end was quadratic on a long run
        // of URLs with no space between them (500 KB of `a://b` took 55 s).
        let mut url_end = 0;
        for at in memmem::find_iter(&self.out, b"://") {
            if at + 3 <= url_end {
                continue;
            }
            let start = self.scheme_start(at);
            if start < at {
                url_end = self.url_end(at + 3);
                spans.push(start..url_end);
            }
        }
        let mut url_end = 0;
        for at in memmem::find_iter(&self.out, b"www.") {
            if at + 4 > url_end && self.starts_word(at) {
                url_end = self.url_end(at + 4);
                spans.push(at..url_end);
            }
        }
        for at in memchr::memchr_iter(b'@', &self.out) {
            let local =
                |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
            let domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
            let mut start = at;
            while start > 0 && local(self.out[start - 1]) {
                start -= 1;
            }
            let mut end = at + 1;
            while end < self.out.len() && domain(self.out[end]) {
                end += 1;
            }
            let host = &self.out[at + 1..end];
            if start < at
                && host.contains(&b'.')
                && host.first().is_some_and(u8::is_ascii_alphanumeric)
            {
                spans.push(start..end);
            } else if start == at {
                // Nothing an address could start with before it: a handle,
                // a package scope or an annotation (`@alice`,
                // `@opentelemetry/instrumentation-http`, `@Override`), a
                // name, never prose.
                let name =
                    |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/');
                if self
                    .out
                    .get(at + 1)
                    .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    let mut end = at + 1;
                    while end < self.out.len() && name(self.out[end]) {
                        end += 1;
                    }
                    spans.push(at..end);
                }
            }
        }
        for span in spans {
            self.blank(span);
        }
    }

    /// Where the scheme of a `://` at `at` starts (`at` itself if none does):
    /// the letters, digits, `+`, `.` and `-` just before it.
    fn scheme_start(&self, at: usize) -> usize {
        let mut start = at;
        while start > 0
            && (self.out[start - 1].is_ascii_alphanumeric()
                || matches!(self.out[start - 1], b'+' | b'.' | b'-'))
        {
            start -= 1;
        }
        start
    }

    /// Whether no letter or digit comes just before `at`.
    fn starts_word(&self, at: usize) -> bool {
        at == 0 || !self.out[at - 1].is_ascii_alphanumeric()
    }

    /// The end of a URL that starts before `from`: up to whitespace, CJK text or
    /// a delimiter that cannot be part of a bare URL.
    fn url_end(&self, from: usize) -> usize {
        let text = &self.source[floor_boundary(self.source, from)..];
        let mut end = from;
        for c in text.chars() {
            if c.is_whitespace() || is_cjk(c) || matches!(c, '<' | '>' | '"' | '`' | '|') {
                break;
            }
            end += c.len_utf8();
        }
        // A sentence's closing punctuation is not part of the URL.
        while end > from
            && matches!(
                self.source.as_bytes()[end - 1],
                b'.' | b',' | b';' | b':' | b')'
            )
        {
            end -= 1;
        }
        end
    }

    /// Blanks character references: `&amp;`, `&nbsp;`, `&#8212;`, `&#x2014;`.
    /// They are markup for one character, and their names are not words.
    pub fn blank_char_references(&mut self) {
        let mut spans = Vec::new();
        for at in memchr::memchr_iter(b'&', &self.out) {
            let rest = &self.out[at + 1..self.out.len().min(at + 1 + MAX_CHAR_REFERENCE_LEN)];
            let body_len = match rest.first() {
                Some(b'#') => {
                    let digits = if matches!(rest.get(1), Some(b'x' | b'X')) {
                        rest[2..]
                            .iter()
                            .take_while(|b| b.is_ascii_hexdigit())
                            .count()
                            + 1
                    } else {
                        rest[1..].iter().take_while(|b| b.is_ascii_digit()).count()
                    };
                    (digits > 0).then_some(digits + 1)
                }
                Some(b) if b.is_ascii_alphabetic() => Some(
                    rest.iter()
                        .take_while(|b| b.is_ascii_alphanumeric())
                        .count(),
                ),
                _ => None,
            };
            if let Some(len) = body_len {
                if rest.get(len) == Some(&b';') {
                    spans.push(at..at + len + 2);
                }
            }
        }
        for span in spans {
            self.blank(span);
        }
    }

    /// Blanks template markup, which is never prose: Hugo shortcodes
    /// (`{{< name args >}}`, `{{% name args %}}`), Go, Jinja and Liquid
    /// expressions (`{{ $data.kotlin.status }}`, `{{ page.title }}`) and
    /// Jinja and Liquid tags (`{% include api.html %}`). An opening without
    /// its closing within `MAX_SHORTCODE_LEN` (4 KB) is left as it is.
    pub fn blank_templates(&mut self) {
        let spans = template_spans(&self.out);
        for span in spans {
            self.blank(span);
        }
    }

    /// The masked text for formats whose every line is a paragraph of its own
    /// (the text of a Word document): tabs become spaces and every line break
    /// stays, so no phrase matches across two paragraphs.
    pub fn finish_lines(mut self) -> String {
        for b in &mut self.out {
            if matches!(*b, b'\t' | b'\r') {
                *b = b' ';
            }
        }
        self.into_string()
    }

    /// The masked text. Tabs and carriage returns become spaces, and a single
    /// line break inside a paragraph becomes a space, so that a phrase wrapped
    /// over two lines still matches; blank lines stay, so paragraphs stay apart.
    pub fn finish(mut self) -> String {
        // One forward pass that visits only tabs, carriage returns and line
        // breaks (memchr3 skips everything else). `last_kept` is the last byte
        // of the output so far that is not a space, as rewritten: a line break
        // that became a space does not count, one that stayed does.
        let len = self.out.len();
        let mut last_kept: Option<u8> = None;
        let mut from = 0;
        while let Some(rel) = memchr::memchr3(b'\t', b'\r', b'\n', &self.out[from..]) {
            let i = from + rel;
            if let Some(b) = self.out[from..i].iter().rev().find(|&&b| b != b' ') {
                last_kept = Some(*b);
            }
            from = i + 1;
            if self.out[i] != b'\n' {
                self.out[i] = b' ';
                continue;
            }
            // Everything up to `j` is blank: make it spaces now and go on from `j`.
            let j = skip_blank(&self.out, i + 1);
            for b in &mut self.out[i + 1..j] {
                *b = b' ';
            }
            from = j;
            let paragraph_break = j >= len || self.out[j] == b'\n';
            let after_break = last_kept == Some(b'\n');
            if !paragraph_break && !after_break {
                self.out[i] = b' ';
            } else {
                last_kept = Some(b'\n');
            }
        }
        self.into_string()
    }

    fn into_string(self) -> String {
        crate::source::string_from_utf8(self.out).unwrap_or_else(|err| {
            // Unreachable with ranges clamped to char boundaries; stay total anyway.
            let mut bytes = err.into_bytes();
            for b in &mut bytes {
                if !b.is_ascii() {
                    *b = b' ';
                }
            }
            String::from_utf8(bytes).unwrap_or_default()
        })
    }
}

/// The closings of template markup, by the kind of opening.
const TEMPLATE_CLOSINGS: [&[u8]; 4] = [b">}}", b"%}}", b"}}", b"%}"];

/// The kind of template opening at `at` (an index into [`TEMPLATE_CLOSINGS`])
/// and its length, if one starts there.
fn template_opening(text: &[u8], at: usize) -> Option<(usize, usize)> {
    match (text.get(at + 1), text.get(at + 2)) {
        (Some(b'{'), Some(b'<')) => Some((0, 3)),
        (Some(b'{'), Some(b'%')) => Some((1, 3)),
        (Some(b'{'), _) => Some((2, 2)),
        (Some(b'%'), _) => Some((3, 2)),
        _ => None,
    }
}

/// The spans of template markup in `text`, in order; an opening inside an
/// earlier span starts none. Each kind of closing is searched for at most
/// once per byte: a text of many openings and no closing (a minified data
/// file, a run of `{{`) would otherwise be searched again from every one.
fn template_spans(text: &[u8]) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut covered_to = 0;
    // For each kind: no closing of it starts before this, from the opening
    // last searched on.
    let mut none_before = [0usize; TEMPLATE_CLOSINGS.len()];
    for at in memchr::memchr_iter(b'{', text) {
        if at < covered_to {
            continue;
        }
        let Some((kind, opening_len)) = template_opening(text, at) else {
            continue;
        };
        let closing = TEMPLATE_CLOSINGS[kind];
        let limit = (at + MAX_SHORTCODE_LEN).min(text.len());
        let from = (at + opening_len).max(none_before[kind]);
        if from >= limit {
            continue;
        }
        match memmem::find(&text[from..limit], closing) {
            Some(rel) => {
                let end = from + rel + closing.len();
                none_before[kind] = from + rel;
                spans.push(at..end);
                covered_to = end;
            }
            // A closing that starts before the limit may run past it.
            None => none_before[kind] = (limit + 1).saturating_sub(closing.len()).max(from),
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Skipping the `://` and `www.` inside URLs already found blanks
    /// exactly what finding a URL at every one of them blanks.
    #[test]
    fn urls_inside_urls_change_nothing() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let piece = prop::sample::select(vec![
            "a", "b", "://", "www.", ".", ",", " ", ":", ")", "中", "|", "-", "\n",
        ]);
        TestRunner::new(Config::with_cases(3000))
            .run(&prop::collection::vec(piece, 0..30), |pieces| {
                let text = pieces.concat();
                let mut fast = Masker::keep_all(&text);
                fast.blank_urls_and_emails();
                // Every URL start, none skipped, as the masker did before.
                let mut slow = Masker::keep_all(&text);
                let mut spans = Vec::new();
                for at in memmem::find_iter(&slow.out, b"://") {
                    let start = slow.scheme_start(at);
                    if start < at {
                        spans.push(start..slow.url_end(at + 3));
                    }
                }
                for at in memmem::find_iter(&slow.out, b"www.") {
                    if slow.starts_word(at) {
                        spans.push(at..slow.url_end(at + 4));
                    }
                }
                for span in spans {
                    slow.blank(span);
                }
                // (No `@` in these texts: the e-mail part is left out of both.)
                prop_assert_eq!(fast.finish(), slow.finish());
                Ok(())
            })
            .unwrap();
    }

    fn plain(text: &str) -> String {
        let mut m = Masker::keep_all(text);
        m.blank_urls_and_emails();
        m.blank_templates();
        m.finish()
    }

    /// `opentelemetry` in a link to the npm package
    /// `@opentelemetry/instrumentation-http` was flagged as jargon.
    #[test]
    fn handles_and_package_scopes_are_blanked() {
        let blank = |name: &str| " ".repeat(name.len());
        for name in [
            "@opentelemetry/instrumentation-http",
            "@alice",
            "@Override",
            "@_x",
        ] {
            assert_eq!(
                plain(&format!("see {name} now")),
                format!("see {} now", blank(name))
            );
        }
        // Not a name: kept, and so is an address's domain after its `@`.
        assert_eq!(plain("meet @ 10, ERP"), "meet @ 10, ERP");
        assert_eq!(plain("联系@张三 about ERP"), "联系@张三 about ERP");
        assert_eq!(plain("a@b API"), "a@b API");
    }

    #[test]
    fn urls_and_emails_are_blanked() {
        assert_eq!(
            plain("see https://x.io/API now."),
            "see                  now."
        );
        assert_eq!(plain("mail ERP@corp.com"), "mail             ");
        assert_eq!(plain("go to www.api.com"), "go to            ");
        assert_eq!(
            plain("访问https://a.cn/API。"),
            format!("访问{}。", " ".repeat(16))
        );
    }

    #[test]
    fn shortcodes_are_blanked() {
        assert_eq!(plain("a {{< ref \"API\" >}} b"), "a                   b");
        assert_eq!(plain("a {{% api %}} b"), "a             b");
    }

    /// Template expressions and tags in Markdown (Hugo data tables, Jekyll,
    /// mkdocs macros) were read as prose: `kotlin` in
    /// `{{ $data.kotlin.status }}` was flagged as jargon.
    #[test]
    fn template_expressions_and_tags_are_blanked() {
        let blank = |markup: &str| " ".repeat(markup.len());
        let markup = "{{ $data.kotlin.status }}";
        assert_eq!(
            plain(&format!("| {markup} |")),
            format!("| {} |", blank(markup))
        );
        let markup = "{{ page.API }}";
        assert_eq!(
            plain(&format!("Hi {markup}!")),
            format!("Hi {}!", blank(markup))
        );
        let markup = "{% include api.html %}";
        assert_eq!(
            plain(&format!("{markup} ERP")),
            format!("{} ERP", blank(markup))
        );
        // Nothing closes these: they stay, and so do the words after them.
        assert_eq!(plain("a {{ API and ERP"), "a {{ API and ERP");
        assert_eq!(
            plain("{\"API\": 1} and { ERP }"),
            "{\"API\": 1} and { ERP }"
        );
        assert_eq!(plain("50% {API} %"), "50% {API} %");
    }

    /// The spans, found by searching from every opening in turn with no
    /// memory between searches.
    fn template_spans_one_by_one(text: &[u8]) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        let mut covered_to = 0;
        for at in 0..text.len() {
            if text[at] != b'{' || at < covered_to {
                continue;
            }
            let Some((kind, opening_len)) = template_opening(text, at) else {
                continue;
            };
            let closing = TEMPLATE_CLOSINGS[kind];
            let limit = (at + MAX_SHORTCODE_LEN).min(text.len());
            let from = at + opening_len;
            if from >= limit {
                continue;
            }
            if let Some(rel) = memmem::find(&text[from..limit], closing) {
                covered_to = from + rel + closing.len();
                spans.push(at..covered_to);
            }
        }
        spans
    }

    /// Remembering where each closing was not found finds the same spans as
    /// searching from every opening, on texts of braces, percent signs and
    /// angle brackets long enough for the search limit to matter.
    #[test]
    fn remembered_searches_find_what_searching_from_every_opening_finds() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let piece = prop::sample::select(vec![
            "{", "}", "{{", "}}", "{{<", ">}}", "{{%", "%}}", "{%", "%}", "%", "<", ">", "a", " ",
        ]);
        let filler = prop::sample::select(vec![0usize, 1000, 3000, 4094, 4095, 4096]);
        let text = prop::collection::vec((piece, filler), 0..40).prop_map(|parts| {
            let mut text = String::new();
            for (piece, filler) in parts {
                text.push_str(piece);
                text.push_str(&"x".repeat(filler));
            }
            text
        });
        // A closing that straddles the first opening's limit is within the
        // second's, for closings of two and three bytes.
        for (opening, closing) in [("{{", "}}"), ("{{<", ">}}"), ("{%", "%}")] {
            let gap = MAX_SHORTCODE_LEN - 1 - 10 - 2 * opening.len();
            for shift in 0..4 {
                let text = format!(
                    "{opening}{}{opening}{}{closing}",
                    "x".repeat(10),
                    "x".repeat(gap + shift)
                );
                let text = text.as_bytes();
                assert_eq!(template_spans(text), template_spans_one_by_one(text));
            }
        }
        TestRunner::new(Config {
            cases: 500,
            ..Config::default()
        })
        .run(&text, |text| {
            let text = text.as_bytes();
            prop_assert_eq!(template_spans(text), template_spans_one_by_one(text));
            Ok(())
        })
        .unwrap();
    }

    /// The original two-pass rewrite of `finish`, kept as the reference for
    /// the linear one.
    fn finish_reference(mut out: Vec<u8>) -> Vec<u8> {
        let len = out.len();
        for i in 0..len {
            match out[i] {
                b'\t' | b'\r' => out[i] = b' ',
                b'\n' => {
                    let mut j = i + 1;
                    while j < len && matches!(out[j], b' ' | b'\t' | b'\r') {
                        j += 1;
                    }
                    let paragraph_break = j >= len || out[j] == b'\n';
                    let after_break = i > 0
                        && out[..i]
                            .iter()
                            .rev()
                            .find(|b| !matches!(b, b' ' | b'\t' | b'\r'))
                            == Some(&b'\n');
                    if !paragraph_break && !after_break {
                        out[i] = b' ';
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn linear_finish_matches_the_reference_on_every_short_input() {
        let alphabet = [b'a', b' ', b'\t', b'\r', b'\n'];
        for len in 0..=7u32 {
            for mut code in 0..5usize.pow(len) {
                let mut bytes = Vec::new();
                for _ in 0..len {
                    bytes.push(alphabet[code % 5]);
                    code /= 5;
                }
                let text = String::from_utf8(bytes.clone()).unwrap();
                let got = Masker::keep_all(&text).finish();
                assert_eq!(got.as_bytes(), finish_reference(bytes), "{text:?}");
            }
        }
    }

    #[test]
    fn char_references_are_blanked() {
        let mut m = Masker::keep_all("R&amp;D &#8212; &#x2014;&nbsp;x & y &; &#;");
        m.blank_char_references();
        // " " + "&#8212;" + " " + "&#x2014;" + "&nbsp;" is 1 + 7 + 1 + 8 + 6 bytes.
        assert_eq!(m.finish(), format!("R     D{}x & y &; &#;", " ".repeat(23)));
    }

    #[test]
    fn finish_lines_keeps_every_line_break() {
        let m = Masker::keep_all("software as\na\tservice\n");
        assert_eq!(m.finish_lines(), "software as\na service\n");
    }

    #[test]
    fn long_blank_runs_match_the_reference() {
        let text = format!(
            "a\n{}\n{}\t\r\nb\n\n{}c\r\n{}",
            " ".repeat(40),
            " ".repeat(33),
            " ".repeat(17),
            "\t".repeat(20)
        );
        let got = Masker::keep_all(&text).finish();
        assert_eq!(got.as_bytes(), finish_reference(text.into_bytes()));
    }

    #[test]
    fn soft_line_breaks_become_spaces() {
        assert_eq!(
            plain("software as\na service\n\nnext"),
            "software as a service\n\nnext"
        );
        assert_eq!(plain("a\r\nb"), "a  b");
    }
}
