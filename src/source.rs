//! Bytes in, text out: the encoding policy and the map from byte offsets to
//! the line and column a person sees.
//!
//! Everything after this stage works on byte offsets into the file's own bytes,
//! so that JSON `byte_start`/`byte_end`, fixes and suppressions all agree. A UTF-8
//! byte-order mark stays in the text (offsets stay file offsets) but is not a
//! column: line 1 starts after it. Lines end where ariadne ends them (`\n`,
//! `\r\n`, lone `\r`, VT, FF, U+0085, U+2028, U+2029), so the human and the JSON
//! output never disagree about a line number.

use std::fmt;
use std::io::{self, Read};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// How much of the start of a file is sniffed for NUL bytes to call it binary.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// Largest document that is checked: 256 MiB. Prose files are far smaller;
/// anything bigger is a log or a data dump, and holding it (with its prose
/// view and line index) would cost several times its size in memory.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Largest dictionary, configuration or baseline file that is read: 64 MiB.
/// Also stops a path such as `/dev/zero` from filling memory.
pub const MAX_SETTINGS_BYTES: u64 = 64 * 1024 * 1024;

/// Reads at most `limit` bytes from `reader`; more is an error
/// (`ErrorKind::FileTooLarge`), so memory stays bounded whatever the source.
pub fn read_to_limit(reader: impl Read, limit: u64, size_hint: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(size_hint.min(limit) as usize);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("larger than {} MiB", limit / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

/// Reads a whole file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    read_to_limit(file, limit, size)
}

/// A decoded text file.
///
/// The line index is built on first use: most files of a clean docs tree have
/// no findings, and then nobody asks for a line number.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: String,
    lines: OnceLock<LineIndex>,
}

/// Why bytes could not be linted as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The file has NUL bytes near its start: it is not text.
    Binary,
    /// The file is not valid UTF-8; the position is of the first bad byte.
    InvalidUtf8 {
        byte: usize,
        line: usize,
        column: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "binary file (contains NUL bytes), skipped"),
            DecodeError::InvalidUtf8 { byte, line, column } => write!(
                f,
                "{line}:{column}: not valid UTF-8 (byte offset {byte}); convert the file to UTF-8 to check it"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Returns true when the bytes look like a binary file rather than text.
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF_LEN)]).is_some()
}

/// `String::from_utf8`, validated with SIMD. Validation was the single
/// largest cost of checking a file after the automaton itself (5.6% of the
/// instructions on the corpus: every file is validated, and so is its prose
/// view); simdutf8 does it several times faster. The error, rare, comes from
/// the standard library so that it carries the position.
pub fn string_from_utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just validated as UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

impl SourceText {
    /// Decodes a file's bytes. Fails for binary data and invalid UTF-8, with the
    /// position of the first invalid byte.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, DecodeError> {
        if looks_binary(&bytes) {
            return Err(DecodeError::Binary);
        }
        match string_from_utf8(bytes) {
            Ok(text) => Ok(Self::new(text)),
            Err(err) => {
                let valid_up_to = err.utf8_error().valid_up_to();
                let bytes = err.into_bytes();
                // The prefix is valid by definition, so positions can be computed on it.
                let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
                let index = LineIndex::new(prefix);
                let (line, column) = index.line_column(prefix, valid_up_to);
                Err(DecodeError::InvalidUtf8 {
                    byte: valid_up_to,
                    line,
                    column,
                })
            }
        }
    }

    /// Wraps text that is already decoded.
    pub fn new(text: String) -> Self {
        SourceText {
            text,
            lines: OnceLock::new(),
        }
    }

    /// The whole text, including a byte-order mark if the file had one.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in bytes of the byte-order mark (0 or 3).
    pub fn bom_len(&self) -> usize {
        if self.text.starts_with(BOM) {
            BOM.len()
        } else {
            0
        }
    }

    /// The line index of this text.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.lines().line_column(&self.text, offset)
    }

    /// The byte range of the line that contains `offset`, without its line ending.
    pub fn line_span(&self, offset: usize) -> Range<usize> {
        self.lines().line_span(&self.text, offset)
    }

    /// A cursor that gives the same answers as [`SourceText::line_column`]
    /// but walks forward from its last answer, so positions asked for in
    /// increasing order cost one pass over the text, however long its lines.
    pub fn cursor(&self) -> PositionCursor<'_> {
        let first = self.bom_len();
        PositionCursor {
            source: self,
            line: 0,
            line_start: first,
            pos: first,
            column: 0,
        }
    }
}

