//! A document ready to lint: its name, format and text.
//!
//! Text formats are decoded from UTF-8 here; container formats (Word files)
//! produce a text of their own, and a [`Layout`] that maps its positions back
//! to the container.

use std::fmt;
use std::sync::Arc;

use crate::docx::{self, DocxLayout, DocxLocation, Limits};
use crate::format::{self, Format, Prose};
use crate::source::{DecodeError, SourceText};

/// A loaded document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The name shown to people: a path, or the `--stdin-filename`.
    pub name: String,
    pub format: Format,
    /// The text that finding positions refer to.
    pub source: SourceText,
    /// Where the text came from.
    pub layout: Layout,
}

/// How positions in a document's text map back to the file.
#[derive(Debug, Clone, Default)]
pub enum Layout {
    /// The text is the file: byte offsets are file offsets.
    #[default]
    Text,
    /// The text is a Word document's paragraphs, one per line.
    Docx(Arc<DocxLayout>),
}

impl Layout {
    /// Where byte `offset` of the text is, for formats whose lines and columns
    /// need more explaining (for a Word document: part, paragraph, heading).
    pub fn location(&self, offset: usize) -> Option<DocxLocation> {
        match self {
            Layout::Text => None,
            Layout::Docx(layout) => layout.location(offset),
        }
    }
}

/// Why a document could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// Skipped on purpose (a binary file): a note, not a failure.
    Skipped(String),
    /// Could not be checked: the run exits with 2.
    Failed(String),
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Skipped(message) | DocumentError::Failed(message) => {
                f.write_str(message)
            }
        }
    }
}

impl Document {
    /// Builds a document from a file's bytes.
    pub fn from_bytes(
        name: &str,
        format: Format,
        bytes: Vec<u8>,
    ) -> Result<Document, DocumentError> {
        if format == Format::Docx {
            return Document::from_docx(name, &bytes, &Limits::default());
        }
        let source = SourceText::from_bytes(bytes).map_err(|err| match err {
            DecodeError::Binary => DocumentError::Skipped(err.to_string()),
            DecodeError::InvalidUtf8 { .. } => DocumentError::Failed(err.to_string()),
        })?;
        Ok(Document {
            name: name.to_string(),
            format,
            source,
            layout: Layout::Text,
        })
    }

    /// Reads a Word document (the bytes of a .docx file).
    pub fn from_docx(name: &str, bytes: &[u8], limits: &Limits) -> Result<Document, DocumentError> {
        let (text, layout) =
            docx::read(bytes, limits).map_err(|err| DocumentError::Failed(err.to_string()))?;
        Ok(Document {
            name: name.to_string(),
            format: Format::Docx,
            source: SourceText::new(text),
            layout: Layout::Docx(Arc::new(layout)),
        })
    }

    /// The prose view of the text.
    pub fn prose(&self) -> Prose {
        match &self.layout {
            Layout::Docx(layout) => format::docx::extract_with_layout(self.source.as_str(), layout),
            Layout::Text => format::extract(self.format, self.source.as_str()),
        }
    }
}
