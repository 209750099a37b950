//! The matched text and message of a finding, shared by every finding of one
//! document that matched the same text.
//!
//! A document where every word is a term yields a finding per word but only
//! a few hundred distinct matched texts ("API", "APIs", "api"). Allocating
//! each finding's matched text and message anew was about a quarter of the
//! instructions of such a document, all of it in malloc and free. Each
//! distinct matched text is now allocated once per document (not at all when
//! it is the entry's own term), and each of its messages once.
//!
//! The cache lives for one lint call: its keys borrow the document's text, so
//! it needs no copies of them, cannot outlive the text, and does not grow
//! with the number of documents a linter checks.

use std::sync::Arc;

use rustc_hash::FxHashMap;

/// What a finding says after the quoted text it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Says {
    /// The document defines the acronym before this use.
    DefinedEarlier,
    Acronym,
    Buzzword,
    Jargon,
}

impl Says {
    /// Number of kinds, the length of a [`Spelling`]'s message table.
    const COUNT: usize = 4;

    /// The words after the quoted text, with their leading space.
    pub fn rest(self) -> &'static str {
        match self {
            Says::DefinedEarlier => " is defined earlier; plain words still read better",
            Says::Acronym => " is an acronym your readers may not know",
            Says::Buzzword => " is a buzzword that hides the meaning",
            Says::Jargon => " is technical jargon",
        }
    }
}

/// One distinct matched text and the messages about it built so far.
#[derive(Debug)]
struct Spelling {
    matched: Arc<str>,
    /// Indexed by [`Says`].
    messages: [Option<Arc<str>>; Says::COUNT],
}

/// The shared matched texts and messages of one document's findings.
#[derive(Debug, Default)]
pub struct MatchTexts<'t> {
    /// Keyed by the matched text itself, borrowed from the document.
    by_text: FxHashMap<&'t str, Spelling>,
    /// Where a message is put together before it is copied into its `Arc`:
    /// one allocation per message instead of two.
    scratch: String,
}

impl<'t> MatchTexts<'t> {
    /// A cache sized for about `findings` findings: a dense document has
    /// far fewer distinct texts than findings, so the size is capped.
    pub fn with_capacity(findings: usize) -> Self {
        MatchTexts {
            by_text: FxHashMap::with_capacity_and_hasher(findings.min(256), Default::default()),
            scratch: String::new(),
        }
    }

    /// The matched text and the message `"{matched}"{says}` of a finding,
    /// shared with every earlier finding of this document that matched the
    /// same text. `term` is the entry's term, reused when it is spelled
    /// exactly as matched (the common case in ordinary prose).
    pub fn get(&mut self, matched: &'t str, says: Says, term: &Arc<str>) -> (Arc<str>, Arc<str>) {
        let spelling = self.by_text.entry(matched).or_insert_with(|| Spelling {
            matched: same_or_new(term, matched),
            messages: Default::default(),
        });
        let message = match &spelling.messages[says as usize] {
            Some(message) => message.clone(),
            None => {
                let message = quoted_then(&mut self.scratch, matched, says.rest());
                spelling.messages[says as usize] = Some(message.clone());
                message
            }
        };
        (spelling.matched.clone(), message)
    }

    /// `"{quoted}"{rest}`, not cached: for messages each document says once.
    pub fn message(&mut self, quoted: &str, rest: &str) -> Arc<str> {
        quoted_then(&mut self.scratch, quoted, rest)
    }
}

/// `text` as an `Arc`: a clone of `known` if it holds the same text, else a
/// new allocation.
pub fn same_or_new(known: &Arc<str>, text: &str) -> Arc<str> {
    if **known == *text {
        known.clone()
    } else {
        Arc::from(text)
    }
}

/// `"{quoted}"{rest}`, put together in `scratch` without the formatting
/// machinery (it runs once per distinct message, and a document may have
/// thousands).
fn quoted_then(scratch: &mut String, quoted: &str, rest: &str) -> Arc<str> {
    scratch.clear();
    scratch.push('"');
    scratch.push_str(quoted);
    scratch.push('"');
    scratch.push_str(rest);
    Arc::from(scratch.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_share_one_allocation_and_the_term_is_reused() {
        let term: Arc<str> = Arc::from("API");
        let text = String::from("API APIs API APIs");
        let mut texts = MatchTexts::with_capacity(4);
        let (a, a_says) = texts.get(&text[0..3], Says::Acronym, &term);
        let (b, b_says) = texts.get(&text[4..8], Says::Acronym, &term);
        let (c, c_says) = texts.get(&text[9..12], Says::Acronym, &term);
        let (d, d_says) = texts.get(&text[13..17], Says::DefinedEarlier, &term);
        assert!(Arc::ptr_eq(&a, &term));
        assert!(Arc::ptr_eq(&a, &c) && Arc::ptr_eq(&a_says, &c_says));
        assert!(Arc::ptr_eq(&b, &d) && !Arc::ptr_eq(&b_says, &d_says));
        assert_eq!(&*a_says, "\"API\" is an acronym your readers may not know");
        assert_eq!(&*b, "APIs");
        assert_eq!(
            &*d_says,
            "\"APIs\" is defined earlier; plain words still read better"
        );
        assert_eq!(&*texts.message("X", " y"), "\"X\" y");
    }
}
