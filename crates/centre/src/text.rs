//! Plain centre texts with their email and web addresses found, so pages can link them
//! without the config ever containing HTML.

/// A piece of a plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Ordinary text.
    Text(&'a str),
    /// An email address, e.g. `dilas@soest.de`.
    Email(&'a str),
    /// A web address as written, e.g. `www.ldi.nrw.de` or `https://example.org/a`.
    Web(&'a str),
}

impl<'a> Segment<'a> {
    /// The piece of text as written.
    pub fn text(&self) -> &'a str {
        match *self {
            Segment::Text(text) | Segment::Email(text) | Segment::Web(text) => text,
        }
    }

    /// The link target for an address (`mailto:…`, `https://…`), `None` for plain text.
    ///
    /// ```
    /// use lernort_centre::text::Segment;
    /// assert_eq!(Segment::Web("www.ldi.nrw.de").href().as_deref(), Some("https://www.ldi.nrw.de"));
    /// assert_eq!(Segment::Email("a@b.de").href().as_deref(), Some("mailto:a@b.de"));
    /// ```
    pub fn href(&self) -> Option<String> {
        match self {
            Segment::Text(_) => None,
            Segment::Email(address) => Some(format!("mailto:{address}")),
            Segment::Web(address) if address.starts_with("www.") => {
                Some(format!("https://{address}"))
            }
            Segment::Web(address) => Some(address.to_string()),
        }
    }
}

/// Splits `text` at email and web addresses. Sentence punctuation after an address
/// (`.` `,` `;` `:` `)` …) stays text.
///
/// ```
/// use lernort_centre::text::{segments, Segment};
/// assert_eq!(
///     segments("Schreiben Sie an dilas@soest.de oder besuchen Sie www.soest.de."),
///     vec![
///         Segment::Text("Schreiben Sie an "),
///         Segment::Email("dilas@soest.de"),
///         Segment::Text(" oder besuchen Sie "),
///         Segment::Web("www.soest.de"),
///         Segment::Text("."),
///     ]
/// );
/// ```
pub fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut word_start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if !c.is_whitespace() && !matches!(c, '(' | '<' | '"' | '„' | '“') {
            continue;
        }
        let word = &text[word_start..i];
        let trimmed = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '“']);
        let found = if is_email(trimmed) {
            Some(Segment::Email(trimmed))
        } else if is_web(trimmed) {
            Some(Segment::Web(trimmed))
        } else {
            None
        };
        if let Some(segment) = found {
            if plain_from < word_start {
                out.push(Segment::Text(&text[plain_from..word_start]));
            }
            out.push(segment);
            plain_from = word_start + trimmed.len();
        }
        word_start = i + c.len_utf8();
    }
    if plain_from < text.len() {
        out.push(Segment::Text(&text[plain_from..]));
    }
    out
}

fn is_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b))
        && is_domain(domain)
}

fn is_web(word: &str) -> bool {
    let rest = word
        .strip_prefix("https://")
        .or_else(|| word.strip_prefix("http://"))
        .or_else(|| word.starts_with("www.").then_some(word));
    rest.is_some_and(|rest| is_domain(rest.split(['/', '?', '#']).next().unwrap_or_default()))
}

fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_stays_whole() {
        assert_eq!(
            segments("Stand: 21.11.2026, Version 1.2."),
            vec![Segment::Text("Stand: 21.11.2026, Version 1.2.")]
        );
        assert_eq!(segments(""), vec![]);
        assert_eq!(segments("a@b"), vec![Segment::Text("a@b")]);
        assert_eq!(segments("@soest.de"), vec![Segment::Text("@soest.de")]);
    }

    #[test]
    fn addresses_in_brackets_and_at_the_ends() {
        use Segment::{Email, Text, Web};
        for (text, expected) in [
            (
                "(https://www.ldi.nrw.de/kontakt)",
                vec![Text("("), Web("https://www.ldi.nrw.de/kontakt"), Text(")")],
            ),
            ("datenschutz@soest.de", vec![Email("datenschutz@soest.de")]),
            (
                "E-Mail: a.b@stadt-soest.de; Telefon",
                vec![
                    Text("E-Mail: "),
                    Email("a.b@stadt-soest.de"),
                    Text("; Telefon"),
                ],
            ),
        ] {
            assert_eq!(segments(text), expected, "{text}");
        }
    }

    #[test]
    fn pieces_add_up_to_the_text() {
        let text = "Fragen? info@dilas.de – oder www.soest.de/dilas, Mo–Fr.";
        let joined: String = segments(text).iter().map(Segment::text).collect();
        assert_eq!(joined, text);
    }
}