/// Below this many bytes the cursor walks a segment word by word instead of
/// starting vector searches on it.
const SHORT_SEGMENT: usize = 64;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `word` is zero (the classic bit trick; exact).
fn has_zero_byte(word: u64) -> bool {
    word.wrapping_sub(ONES) & !word & HIGH_BITS != 0
}

/// Whether any of the eight bytes could start a line break: a control byte
/// below 0x0E (LF, VT, FF, CR), or 0xC2 / 0xE2 (NEL, LS, PS). Never false
/// when one does; may be true when none does.
fn may_hold_line_break(word: u64) -> bool {
    word.wrapping_sub(ONES * 0x0E) & !word & HIGH_BITS != 0
        || has_zero_byte(word ^ (ONES * 0xC2))
        || has_zero_byte(word ^ (ONES * 0xE2))
}

/// Characters that start in the eight bytes: bytes that are not UTF-8
/// continuation bytes (`10xxxxxx`).
fn chars_in_word(word: u64) -> usize {
    8 - (word & !(word << 1) & HIGH_BITS).count_ones() as usize
}

/// Characters that start in `bytes` (bytes that are not `10xxxxxx`).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Line and column by walking forward; see [`SourceText::cursor`].
///
/// Counting a column from the start of its line for every finding would be
/// quadratic on a one-line file with many findings; this is linear.
#[derive(Debug, Clone)]
pub struct PositionCursor<'a> {
    source: &'a SourceText,
    /// 0-based line of `pos`.
    line: usize,
    line_start: usize,
    /// How far the text has been walked; `line_start <= pos`.
    pos: usize,
    /// Characters from `line_start` to `pos`.
    column: usize,
}

impl PositionCursor<'_> {
    /// 1-based line and column (in Unicode scalar values) of `offset`.
    pub fn line_column(&mut self, offset: usize) -> (usize, usize) {
        let text = self.source.as_str();
        let offset = offset.min(text.len());
        if offset < self.pos || !text.is_char_boundary(offset) {
            // Backwards (or inside a character): answer from the line index.
            return self.source.line_column(offset);
        }
        let bytes = text.as_bytes();
        let segment = &bytes[self.pos..offset];
        // Most text breaks lines with LF alone: then vector searches count the
        // lines, and only the last line's characters are counted. Between
        // findings a few words apart (a dense document) the searches cost
        // more to start than the word-at-a-time walk below.
        if segment.len() >= SHORT_SEGMENT
            && memchr::memchr3(b'\r', 0xC2, 0xE2, segment).is_none()
            && memchr::memchr2(0x0B, 0x0C, segment).is_none()
        {
            match memchr::memrchr(b'\n', segment) {
                None => self.column += count_chars(segment),
                Some(last) => {
                    self.line += memchr::memchr_iter(b'\n', segment).count();
                    self.line_start = self.pos + last + 1;
                    self.column = count_chars(&segment[last + 1..]);
                }
            }
            self.pos = offset;
            return (self.line + 1, self.column + 1);
        }
        let mut i = self.pos;
        while i < offset {
            // Eight bytes without a possible line break: count their
            // characters in one go.
            if i + 8 <= offset {
                let word = u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]));
                if !may_hold_line_break(word) {
                    self.column += chars_in_word(word);
                    i += 8;
                    continue;
                }
            }
            let b = bytes[i];
            if LINE_BREAK_LEAD[b as usize] {
                if let Some(len) = line_break_len(bytes, i) {
                    if i + len <= offset {
                        self.line += 1;
                        self.line_start = i + len;
                        self.column = 0;
                        i += len;
                        continue;
                    }
                }
            }
            // Count characters by their first byte.
            if b & 0xC0 != 0x80 {
                self.column += 1;
            }
            i += 1;
        }
        self.pos = offset;
        (self.line + 1, self.column + 1)
    }

    /// Whether `span`'s bytes are all printable ASCII (one column each, no
    /// line break); if they are and the cursor stands at the span's start,
    /// it moves past the span. Findings a word apart are then walked over
    /// only the gap between them: walking each finding's own bytes again
    /// was a sixth of writing a dense document's JSON.
    pub(crate) fn pass_printable_ascii(&mut self, span: Range<usize>) -> bool {
        let printable = self
            .source
            .as_str()
            .as_bytes()
            .get(span.clone())
            .is_some_and(|bytes| bytes.iter().all(|b| (b' '..=b'~').contains(b)));
        if printable && self.pos == span.start {
            self.column += span.len();
            self.pos = span.end;
        }
        printable
    }
}

