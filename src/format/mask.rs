//! Building the masked prose buffer shared by every format.

use std::ops::Range;

use memchr::memmem;

use crate::charclass::is_cjk;

/// Longest Hugo shortcode we look for a closing `>}}` / `%}}` in.
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

    /// Blanks Hugo shortcodes: `{{< name args >}}` and `{{% name args %}}`.
    pub fn blank_shortcodes(&mut self) {
        let mut spans = Vec::new();
        for at in memmem::find_iter(&self.out, b"{{") {
            let close: &[u8] = match self.out.get(at + 2) {
                Some(b'<') => b">}}",
                Some(b'%') => b"%}}",
                _ => continue,
            };
            let limit = (at + MAX_SHORTCODE_LEN).min(self.out.len());
            if let Some(rel) = memmem::find(&self.out[at + 3..limit], close) {
                spans.push(at..at + 3 + rel + close.len());
            }
        }
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
        m.blank_shortcodes();
        m.finish()
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
