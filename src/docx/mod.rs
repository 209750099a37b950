//! Word documents (.docx): reading their text, and writing review comments
//! back into them.
//!
//! A .docx is a zip of XML parts. Reading builds a *virtual text*: one line
//! per paragraph, in document order (body with its tables and text boxes, then
//! page headers, page footers, footnotes and endnotes), joined with `\n`.
//! Everything downstream (prose view, lexer, lint, reporters) works on that
//! text unchanged, and because a paragraph is a line, the `line` of a finding
//! is the paragraph number and its `column` the character within the
//! paragraph. The [`DocxLayout`] remembers where each piece of the virtual
//! text came from: the part, the paragraph, the nearest heading, and the exact
//! bytes of each `w:t` element, which is what [`annotate`] needs to anchor a
//! comment on a finding without touching anything else.
//!
//! Text is reassembled per paragraph across runs, so a term Word split over
//! several runs (formatting, spell-check marks, revision ids) still matches.
//! Hyperlinks, fields (their results), smart tags, content controls and
//! tracked insertions are text; tracked deletions, moved-away text, field codes
//! (`w:instrText`) and hidden text (`w:vanish`) are not.
//!
//! Input is untrusted: [`Limits`] bound the number of zip entries, the size of
//! each XML part and the total decompressed size, whatever the zip headers
//! claim.

pub mod annotate;
mod package;
mod read;

use std::fmt;
use std::ops::Range;

pub use package::Limits;
pub use read::read;

/// The WordprocessingML main namespace.
pub(crate) const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The markup-compatibility namespace (`mc:AlternateContent`).
pub(crate) const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
/// Relationship types, as used in `_rels/*.rels`.
pub(crate) const REL_OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
pub(crate) const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";

/// Why a .docx could not be read or annotated. Each message is one line and
/// does not repeat the file name (the caller puts it in front).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// An OLE compound file with an encrypted package: a password-protected
    /// Word document.
    Encrypted,
    /// An OLE compound file without one: a Word 97–2003 `.doc` (or another
    /// Office binary file) named .docx.
    LegacyBinary,
    /// Not a zip archive at all.
    NotZip,
    /// A zip archive that cannot be read (truncated, damaged).
    Corrupt(String),
    /// A zip archive without the Word document part.
    NotWord(String),
    /// A size or count limit was reached (zip bomb or absurdly large part).
    TooLarge(String),
    /// An XML part that is not well-formed or not UTF-8.
    Xml { part: String, message: String },
    /// Something the annotator cannot do with this document.
    Unsupported(String),
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::Encrypted => f.write_str(
                "password-protected (encrypted) Word document; remove the password in Word (File > Info > Protect Document) and save again to check it",
            ),
            DocxError::LegacyBinary => f.write_str(
                "not a .docx: this is an old binary Office file (Word 97-2003 .doc); save it as .docx to check it",
            ),
            DocxError::NotZip => f.write_str(
                "not a .docx: the file is not a zip archive (a Word .docx always is)",
            ),
            DocxError::Corrupt(message) => write!(
                f,
                "damaged .docx: cannot read it as a zip archive ({}); open it in Word and save it again",
                one_line(message)
            ),
            DocxError::NotWord(message) => {
                write!(f, "not a Word document: {}", one_line(message))
            }
            DocxError::TooLarge(message) => write!(f, "refused: {}", one_line(message)),
            DocxError::Xml { part, message } => write!(
                f,
                "damaged .docx: {} is not valid XML ({}); open it in Word and save it again",
                one_line(part),
                one_line(message)
            ),
            DocxError::Unsupported(message) => {
                write!(f, "cannot annotate: {}", one_line(message))
            }
        }
    }
}

impl std::error::Error for DocxError {}

/// Longest detail quoted from a damaged file, in characters.
const MAX_DETAIL_CHARS: usize = 200;

