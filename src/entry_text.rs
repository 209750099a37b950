//! The text a finding carries from its dictionary entry, allocated once.
//!
//! A document where every word is a term yields hundreds of thousands of
//! findings of a few hundred entries. Copying each entry's explanation,
//! suggestions and names into every finding made those documents about
//! seventeen times slower per byte than ordinary prose; a finding now shares
//! its entry's text by reference count, prepared once when the linter is built.

use std::sync::Arc;

use crate::dictionary::{Dictionary, EntryId};

/// One entry's finding text, shared by every finding of that entry.
#[derive(Debug, Clone)]
pub struct EntryText {
    pub term: Arc<str>,
    pub explanation: Arc<str>,
    pub suggestions: Arc<[String]>,
    pub category: Arc<str>,
    /// The `name` of the dictionary the entry comes from.
    pub dictionary: Arc<str>,
    pub fix: Option<Arc<str>>,
}

/// The [`EntryText`] of every entry of a dictionary, indexed by [`EntryId`].
#[derive(Debug, Clone, Default)]
pub struct EntryTexts(Vec<EntryText>);

impl EntryTexts {
    pub fn new(dictionary: &Dictionary) -> Self {
        // Entries of one dictionary file share one name.
        let names: Vec<Arc<str>> = dictionary
            .sources
            .iter()
            .map(|s| Arc::from(s.name.as_str()))
            .collect();
        let texts = dictionary
            .entries
            .iter()
            .map(|entry| EntryText {
                term: Arc::from(entry.term.as_str()),
                explanation: Arc::from(entry.explanation.as_str()),
                suggestions: Arc::from(entry.suggestions.as_slice()),
                category: Arc::from(entry.category.as_str()),
                dictionary: names[entry.source].clone(),
                fix: entry.fix.as_deref().map(Arc::from),
            })
            .collect();
        EntryTexts(texts)
    }

    pub fn get(&self, id: EntryId) -> &EntryText {
        &self.0[id]
    }
}
