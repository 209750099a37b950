//! Finds where a value sits in a JSON text, so that errors found after parsing
//! (an empty suggestion list, a duplicate term) can still name a line and column.
//!
//! serde_json reports positions for syntax and type errors only; it keeps no
//! spans for values it parsed successfully. The text has already been parsed, so
//! this scanner can assume it is valid JSON and stay small.

/// One step of a path into a JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Byte offset of the value at `path` in the valid JSON `text`, or of the
/// deepest value on the path that exists.
pub fn locate(text: &str, path: &[Step<'_>]) -> usize {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    scanner.skip_ws();
    let mut found = scanner.pos;
    for step in path {
        match scanner.enter(*step) {
            Some(at) => found = at,
            None => break,
        }
    }
    found
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.pos += 1;
        }
    }

    /// Moves from the start of a container value to the start of its child
    /// `step`; returns the child's offset.
    fn enter(&mut self, step: Step<'_>) -> Option<usize> {
        let open = *self.bytes.get(self.pos)?;
        self.pos += 1;
        let mut index = 0;
        loop {
            self.skip_ws();
            match self.bytes.get(self.pos)? {
                b'}' | b']' => return None,
                b',' => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let is_target = match (open, step) {
                (b'{', Step::Key(key)) => {
                    let name = self.string()?;
                    self.skip_ws();
                    self.pos += 1; // the colon
                    self.skip_ws();
                    &self.bytes[name] == key.as_bytes()
                }
                (b'[', Step::Index(i)) => {
                    index += 1;
                    index - 1 == i
                }
                _ => return None,
            };
            if is_target {
                return Some(self.pos);
            }
            self.skip_value()?;
        }
    }

    /// Reads a string token and returns the range of its raw (still escaped) content.
    fn string(&mut self) -> Option<std::ops::Range<usize>> {
        let start = self.pos + 1;
        let mut i = start;
        loop {
            match *self.bytes.get(i)? {
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        Some(start..i)
    }

    fn skip_value(&mut self) -> Option<()> {
        match *self.bytes.get(self.pos)? {
            b'"' => {
                self.string()?;
            }
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match *self.bytes.get(self.pos)? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while self
                    .bytes
                    .get(self.pos)
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text =
            r#"{"a": 1, "entries": [ {"term": "x\"}", "s": []}, {"term": "IDC", "s": [ "y" ]} ]}"#;
        let at = locate(
            text,
            &[Step::Key("entries"), Step::Index(1), Step::Key("term")],
        );
        assert_eq!(&text[at..at + 5], "\"IDC\"");
        let at = locate(
            text,
            &[Step::Key("entries"), Step::Index(1), Step::Key("s")],
        );
        assert_eq!(&text[at..at + 3], "[ \"");
    }

    #[test]
    fn missing_steps_stop_at_the_deepest_found() {
        let text = r#"{"entries": [{"term": "x"}]}"#;
        let at = locate(
            text,
            &[Step::Key("entries"), Step::Index(0), Step::Key("nope")],
        );
        assert_eq!(&text[at..at + 1], "{");
    }
}
