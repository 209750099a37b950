//! One JSON object for the whole run: `{"version":1,"findings":[…],"summary":{…}}`.
//! The schema is documented in the README; tests decode it with their own types.

use std::io::{self, Write};
use std::sync::Arc;

use serde::Serialize;

use super::{FileReport, Position, Reporter, Summary};
use crate::dictionary::{EntryId, Severity};
use crate::document::Layout;
use crate::docx::DocxLocation;
use crate::lint::{Finding, Rule};

/// Version of the JSON output; bumped on incompatible changes.
pub const JSON_VERSION: u32 = 1;

/// One finding as it appears in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct JsonFinding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub rule: Rule,
    pub term: String,
    pub matched: String,
    pub severity: Severity,
    pub message: String,
    pub explanation: String,
    pub suggestions: Vec<String>,
    pub category: String,
    pub dictionary: Option<String>,
    pub fix: Option<String>,
    /// For Word documents: the part, the paragraph within it and the nearest
    /// heading. Absent for text formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<DocxLocation>,
}

impl JsonFinding {
    pub fn from_report(file: &FileReport<'_>) -> Vec<JsonFinding> {
        file.findings
            .iter()
            .zip(Position::all(file.source, file.findings))
            .map(|(f, pos)| JsonFinding {
                path: file.path.to_string(),
                line: pos.line,
                column: pos.column,
                end_line: pos.end_line,
                end_column: pos.end_column,
                byte_start: f.span.start,
                byte_end: f.span.end,
                rule: f.rule,
                term: f.term().to_string(),
                matched: f.matched().to_string(),
                severity: f.severity,
                message: f.message().to_string(),
                explanation: f.explanation().to_string(),
                suggestions: f.suggestions().to_vec(),
                category: f.category().to_string(),
                dictionary: f.dictionary().map(str::to_string),
                fix: f.fix().map(str::to_string),
                location: file.layout.location(f.span.start),
            })
            .collect()
    }
}

/// Writes `{"version":1,"findings":[…],"summary":{…}}`, streaming the findings.
#[derive(Debug, Default)]
pub struct Json;

/// How much output [`Json::render_streaming`] gathers before handing it on:
/// large enough that writing costs little per finding, small enough that a
/// file with hundreds of thousands of findings is never held whole.
const CHUNK: usize = 64 * 1024;

/// How many spellings of one entry ("API", "APIs", "api") keep their
/// written JSON at once.
const TAILS_PER_ENTRY: usize = 4;

/// The address of a shared value: while the findings are borrowed none of
/// them can be freed or changed, so equal addresses mean equal values.
fn address<T: ?Sized>(shared: &Arc<T>) -> usize {
    Arc::as_ptr(shared).cast::<u8>().addr()
}

/// A finding's JSON from `"rule"` to its closing brace, with what it was
/// written from. Findings of one wording differ only in path and position,
/// which come before it, and in what the key holds.
struct Tail {
    /// The rule, severity and whether the fix applies.
    key: (Rule, Severity, bool),
    /// The address of the wording.
    wording: usize,
    bytes: Vec<u8>,
}

impl Tail {
    fn key(finding: &Finding) -> (Rule, Severity, bool) {
        (finding.rule, finding.severity, finding.fix_applies)
    }
}

/// What is cached of one entry's findings.
#[derive(Default)]
struct EntryCache {
    /// Whether a finding of the entry was written before. The first is
    /// written straight out: in ordinary documents most entries occur once
    /// per file, and caching those costs more than it saves.
    seen: bool,
    /// The JSON of the fields from `explanation` to `dictionary`, with the
    /// address of the entry text it was written from.
    shared: Option<(usize, Vec<u8>)>,
    /// The last few tails written, oldest first.
    tails: Vec<Tail>,
}

