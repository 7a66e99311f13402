//! The file as lines, before calcard sees it: unfolded as bytes (RFC 5545 §3.1 lets a
//! fold split a UTF-8 character, which only joining the bytes restores), decoded (UTF-8,
//! or Windows-1252 when a line is not UTF-8), and remembered with their line numbers, so
//! that every message can name the line in the provider's file.

/// The logical lines of a calendar with the number (from 1) of the physical line each
/// starts on.
pub(crate) struct Lines {
    pub(crate) lines: Vec<(usize, String)>,
}

/// Unfolds content lines as bytes, before anything is decoded. Each line with the number
/// (from 1) of its first physical line.
///
/// ```
/// use lernort_ical::unfold_bytes;
/// // "Mü" folded between the two bytes of "ü".
/// let lines = unfold_bytes(b"SUMMARY:M\xC3\r\n \xBCnster\r\nEND:VEVENT\r\n");
/// assert_eq!(lines, [(1, "SUMMARY:Münster".as_bytes().to_vec()), (3, b"END:VEVENT".to_vec())]);
/// ```
pub fn unfold_bytes(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut lines: Vec<(usize, Vec<u8>)> = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if let Some((&(b' ' | b'\t'), rest)) = raw.split_first() {
            if let Some((_, last)) = lines.last_mut() {
                last.extend_from_slice(rest);
                continue;
            }
        }
        if !raw.is_empty() {
            lines.push((i + 1, raw.to_vec()));
        }
    }
    lines
}

impl Lines {
    /// Unfolds and decodes a file (a UTF-8 byte order mark is dropped).
    pub(crate) fn of(bytes: &[u8]) -> Lines {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let raw = unfold_bytes(bytes);
        let utf8 = raw
            .iter()
            .all(|(_, line)| std::str::from_utf8(line).is_ok());
        let lines = raw
            .into_iter()
            .map(|(number, line)| {
                let text = if utf8 {
                    String::from_utf8(line).unwrap_or_default()
                } else {
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(&line)
                        .0
                        .into_owned()
                };
                (number, text)
            })
            .collect();
        Lines { lines }
    }

    /// The unfolded text for calcard: one logical line per line.
    pub(crate) fn text(&self) -> String {
        let mut text = String::new();
        for (_, line) in &self.lines {
            text.push_str(line);
            text.push_str("\r\n");
        }
        text
    }

    /// The index of each `BEGIN:` line, in order: calcard numbers components in the order
    /// their `BEGIN` appears, so component `i` begins at the `i`-th of these. With the
    /// component's name, to check that the two agree.
    pub(crate) fn begins(&self) -> Vec<(usize, String)> {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(index, (_, line))| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("BEGIN")
                    .then(|| (index, value.trim().to_ascii_uppercase()))
            })
            .collect()
    }

    /// The physical line number of the first property `name` of the component that
    /// begins at logical line `begin` (not of a component nested in it).
    pub(crate) fn property_line(&self, begin: usize, name: &str) -> Option<usize> {
        let mut depth = 0usize;
        for (number, line) in self.lines.iter().skip(begin + 1) {
            let property = property_name(line);
            if property.eq_ignore_ascii_case("BEGIN") {
                depth += 1;
            } else if property.eq_ignore_ascii_case("END") {
                if depth == 0 {
                    return None;
                }
                depth -= 1;
            } else if depth == 0 && property.eq_ignore_ascii_case(name) {
                return Some(*number);
            }
        }
        None
    }

    /// The value as written (after the first `:` outside quotes) of that property.
    pub(crate) fn raw_value(&self, begin: usize, name: &str) -> Option<&str> {
        let number = self.property_line(begin, name)?;
        let (_, line) = self.lines.iter().find(|(n, _)| *n == number)?;
        let mut quoted = false;
        for (i, c) in line.char_indices() {
            match c {
                '"' => quoted = !quoted,
                ':' if !quoted => return Some(line[i + 1..].trim()),
                _ => {}
            }
        }
        None
    }

    /// The physical line number of logical line `index`.
    pub(crate) fn number(&self, index: usize) -> usize {
        self.lines.get(index).map_or(1, |(number, _)| *number)
    }
}

/// A content line's name: up to the first `;` or `:`.
fn property_name(line: &str) -> &str {
    line.split([';', ':']).next().unwrap_or("").trim()
}