/// A detail for a one-line message: parser messages quote the file's bytes
/// (names from the zip directory, text near an XML error), which may hold
/// line breaks, NULs and terminal escapes, and be long. Control characters
/// are escaped and the detail is cut short (found by the docx_xml fuzz
/// target: an XML error quoted a line break and NULs).
fn one_line(detail: &str) -> String {
    let mut out = String::new();
    for (n, c) in detail.chars().enumerate() {
        if n == MAX_DETAIL_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Where the text of a .docx came from.
#[derive(Debug, Clone, Default)]
pub struct DocxLayout {
    /// The XML parts read, in the order their text appears; the first is the
    /// main document (`word/document.xml`).
    pub parts: Vec<Part>,
    /// One per line of the virtual text, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Headings found in the main document, in order.
    pub headings: Vec<DocxHeading>,
    /// Where each piece of text came from, sorted by `virt`.
    pub(crate) segments: Vec<Segment>,
}

/// An XML part whose text was read.
#[derive(Debug, Clone, Default)]
pub struct Part {
    /// The zip entry name, such as `word/document.xml` or `word/header1.xml`.
    pub name: String,
    /// The namespace prefix the part uses for WordprocessingML (`w` in
    /// practice).
    pub(crate) w_prefix: String,
    pub(crate) runs: Vec<RunInfo>,
    pub(crate) texts: Vec<TextElement>,
}

/// A paragraph: one line of the virtual text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Index into [`DocxLayout::parts`].
    pub part: usize,
    /// 1-based number of the paragraph within its part, in document order
    /// (table cells and text boxes included).
    pub number: usize,
    /// Index into [`DocxLayout::headings`] of the nearest heading above (for
    /// a heading, itself; for a footnote, the heading above its reference).
    pub heading: Option<usize>,
    /// Byte offset where the paragraph starts in the virtual text.
    pub start: usize,
}

/// A heading of the main document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxHeading {
    /// Index into [`DocxLayout::paragraphs`].
    pub paragraph: usize,
    /// 1 for Title and Heading 1 (or outline level 1), up to 3.
    pub level: u8,
    pub title: String,
}

/// A piece of the virtual text that comes from the content of one `w:t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    /// Byte range in the virtual text.
    pub virt: Range<usize>,
    /// Byte range in the part's XML.
    pub raw: Range<usize>,
    /// Index into the part's `texts`.
    pub text: usize,
    /// Whether `raw` is a character or entity reference (`&amp;`): one
    /// character of text for several bytes of XML. Otherwise the raw bytes
    /// are the text, character for character.
    pub reference: bool,
}

/// A `w:t` element with text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextElement {
    /// The start tag, `<w:t …>`.
    pub start_tag: Range<usize>,
    /// Between the start and the end tag.
    pub content: Range<usize>,
    /// Offset just after the end tag.
    pub end: usize,
    /// Whether the start tag has `xml:space="preserve"`.
    pub preserve: bool,
    /// Index into the part's `runs`.
    pub run: usize,
}

/// A `w:r` element that holds text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RunInfo {
    /// Offset of `<w:r`.
    pub start: usize,
    /// Offset just after `</w:r>`.
    pub end: usize,
    /// Offset of `</w:r>`.
    pub close: usize,
    /// Where the run's content starts: after its `w:rPr` if it has one.
    pub first_child: usize,
    /// The run properties, `<w:rPr>…</w:rPr>`, copied onto split-off runs.
    pub rpr: Option<Range<usize>>,
}

/// Where a finding is, for people.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocxLocation {
    /// The part, such as `word/document.xml` or `word/footnotes.xml`.
    pub part: String,
    /// The paragraph number within the part (1-based).
    pub paragraph: usize,
    /// The nearest heading above, if any.
    pub heading: Option<String>,
    /// Whether the part is the main document (not a header, footer or note).
    #[serde(skip)]
    pub in_body: bool,
}

impl DocxLayout {
    /// Index of the paragraph that holds byte `offset` of the virtual text.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.start <= offset);
        i.checked_sub(1)
    }

    /// The location of byte `offset` of the virtual text.
    pub fn location(&self, offset: usize) -> Option<DocxLocation> {
        let paragraph = &self.paragraphs[self.paragraph_at(offset)?];
        Some(DocxLocation {
            part: self.parts[paragraph.part].name.clone(),
            paragraph: paragraph.number,
            heading: paragraph.heading.map(|h| self.headings[h].title.clone()),
            in_body: paragraph.part == 0,
        })
    }

    /// The index of the segment that holds the character starting at `offset`
    /// (`at_end`: ending at `offset`).
    pub(crate) fn segment_at(&self, offset: usize, at_end: bool) -> Option<usize> {
        if at_end {
            let i = self.segments.partition_point(|s| s.virt.end < offset);
            let s = self.segments.get(i)?;
            (s.virt.start < offset && offset <= s.virt.end).then_some(i)
        } else {
            let i = self.segments.partition_point(|s| s.virt.end <= offset);
            let s = self.segments.get(i)?;
            (s.virt.start <= offset && offset < s.virt.end).then_some(i)
        }
    }
}

/// Turns a character of a `w:t` into the character of the virtual text: line
/// breaks and byte-order marks become spaces, so that a paragraph stays one
/// line and the text never starts with a BOM.
pub(crate) fn virtual_char(c: char) -> char {
    match c {
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => ' ',
        c => c,
    }
}