/// JSON written once per entry and file, and copied for every further
/// finding of the entry: in a document where every word is a term, escaping
/// the same explanation, suggestions and message again for every finding was
/// most of the writer's work. Lives for one [`Json::render_streaming`] call
/// only, while the findings (and so the addresses in its keys) are borrowed.
/// Findings the linter made share their wording; hand-made ones that do
/// not are written afresh, which is slower but the same bytes.
#[derive(Default)]
struct EntryFragments {
    /// Keyed by entry id; a map, not a table as long as the dictionary,
    /// because a file meets few of the dictionary's entries.
    by_entry: rustc_hash::FxHashMap<EntryId, EntryCache>,
}

impl EntryFragments {
    /// Writes the finding's fields from `rule` to its closing brace.
    fn write_tail(&mut self, out: &mut Vec<u8>, finding: &Finding) -> io::Result<()> {
        let Some(id) = finding.entry() else {
            write_own(out, finding)?;
            write_shared(out, finding)?;
            return write_end(out, finding);
        };
        let cache = self.by_entry.entry(id).or_default();
        if !cache.seen {
            cache.seen = true;
            write_own(out, finding)?;
            write_shared(out, finding)?;
            return write_end(out, finding);
        }
        let key = Tail::key(finding);
        let wording = address(&finding.wording);
        if let Some(tail) = cache
            .tails
            .iter()
            .find(|t| t.wording == wording && t.key == key)
        {
            out.extend_from_slice(&tail.bytes);
            return Ok(());
        }
        let mut bytes = Vec::new();
        write_own(&mut bytes, finding)?;
        let about = address(finding.about());
        match &cache.shared {
            Some((cached, shared)) if *cached == about => bytes.extend_from_slice(shared),
            _ => {
                let mut shared = Vec::new();
                write_shared(&mut shared, finding)?;
                bytes.extend_from_slice(&shared);
                cache.shared = Some((about, shared));
            }
        }
        write_end(&mut bytes, finding)?;
        out.extend_from_slice(&bytes);
        if cache.tails.len() == TAILS_PER_ENTRY {
            cache.tails.remove(0);
        }
        cache.tails.push(Tail {
            key,
            wording,
            bytes,
        });
        Ok(())
    }
}

/// Pretty-prints `value` with every line indented by `indent` spaces.
fn write_indented(out: &mut Vec<u8>, value: &impl Serialize, indent: usize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    // JSON strings escape newlines, so every line break here is structural.
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push(b'\n');
        }
        out.extend(std::iter::repeat_n(b' ', indent));
        out.extend_from_slice(line.as_bytes());
    }
    Ok(())
}

/// Whether JSON needs an escape in `bytes`: a control byte, `"` or `\\`.
/// Eight bytes at a time; explanations are long and rarely need one.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH_BITS != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in chunks.by_ref() {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH_BITS != 0;
        if control
            || has_zero(w ^ (ONES * u64::from(b'"')))
            || has_zero(w ^ (ONES * u64::from(b'\\')))
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// Writes `text` as a JSON string, escaped exactly as serde_json escapes it
/// (`\"`, `\\\\`, the short forms of BS, TAB, LF, FF, CR, and `\u00xx` with
/// lowercase hex for other control bytes; nothing else).
fn write_str(out: &mut Vec<u8>, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    out.push(b'"');
    // Most strings need no escape at all: copy them in one go.
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
    } else {
        let mut from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let short: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                b'\t' => b"\\t",
                b'\n' => b"\\n",
                0x0C => b"\\f",
                b'\r' => b"\\r",
                0x00..=0x1F => b"",
                _ => continue,
            };
            out.extend_from_slice(&bytes[from..i]);
            from = i + 1;
            if short.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            } else {
                out.extend_from_slice(short);
            }
        }
        out.extend_from_slice(&bytes[from..]);
    }
    out.push(b'"');
    Ok(())
}

/// "00", "01", … "99": the two digits of every number below 100.
const DIGIT_PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut n = 0;
    while n < 100 {
        pairs[2 * n] = b'0' + (n / 10) as u8;
        pairs[2 * n + 1] = b'0' + (n % 10) as u8;
        n += 1;
    }
    pairs
};

