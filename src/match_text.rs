//! What a finding says (the text it matched, its message and its entry's
//! text), shared by every finding of one document that says the same.
//!
//! A document where every word is a term yields a finding per word but only
//! a few hundred distinct matched texts ("API", "APIs", "api"). Allocating
//! each finding's matched text and message anew was about a quarter of the
//! instructions of such a document, all of it in malloc and free; holding
//! them as three reference-counted texts per finding made a finding 96
//! bytes, and the counting and the page faults of those bytes a fifth of
//! the run. A finding now holds one [`Wording`], made once per document
//! for each matched text, entry and message.
//!
//! The cache lives for one lint call: its keys borrow the document's text, so
//! it needs no copies of them, cannot outlive the text, and does not grow
//! with the number of documents a linter checks.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::dictionary::EntryId;
use crate::entry_text::EntryText;

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
    /// Number of kinds, the length of a cache entry's table.
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

/// The texts of a finding: what it matched, what it says, and what its
/// entry explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// The exact text matched.
    pub matched: Arc<str>,
    pub message: Box<str>,
    /// The term, explanation, suggestions, category, dictionary name and
    /// safe fix.
    pub about: Arc<EntryText>,
    /// The dictionary entry the finding is of; none for an acronym no
    /// dictionary knows.
    pub entry: Option<EntryId>,
}

impl Wording {
    /// The wording `"{quoted}"{rest}` of a finding of `entry` that matched
    /// `matched`. The entry's term is reused for the matched text when it is
    /// spelled exactly as matched (the common case in ordinary prose).
    pub fn new(
        matched: &str,
        quoted: &str,
        rest: &str,
        about: &Arc<EntryText>,
        entry: Option<EntryId>,
    ) -> Wording {
        Wording {
            matched: same_or_new(&about.term, matched),
            message: quoted_then(quoted, rest),
            about: about.clone(),
            entry,
        }
    }
}

/// The shared wordings of one document's findings.
#[derive(Debug, Default)]
pub struct MatchTexts<'t> {
    /// Keyed by the matched text itself, borrowed from the document, and the
    /// entry; indexed by [`Says`].
    by_text: FxHashMap<(&'t str, EntryId), [Option<Arc<Wording>>; Says::COUNT]>,
}

impl<'t> MatchTexts<'t> {
    /// A cache sized for about `findings` findings: a dense document has
    /// far fewer distinct texts than findings, so the size is capped.
    pub fn with_capacity(findings: usize) -> Self {
        MatchTexts {
            by_text: FxHashMap::with_capacity_and_hasher(findings.min(256), Default::default()),
        }
    }

    /// The wording `"{matched}"{says}` of a finding of entry `entry`, whose
    /// text is `about`, shared with every earlier finding of this document
    /// that said the same of the same text.
    pub fn get(
        &mut self,
        matched: &'t str,
        says: Says,
        entry: EntryId,
        about: &Arc<EntryText>,
    ) -> Arc<Wording> {
        let wordings = self.by_text.entry((matched, entry)).or_default();
        wordings[says as usize]
            .get_or_insert_with(|| {
                Arc::new(Wording::new(
                    matched,
                    matched,
                    says.rest(),
                    about,
                    Some(entry),
                ))
            })
            .clone()
    }
}

/// `text` as an `Arc`: a clone of `known` if it holds the same text, else a
/// new allocation.
fn same_or_new(known: &Arc<str>, text: &str) -> Arc<str> {
    if **known == *text {
        known.clone()
    } else {
        Arc::from(text)
    }
}

/// `"{quoted}"{rest}` in one allocation of the exact size, without the
/// formatting machinery (it runs once per distinct message, and a document
/// may have thousands).
fn quoted_then(quoted: &str, rest: &str) -> Box<str> {
    let mut message = String::with_capacity(quoted.len() + 2 + rest.len());
    message.push('"');
    message.push_str(quoted);
    message.push('"');
    message.push_str(rest);
    message.into_boxed_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about(term: &str) -> Arc<EntryText> {
        Arc::new(EntryText {
            term: term.into(),
            ..Default::default()
        })
    }

    #[test]
    fn repeats_share_one_allocation_and_the_term_is_reused() {
        let api = about("API");
        let other = about("API");
        let text = String::from("API APIs API APIs API");
        let mut texts = MatchTexts::with_capacity(4);
        let a = texts.get(&text[0..3], Says::Acronym, 1, &api);
        let b = texts.get(&text[4..8], Says::Acronym, 1, &api);
        let c = texts.get(&text[9..12], Says::Acronym, 1, &api);
        let d = texts.get(&text[13..17], Says::DefinedEarlier, 1, &api);
        let e = texts.get(&text[18..21], Says::Acronym, 2, &other);
        assert!(Arc::ptr_eq(&a.matched, &api.term));
        assert!(Arc::ptr_eq(&a, &c));
        assert!(!Arc::ptr_eq(&b, &d) && !Arc::ptr_eq(&a, &e));
        assert!(Arc::ptr_eq(&e.about, &other));
        assert_eq!(
            &*a.message,
            "\"API\" is an acronym your readers may not know"
        );
        assert_eq!(&*b.matched, "APIs");
        assert_eq!(
            &*d.message,
            "\"APIs\" is defined earlier; plain words still read better"
        );
        assert_eq!(
            &*Wording::new("Xs", "X", " y", &api, None).message,
            "\"X\" y"
        );
        assert_eq!((a.entry, e.entry), (Some(1), Some(2)));
    }
}