/// Start offsets of every line of a text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// Bytes that can begin a line break.
static LINE_BREAK_LEAD: [bool; 256] = {
    let mut table = [false; 256];
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table[0x0B] = true;
    table[0x0C] = true;
    table[0xC2] = true;
    table[0xE2] = true;
    table
};

/// Length in bytes of the line break that starts at `i`, if one does.
fn line_break_len(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes[i] {
        b'\n' | 0x0B | 0x0C => Some(1),
        b'\r' => Some(if bytes.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        }),
        0xC2 if bytes.get(i + 1) == Some(&0x85) => Some(2),
        0xE2 if bytes.get(i + 1) == Some(&0x80)
            && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
        {
            Some(3)
        }
        _ => None,
    }
}

impl LineIndex {
    /// Indexes the line starts of `text`. Line 1 starts after a byte-order mark.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let first = if text.starts_with(BOM) { BOM.len() } else { 0 };
        let mut starts = vec![first];
        let mut i = first;
        while i < bytes.len() {
            // Only these bytes can start a line break; everything else is skipped
            // with one table look-up.
            if LINE_BREAK_LEAD[bytes[i] as usize] {
                if let Some(len) = line_break_len(bytes, i) {
                    starts.push(i + len);
                    i += len;
                    continue;
                }
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Always false: even the empty text has one line.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// 0-based index of the line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// 1-based line and column (counted in Unicode scalar values) of `offset`.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The byte range of the line containing `offset`, without its line break.
    pub fn line_span(&self, text: &str, offset: usize) -> Range<usize> {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let bytes = text.as_bytes();
        let Some(&next) = self.starts.get(line + 1) else {
            return start..bytes.len();
        };
        // The break that ends this line is the one just before the next line
        // starts: read its length backwards, in constant time. (Scanning the
        // line for it made reporting many findings on one huge line
        // quadratic.)
        let end = match bytes[next - 1] {
            b'\n' if next >= start + 2 && bytes[next - 2] == b'\r' => next - 2,
            b'\n' | b'\r' | 0x0B | 0x0C => next - 1,
            0x85 => next - 2,
            0xA8 | 0xA9 => next - 3,
            _ => next,
        };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(text: &str, needle: &str) -> (usize, usize) {
        let src = SourceText::new(text.to_string());
        src.line_column(text.find(needle).unwrap())
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(lc("我们把ERP系统", "ERP"), (1, 4));
        assert_eq!(lc("😀 API", "API"), (1, 3));
        assert_eq!(lc("\tAPI", "API"), (1, 2));
    }

    #[test]
    fn bom_is_not_a_column() {
        assert_eq!(lc("\u{feff}API", "API"), (1, 1));
        let src = SourceText::new("\u{feff}x\nAPI".to_string());
        assert_eq!(src.line_column(5), (2, 1));
    }

    #[test]
    fn every_line_break_kind_counts_once() {
        for (text, expected) in [
            ("a\nAPI", (2, 1)),
            ("a\r\nAPI", (2, 1)),
            ("a\rAPI", (2, 1)),
            ("a\r\n\r\nAPI", (3, 1)),
            ("a\u{2028}API", (2, 1)),
            ("a\u{2029}API", (2, 1)),
            ("a\u{85}API", (2, 1)),
            ("a\x0bAPI", (2, 1)),
            ("a\x0cAPI", (2, 1)),
        ] {
            assert_eq!(lc(text, "API"), expected, "{text:?}");
        }
    }

    #[test]
    fn line_span_agrees_with_a_scan_for_the_break_everywhere() {
        for text in [
            "",
            "a",
            "\u{feff}",
            "\u{feff}x\r\ny",
            "one\r\ntwo\rthree\nfour\u{85}five\u{2028}six\u{2029}seven\x0beight\x0cnine",
            "\n\n\r\r\n\r\n\n",
            "trailing\r\n",
            "中文\u{2028}😀\r",
        ] {
            let index = LineIndex::new(text);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let span = index.line_span(text, offset);
                let bytes = text.as_bytes();
                let expected_end = (span.start..bytes.len())
                    .find(|&i| line_break_len(bytes, i).is_some())
                    .unwrap_or(bytes.len());
                assert_eq!(span.end, expected_end, "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn line_span_excludes_the_line_break() {
        let text = "one\r\ntwo API\r\nthree";
        let src = SourceText::new(text.to_string());
        let span = src.line_span(text.find("API").unwrap());
        assert_eq!(&text[span], "two API");
        let text = "a\n\nb";
        let src = SourceText::new(text.to_string());
        assert_eq!(&text[src.line_span(2)], "");
    }

    #[test]
    fn word_tests_agree_with_byte_tests() {
        let samples: [&[u8]; 6] = [
            b"abcdefgh",
            "中文ab".as_bytes(),
            "é—x".as_bytes(),
            b"abc\ndefg",
            b"\r\x0b\x0c\x0d\x0e\x1f  ",
            "a\u{85}\u{2028}".as_bytes(),
        ];
        for sample in samples {
            let mut bytes = [b' '; 8];
            let n = sample.len().min(8);
            bytes[..n].copy_from_slice(&sample[..n]);
            let word = u64::from_le_bytes(bytes);
            let breaks = bytes.iter().any(|&b| LINE_BREAK_LEAD[b as usize]);
            assert!(!breaks || may_hold_line_break(word), "{sample:?}");
            let chars = bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            assert_eq!(chars_in_word(word), chars, "{sample:?}");
        }
        // Exact for every single byte in an otherwise plain word.
        for b in 0..=255u8 {
            let mut bytes = [b'a'; 8];
            bytes[3] = b;
            let word = u64::from_le_bytes(bytes);
            assert_eq!(
                may_hold_line_break(word),
                b < 0x0E || b == 0xC2 || b == 0xE2,
                "{b:#x}"
            );
        }
    }

    #[test]
    fn cursor_agrees_with_the_line_index_everywhere() {
        for text in [
            "",
            "\u{feff}x\nAPI",
            "one\r\ntwo 中文 API\r\n\r\nthree\rfour\u{2028}five\u{85}six\x0bseven\x0c😀 end\n",
            "a\n\nb\r",
            "first line\nsecond 中文 line\n\nthird é\n",
            format!(
                "{}\n{}\n\n{}",
                "x".repeat(50),
                "中".repeat(30),
                "y".repeat(20)
            )
            .as_str(),
            format!(
                "{}\u{2014}{}\n{}\r\n\u{feff}{}",
                "x".repeat(40),
                "中文".repeat(12),
                "é".repeat(30),
                "y".repeat(17)
            )
            .as_str(),
        ] {
            let src = SourceText::new(text.to_string());
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            // In order, with a fresh clone for an end position, as the reporters ask.
            let mut cursor = src.cursor();
            for &at in &boundaries {
                assert_eq!(
                    cursor.line_column(at),
                    src.line_column(at),
                    "{text:?} @ {at}"
                );
                let mut ahead = cursor.clone();
                for &end in boundaries.iter().filter(|&&e| e >= at) {
                    assert_eq!(
                        ahead.line_column(end),
                        src.line_column(end),
                        "{text:?} @ {end}"
                    );
                }
            }
            // Backwards and past the end fall back to the same answers.
            let mut cursor = src.cursor();
            for &at in boundaries.iter().rev() {
                assert_eq!(
                    cursor.line_column(at),
                    src.line_column(at),
                    "{text:?} @ {at}"
                );
            }
            assert_eq!(
                cursor.line_column(text.len() + 5),
                src.line_column(text.len())
            );
        }
    }

    #[test]
    fn invalid_utf8_names_the_position() {
        let err = SourceText::from_bytes(b"ok\nab\xffcd".to_vec()).unwrap_err();
        assert_eq!(
            err,
            DecodeError::InvalidUtf8 {
                byte: 5,
                line: 2,
                column: 3
            }
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            SourceText::from_bytes(b"PK\x03\x04\x00\x00".to_vec()).unwrap_err(),
            DecodeError::Binary
        );
    }
}
