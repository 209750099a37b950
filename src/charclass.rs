//! Character classes shared by the lexer and the acronym scanner.
//!
//! The one rule that matters: a Latin-script term must stand as a whole word,
//! but CJK text has no spaces, so a CJK character next to a Latin term is a
//! word boundary ("把ERP系统"). `\b` in regex would not treat it as one.

/// True for characters of scripts written without spaces between words: Han,
/// kana, Hangul, and the full-width forms used in CJK text.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // hiragana, katakana
        | 0x3100..=0x31FF    // bopomofo, kana extensions
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF00..=0xFFEF    // half- and full-width forms
        | 0x20000..=0x3134F) // extensions B–G
}

/// True for Han ideographs only (used to guess that a sentence is Chinese).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// True for characters that continue a Latin-script word: letters and digits
/// of alphabetic scripts, and `_` (identifiers). CJK characters are not.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        // The CJK test first: it is a few comparisons, and most non-ASCII
        // characters in the texts checked are CJK; `is_alphanumeric` is a
        // search in Unicode tables.
        !is_cjk(c) && c.is_alphanumeric()
    }
}

/// The character that ends just before byte `at` of `text`.
pub fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

/// The character that starts at byte `at` of `text`.
pub fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_cjk('中') && is_cjk('，') && is_cjk('（') && is_cjk('カ'));
        assert!(!is_cjk('a') && !is_cjk('é'));
        assert!(is_word_char('a') && is_word_char('é') && is_word_char('7') && is_word_char('_'));
        assert!(!is_word_char('中') && !is_word_char('-') && !is_word_char(' '));
        assert_eq!(char_before("a中b", 4), Some('中'));
        assert_eq!(char_at("a中b", 1), Some('中'));
        assert_eq!(char_before("abc", 0), None);
    }
}
