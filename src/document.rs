//! A document ready to lint: its name, format and text.
//!
//! Text formats are decoded from UTF-8 here; container formats (such as Word
//! files) produce a text of their own, whose positions the format maps back.

use std::fmt;

use crate::format::Format;
use crate::source::{DecodeError, SourceText};

/// A loaded document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The name shown to people: a path, or the `--stdin-filename`.
    pub name: String,
    pub format: Format,
    /// The text that finding positions refer to.
    pub source: SourceText,
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
        let source = SourceText::from_bytes(bytes).map_err(|err| match err {
            DecodeError::Binary => DocumentError::Skipped(err.to_string()),
            DecodeError::InvalidUtf8 { .. } => DocumentError::Failed(err.to_string()),
        })?;
        Ok(Document {
            name: name.to_string(),
            format,
            source,
        })
    }
}
