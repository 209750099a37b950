//! Word documents: the virtual text built by [`crate::docx`] is already
//! nothing but the document's visible text, one paragraph per line. Only URLs
//! and e-mail addresses are blanked, and every line break stays (a phrase never
//! matches across two paragraphs).

use super::{Heading, Masker, Prose};
use crate::docx::DocxLayout;

/// Extracts the prose of a Word document's virtual text.
pub fn extract(text: &str) -> Prose {
    let mut masker = Masker::keep_all(text);
    masker.blank_urls_and_emails();
    Prose {
        masked: masker.finish_lines(),
        headings: Vec::new(),
        comments: Vec::new(),
    }
}

/// Like [`extract`], with the headings the layout found.
pub fn extract_with_layout(text: &str, layout: &DocxLayout) -> Prose {
    let mut prose = extract(text);
    prose.headings = layout
        .headings
        .iter()
        .map(|h| Heading {
            offset: layout.paragraphs[h.paragraph].start,
            level: h.level,
            title: h.title.clone(),
        })
        .collect();
    prose
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_stay_apart_and_urls_are_blanked() {
        let prose = extract("software as\na service at https://x.io/API\n");
        let blank_url = " ".repeat("https://x.io/API".len());
        assert_eq!(
            prose.masked,
            format!("software as\na service at {blank_url}\n")
        );
    }
}
