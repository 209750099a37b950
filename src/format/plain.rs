//! Plain text: everything is prose except URLs and e-mail addresses.

use super::{Comment, Masker, Prose};

/// Extracts the prose of a plain-text document.
///
/// Lines of the form `dejargon: …` are suppression comments, not prose.
pub fn extract(text: &str) -> Prose {
    let mut masker = Masker::keep_all(text);
    let mut comments = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(body) = trimmed.strip_prefix("dejargon:") {
            let start = line_start + (line.len() - line.trim_start().len());
            let span = start..start + trimmed.len();
            masker.blank(span.clone());
            comments.push(Comment {
                span,
                body: format!("dejargon-{}", body.trim()),
            });
        }
        line_start += line.len();
    }
    masker.blank_urls_and_emails();
    Prose {
        masked: masker.finish(),
        headings: Vec::new(),
        comments,
    }
}
