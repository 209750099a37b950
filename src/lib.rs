//! dejargon finds technical jargon and unexplained acronyms in business writing
//! and says what to write instead.
//!
//! Data flows one way:
//!
//! ```text
//! bytes --source--> text --format--> prose view --lexer--> hits
//!       --lint--> findings --report--> output
//! ```
//!
//! The library never prints and never exits; the `dejargon` binary owns
//! arguments, colours and exit codes.
//!
//! ```
//! use dejargon::{CommonAcronyms, Dictionary, Format, Language, LintOptions, Linter};
//!
//! let dictionary = Dictionary::builtin(&[Language::En, Language::Zh]).unwrap();
//! let linter = Linter::new(dictionary, CommonAcronyms::builtin(), LintOptions::default());
//! let checked = linter.lint("Revenue grew 12% and the CEO thanked our customers.", Format::Plain);
//! assert!(checked.findings.is_empty());
//! ```

pub mod acronym;
pub mod baseline;
pub mod charclass;
pub mod config;
pub mod definitions;
pub mod dictionary;
pub mod document;
pub mod docx;
pub mod engine;
pub mod entry_text;
pub mod fix;
pub mod format;
pub mod glossary;
pub mod lexer;
pub mod lint;
pub mod match_text;
pub mod profile;
pub mod report;
pub mod source;
pub mod stats;
pub mod suppress;
pub mod walk;

pub use acronym::CommonAcronyms;
pub use dictionary::{Audience, Dictionary, Entry, Language, LoadError, Severity};
pub use format::Format;
pub use lint::{Checked, Finding, LintOptions, Linter, Rule};
pub use source::SourceText;
