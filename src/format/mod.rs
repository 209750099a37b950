//! Which bytes of a document are prose.
//!
//! Each format turns the source text into a [`Prose`] view: a copy of the text
//! of the same length in which every byte that is not prose (code, URLs, markup,
//! front matter) is blanked to an ASCII space. Keeping the length means every
//! later stage works on the file's own byte offsets with no mapping tables, and
//! the lexer still runs as one pass over one buffer.

pub mod docx;
pub mod html;
pub mod markdown;
mod mask;
pub mod plain;

use std::ops::Range;
use std::path::Path;

pub use mask::Masker;

/// A document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Plain,
    Markdown,
    Html,
    /// A Word document; its text is the paragraphs, one per line (see
    /// [`crate::docx`]).
    Docx,
}

impl Format {
    /// Picks the format from a file name; anything unknown is plain text.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd" | "mkdn" | "mdx") => Format::Markdown,
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("docx") => Format::Docx,
            _ => Format::Plain,
        }
    }

    /// Whether a directory walk should pick up files with this path's extension.
    pub fn is_prose_file(path: &Path) -> bool {
        matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some(
                "md" | "markdown"
                    | "mdown"
                    | "mkd"
                    | "mkdn"
                    | "mdx"
                    | "txt"
                    | "text"
                    | "html"
                    | "htm"
                    | "xhtml"
                    | "docx"
            )
        )
    }
}

/// A heading of the document, for per-section statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Byte offset where the heading starts.
    pub offset: usize,
    /// 1 for the top level.
    pub level: u8,
    pub title: String,
}

/// A comment in the document, such as `<!-- dejargon-disable -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Byte range of the whole comment in the source.
    pub span: Range<usize>,
    /// The comment's text without its delimiters, trimmed.
    pub body: String,
}

/// The prose of a document.
#[derive(Debug, Clone)]
pub struct Prose {
    /// Same length as the source; non-prose bytes are spaces.
    pub masked: String,
    pub headings: Vec<Heading>,
    pub comments: Vec<Comment>,
}

impl Prose {
    /// Whether the byte range is entirely prose: every byte is kept as it is,
    /// or is whitespace that the prose view turned into a space (a tab, or the
    /// line break inside a phrase wrapped over two lines).
    pub fn is_prose(&self, source: &str, span: Range<usize>) -> bool {
        let (Some(masked), Some(source)) = (self.masked.get(span.clone()), source.get(span)) else {
            return false;
        };
        masked
            .bytes()
            .zip(source.bytes())
            .all(|(m, s)| m == s || (m == b' ' && matches!(s, b'\t' | b'\r' | b'\n')))
    }
}

/// Extracts the prose of `text` in the given format.
pub fn extract(format: Format, text: &str) -> Prose {
    match format {
        Format::Plain => plain::extract(text),
        Format::Markdown => markdown::extract(text),
        Format::Html => html::extract(text),
        Format::Docx => docx::extract(text),
    }
}
