//! The text a finding carries from its dictionary entry, allocated once.
//!
//! A document where every word is a term yields hundreds of thousands of
//! findings of a few hundred entries. Copying each entry's explanation,
//! suggestions and names into every finding made those documents about
//! seventeen times slower per byte than ordinary prose; a finding now shares
//! its entry's text by reference count, prepared once per entry, when the
//! entry's first finding is made: a run over a few files meets a few dozen of
//! the dictionary's thousands of entries, and preparing them all was 6% of
//! a one-file run.

use std::sync::{Arc, OnceLock};

use crate::dictionary::{Dictionary, EntryId};

/// One entry's finding text, shared by every finding of that entry (or, for
/// an acronym no dictionary knows, by the document's findings of it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryText {
    pub term: Arc<str>,
    pub explanation: Arc<str>,
    pub suggestions: Arc<[String]>,
    pub category: Arc<str>,
    /// The `name` of the dictionary the entry comes from.
    pub dictionary: Option<Arc<str>>,
    /// The entry's safe fix, before the checks of each finding.
    pub fix: Option<Arc<str>>,
}

/// The [`EntryText`] of every entry of a dictionary, indexed by [`EntryId`],
/// each made on first use.
#[derive(Debug, Clone, Default)]
pub struct EntryTexts {
    /// Entries of one dictionary file share one name.
    names: Vec<Arc<str>>,
    texts: Vec<OnceLock<Arc<EntryText>>>,
}

impl EntryTexts {
    pub fn new(dictionary: &Dictionary) -> Self {
        EntryTexts {
            names: dictionary
                .sources
                .iter()
                .map(|s| Arc::from(s.name.as_str()))
                .collect(),
            texts: (0..dictionary.entries.len())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The text of entry `id`; `dictionary` must be the one this was made for.
    pub fn get(&self, dictionary: &Dictionary, id: EntryId) -> &Arc<EntryText> {
        self.texts[id].get_or_init(|| {
            let entry = &dictionary.entries[id];
            Arc::new(EntryText {
                term: Arc::from(&*entry.term),
                explanation: Arc::from(&*entry.explanation),
                suggestions: entry.suggestions.iter().map(|s| s.to_string()).collect(),
                category: Arc::from(&*entry.category),
                dictionary: Some(self.names[entry.source].clone()),
                fix: entry.fix.as_deref().map(Arc::from),
            })
        })
    }
}