/// The longest [`Head`]: six keys of at most 23 bytes and six numbers of
/// at most 20 digits.
const HEAD_MAX: usize = 6 * (23 + 20);

/// A finding's fields from `line` to `byte_end`, put together on the stack
/// and copied out in one go. Appended to the output piece by piece, each
/// key and number was a call to `memcpy` of a few bytes: a twelfth of the
/// time of a document where every word is a term. Here every key is a copy
/// of a length known when compiling, which needs no call.
struct Head {
    bytes: [u8; HEAD_MAX],
    len: usize,
}

impl Head {
    fn new() -> Self {
        Head {
            bytes: [0; HEAD_MAX],
            len: 0,
        }
    }

    #[inline(always)]
    fn push<const N: usize>(&mut self, text: &[u8; N]) {
        self.bytes[self.len..self.len + N].copy_from_slice(text);
        self.len += N;
    }

    /// Writes `n` in decimal.
    #[inline(always)]
    fn push_number(&mut self, n: usize) {
        let digits = decimal_digits(n);
        if digits <= 8 {
            // Every line, column and offset of a file under 100 MB: its
            // eight digits at once, the leading zeros shifted out, stored
            // as one word (the head has room for the bytes after it).
            let word = eight_digits(n as u64) >> (8 * (8 - digits));
            self.bytes[self.len..self.len + 8].copy_from_slice(&word.to_le_bytes());
            self.len += digits;
        } else {
            self.push_long_number(n, digits);
        }
    }

