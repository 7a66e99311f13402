//! The one HTML escaper of the workspace. Everything that writes markup as text — the
//! static pages (`lernort-dist`), a course's details (`lernort_catalogue::markup`), the
//! floor plan (`lernort-floor-view`) and the gateway's own error pages — puts every
//! value it did not write itself through [`escape`] or [`push_escaped`].
//!
//! Attribute values are always written in double quotes, so `'` needs no escaping.

/// `text` safe as element content and as a double-quoted attribute value.
///
/// ```
/// assert_eq!(lernort_html::escape(r#"<b>"A&B's"</b>"#), "&lt;b&gt;&quot;A&amp;B's&quot;&lt;/b&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape`] does.
pub fn push_escaped(out: &mut String, text: &str) {
    // A byte loop rather than a `char` pattern: the wasm pays for every generic search.
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_and_nothing_else_is_replaced() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("Grüße – ok"), "Grüße – ok");
        assert_eq!(
            escape("&&<<>>\"\""),
            "&amp;&amp;&lt;&lt;&gt;&gt;&quot;&quot;"
        );
        assert_eq!(escape("a&amp;b"), "a&amp;amp;b");
        let mut out = String::from("<p>");
        push_escaped(&mut out, "x<y");
        assert_eq!(out, "<p>x&lt;y");
    }
}