    /// Writes `n` of `digits` digits, two digits per division, last first.
    #[cold]
    fn push_long_number(&mut self, mut n: usize, digits: usize) {
        let mut at = self.len + digits;
        self.len = at;
        while n >= 100 {
            let pair = 2 * (n % 100);
            n /= 100;
            at -= 2;
            self.bytes[at] = DIGIT_PAIRS[pair];
            self.bytes[at + 1] = DIGIT_PAIRS[pair + 1];
        }
        if n >= 10 {
            self.bytes[at - 2] = DIGIT_PAIRS[2 * n];
            self.bytes[at - 1] = DIGIT_PAIRS[2 * n + 1];
        } else {
            self.bytes[at - 1] = b'0' + n as u8;
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// The eight decimal digits of `n` (below 10^8, leading zeros included) as
/// ASCII, the first digit in the lowest byte: each step splits every lane
/// of the word in two with one multiplication by a reciprocal, so eight
/// digits take a few multiplications instead of four divisions.
fn eight_digits(n: u64) -> u64 {
    debug_assert!(n < 100_000_000);
    // Lanes of 32 bits: the first four digits, then the last four.
    let merged = (n / 10_000) | ((n % 10_000) << 32);
    // Each lane divided by 100 (x * 10486 >> 20 is x / 100 below 10^4).
    let hundreds = ((merged * 10_486) >> 20) & ((0x7F << 32) | 0x7F);
    let merged = hundreds | ((merged - hundreds * 100) << 16);
    // Lanes of 16 bits, each divided by 10 (x * 103 >> 10 is x / 10 below 100).
    let tens = ((merged * 103) >> 10) & ((0xF << 48) | (0xF << 32) | (0xF << 16) | 0xF);
    let merged = tens | ((merged - tens * 10) << 8);
    merged + u64::from_le_bytes([b'0'; 8])
}

/// How many decimal digits `n` has: a guess from its bit length, corrected
/// by one comparison. The standard library's `ilog10` compares step by step
/// and was 4% of the instructions of a document where every word is a term.
fn decimal_digits(n: usize) -> usize {
    /// 10^0 … 10^19, every power of ten a `u64` holds.
    const POWERS: [u64; 20] = {
        let mut powers = [1u64; 20];
        let mut i = 1;
        while i < 20 {
            powers[i] = powers[i - 1] * 10;
            i += 1;
        }
        powers
    };
    // Zero has one digit, as one has; setting the last bit never takes any
    // other number up to a power of ten, since those are even.
    let n = n as u64 | 1;
    let bits = u64::BITS - n.leading_zeros();
    // 1233 / 4096 is just above log10(2): the guess is at most one short.
    let guess = (bits as usize * 1233) >> 12;
    guess + usize::from(n >= POWERS[guess])
}

/// Writes a number in decimal, as `write!` does.
#[cfg(test)]
fn write_number(out: &mut Vec<u8>, n: usize) {
    let mut head = Head::new();
    head.push_number(n);
    out.extend_from_slice(head.as_bytes());
}

fn write_optional(out: &mut Vec<u8>, text: Option<&str>) -> io::Result<()> {
    match text {
        Some(text) => write_str(out, text),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// Writes one finding as `serde_json::to_string_pretty` would write a
/// [`JsonFinding`] indented by four spaces, without building one: the
/// findings of a large tree are mostly long explanation strings, and copying
/// them once is the cost that matters. `opening` is what comes before the
/// line: the separator, the brace and the path as a JSON string. A test
/// pins the two as byte-identical.
fn write_finding(
    out: &mut Vec<u8>,
    opening: &[u8],
    finding: &Finding,
    pos: &Position,
    fragments: &mut EntryFragments,
) -> io::Result<()> {
    out.extend_from_slice(opening);
    let mut head = Head::new();
    head.push(b",\n      \"line\": ");
    head.push_number(pos.line);
    head.push(b",\n      \"column\": ");
    head.push_number(pos.column);
    head.push(b",\n      \"end_line\": ");
    head.push_number(pos.end_line);
    head.push(b",\n      \"end_column\": ");
    head.push_number(pos.end_column);
    head.push(b",\n      \"byte_start\": ");
    head.push_number(finding.span.start);
    head.push(b",\n      \"byte_end\": ");
    head.push_number(finding.span.end);
    out.extend_from_slice(head.as_bytes());
    fragments.write_tail(out, finding)
}

/// Writes the fields of a finding's own, from `rule` to `message`, each
/// preceded by its comma.
fn write_own(out: &mut Vec<u8>, finding: &Finding) -> io::Result<()> {
    out.extend_from_slice(b",\n      \"rule\": \"");
    out.extend_from_slice(finding.rule.as_str().as_bytes());
    out.extend_from_slice(b"\",\n      \"term\": ");
    write_str(out, finding.term())?;
    out.extend_from_slice(b",\n      \"matched\": ");
    write_str(out, finding.matched())?;
    out.extend_from_slice(b",\n      \"severity\": \"");
    out.extend_from_slice(finding.severity.as_str().as_bytes());
    out.extend_from_slice(b"\",\n      \"message\": ");
    write_str(out, finding.message())
}

/// Writes the `fix` field and closes the finding.
fn write_end(out: &mut Vec<u8>, finding: &Finding) -> io::Result<()> {
    out.extend_from_slice(b",\n      \"fix\": ");
    write_optional(out, finding.fix())?;
    out.extend_from_slice(b"\n    }");
    Ok(())
}

/// Writes the fields a finding shares with its entry, from `explanation` to
/// `dictionary`, each preceded by its comma.
fn write_shared(out: &mut Vec<u8>, finding: &Finding) -> io::Result<()> {
    out.extend_from_slice(b",\n      \"explanation\": ");
    write_str(out, finding.explanation())?;
    out.extend_from_slice(b",\n      \"suggestions\": ");
    if finding.suggestions().is_empty() {
        out.extend_from_slice(b"[]");
    } else {
        out.push(b'[');
        for (i, suggestion) in finding.suggestions().iter().enumerate() {
            out.extend_from_slice(if i == 0 {
                b"\n        "
            } else {
                b",\n        "
            });
            write_str(out, suggestion)?;
        }
        out.extend_from_slice(b"\n      ]");
    }
    out.extend_from_slice(b",\n      \"category\": ");
    write_str(out, finding.category())?;
    out.extend_from_slice(b",\n      \"dictionary\": ");
    write_optional(out, finding.dictionary())
}

impl Reporter for Json {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\n  \"version\": {JSON_VERSION},\n  \"findings\": [")
    }

    fn render(&self, file: &FileReport<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        self.render_streaming(file, out, &mut |_| Ok(()))
    }

    fn render_streaming(
        &self,
        file: &FileReport<'_>,
        out: &mut Vec<u8>,
        flush: &mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<()> {
        if !matches!(file.layout, Layout::Text) {
            // Word documents add a `location` object; they are few and small,
            // so the serde path (which writes it) is fast enough.
            for (n, finding) in JsonFinding::from_report(file).iter().enumerate() {
                out.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
                write_indented(out, finding, 4)?;
            }
            return Ok(());
        }
        // What comes before each finding's line: the separator, the brace
        // and the path, written once per file.
        let mut opening = b",\n    {\n      \"path\": ".to_vec();
        write_str(&mut opening, file.path)?;
        let mut fragments = EntryFragments::default();
        let positions = Position::each(file.source, file.findings);
        for (n, (finding, pos)) in file.findings.iter().zip(positions).enumerate() {
            // The first finding has no comma before it.
            let opening = if n == 0 { &opening[1..] } else { &opening[..] };
            write_finding(out, opening, finding, &pos, &mut fragments)?;
            if out.len() >= CHUNK {
                flush(out)?;
            }
        }
        Ok(())
    }

    fn separator(&self) -> &'static [u8] {
        b","
    }

    fn finish(&self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut tail = Vec::new();
        write_indented(&mut tail, summary, 2)?;
        let summary = String::from_utf8_lossy(&tail);
        write!(out, "\n  ],\n  \"summary\": {}\n}}\n", summary.trim_start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry_text::EntryText;
    use crate::match_text::Wording;
    use crate::source::SourceText;

    fn finding(span: std::ops::Range<usize>, text: &str, odd: bool) -> Finding {
        Finding::new(
            span,
            if odd {
                Rule::UndefinedAcronym
            } else {
                Rule::Jargon
            },
            if odd { Severity::Info } else { Severity::Error },
            text,
            &format!("\"{text}\" is \\ odd\t\u{1}\u{7f} / é"),
            EntryText {
                term: text.into(),
                explanation: "line\nbreak and \r and 中文 😀".into(),
                suggestions: if odd {
                    Vec::new().into()
                } else {
                    vec!["one".to_string(), "t\"wo".to_string()].into()
                },
                category: "cat".into(),
                dictionary: (!odd).then(|| "dict".into()),
                fix: odd.then(|| "fixed \\".into()),
            },
        )
    }

    #[test]
    fn escape_test_is_exact_for_every_byte_and_place() {
        for b in 0..=255u8 {
            for place in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[place] = b;
                let expected = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(needs_escape(&bytes), expected, "{b:#x} at {place}");
            }
        }
    }

    #[test]
    fn strings_and_numbers_are_written_as_serde_writes_them() {
        let mut samples: Vec<String> = (0..=0x7Fu8).map(|b| format!("a{}b", b as char)).collect();
        samples
            .extend(["", "plain", "中文 \u{2028} 😀", "\"\\\u{0}\u{1f}\u{7f}"].map(String::from));
        for sample in samples {
            let mut ours = Vec::new();
            write_str(&mut ours, &sample).unwrap();
            assert_eq!(ours, serde_json::to_vec(&sample).unwrap(), "{sample:?}");
        }
        let powers = (0..20)
            .map(|p| 10usize.pow(p))
            .flat_map(|p| [p - 1, p, p + 1]);
        // Every number below 100,000, then a sweep to 10^9 by a prime step
        // (eight digits at once below 10^8, two at a time above).
        let sweep = (0..1_000_000_000).step_by(7_919);
        for n in (0..100_000)
            .chain(sweep)
            .chain(powers)
            .chain([12345, usize::MAX])
        {
            let mut ours = Vec::new();
            write_number(&mut ours, n);
            assert_eq!(ours, n.to_string().into_bytes());
        }
    }

    #[test]
    fn hand_written_json_is_byte_identical_to_serde_pretty() {
        let text = "\u{feff}我们 ERP\r\n\"quoted\" API\tx\n";
        let source = SourceText::new(text.to_string());
        let findings = vec![
            finding(7..10, "ERP", false),
            finding(13..21, "\"quoted\"", true),
            finding(22..25, "API", false),
        ];
        let file = FileReport {
            path: "dir/\"odd\" name\\.md",
            source: &source,
            findings: &findings,
            layout: &Layout::Text,
        };
        assert_same_as_serde(&file);
    }

    /// Renders `file` by hand (whole and in tiny chunks) and through serde,
    /// and asserts all three are the same bytes.
    fn assert_same_as_serde(file: &FileReport<'_>) {
        let mut fast = Vec::new();
        Json.render(file, &mut fast).unwrap();
        let mut streamed = Vec::new();
        let mut rest = Vec::new();
        Json.render_streaming(file, &mut rest, &mut |chunk| {
            streamed.append(chunk);
            Ok(())
        })
        .unwrap();
        streamed.append(&mut rest);
        let mut reference = Vec::new();
        for (n, f) in JsonFinding::from_report(file).iter().enumerate() {
            reference.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
            write_indented(&mut reference, f, 4).unwrap();
        }
        let reference = String::from_utf8(reference).unwrap();
        assert_eq!(String::from_utf8(fast).unwrap(), reference);
        assert_eq!(String::from_utf8(streamed).unwrap(), reference);
    }

    #[test]
    fn shared_entry_texts_are_written_as_serde_writes_them() {
        // Findings of one entry share their texts; the writer escapes them
        // once. A finding that claims the same entry with other texts (a
        // hand-made one) must still get its own.
        let text = "ERP and ERP and ERP\n".repeat(2000);
        let source = SourceText::new(text.clone());
        let mut shared = finding(0..3, "ERP", false);
        Arc::make_mut(&mut shared.wording).entry = Some(3);
        let mut findings = Vec::new();
        for (start, _) in text.match_indices("ERP") {
            let mut f = shared.clone();
            f.span = start..start + 3;
            findings.push(f);
        }
        // Each differs from the one before it in one field only.
        fn about(f: &mut Finding) -> &mut EntryText {
            Arc::make_mut(&mut Arc::make_mut(&mut f.wording).about)
        }
        about(&mut findings[1]).explanation = "another \"explanation\"".into();
        about(&mut findings[3]).suggestions = Vec::new().into();
        about(&mut findings[5]).dictionary = None;
        about(&mut findings[7]).category = "other".into();
        Arc::make_mut(&mut findings[9].wording).entry = Some(usize::MAX);
        about(&mut findings[11]).term = "enterprise resource planning".into();
        about(&mut findings[13]).fix = Some("plain".into());
        findings[15].severity = Severity::Info;
        findings[17].rule = Rule::UndefinedAcronym;
        let message = format!("{}!", findings[19].message());
        Arc::make_mut(&mut findings[19].wording).message = message.into();
        about(&mut findings[21]).fix = Some("plain".into());
        findings[21].fix_applies = false;
        // More spellings of one entry than it keeps, in turn, each shared by
        // the findings that use it.
        let spellings: Vec<Arc<Wording>> = (0..7)
            .map(|n| {
                let mut wording = (*shared.wording).clone();
                wording.matched = format!("ERP{n}").into();
                Arc::new(wording)
            })
            .collect();
        for (n, f) in findings.iter_mut().enumerate().skip(22) {
            f.wording = spellings[n % 7].clone();
        }
        let file = FileReport {
            path: "shared.md",
            source: &source,
            findings: &findings,
            layout: &Layout::Text,
        };
        assert_same_as_serde(&file);
    }
}
