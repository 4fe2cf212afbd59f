//! Text helpers that every part of the site shares: slugs, escaping for HTML and XML,
//! and the plain text of rendered HTML.

/// A heading's text as an id: lowercase letters and digits joined by `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            pending_dash = true;
        }
    }
    slug
}

/// Escapes text for HTML and XML, in an attribute or a text node: the five characters
/// that could end either.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    // Copies the runs between special characters whole (all five are ASCII, so byte
    // positions are character boundaries).
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
    out
}

/// The text of rendered HTML, tags removed and entities decoded, spaces collapsed, at most
/// `max_chars` characters (the scan stops there: a large site keeps little of each page).
pub(crate) fn plain_text(html: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    let mut last_space = true;
    let mut chars = html.chars().peekable();
    let mut count = 0;
    while let Some(c) = chars.next() {
        if count >= max_chars {
            break;
        }
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            }
            _ if in_tag => {}
            '&' => {
                let mut entity = String::new();
                while let Some(&n) = chars.peek() {
                    chars.next();
                    if n == ';' || entity.len() > 8 {
                        break;
                    }
                    entity.push(n);
                }
                out.push_str(match entity.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "#39" => "'",
                    _ => " ",
                });
                last_space = false;
            }
            c if c.is_whitespace() => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            }
            c => {
                out.push(c);
                count += 1;
                last_space = false;
            }
        }
    }
    out.replace(" #", "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_text_between_entities() {
        assert_eq!(
            escape("a<b & \"c\" 'd'> é"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt; é"
        );
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn slugs_are_stable() {
        assert_eq!(slugify("Chair’s Summary: 2019!"), "chairs-summary-2019");
        assert_eq!(slugify("A/RES/70/237"), "a-res-70-237");
    }

    #[test]
    fn plain_text_drops_tags_and_decodes() {
        assert_eq!(
            plain_text(
                "<p>A &amp; B</p>\n<h2 id=\"x\">Head <a href=\"#x\">#</a></h2>",
                100
            ),
            "A & B Head"
        );
    }

    #[test]
    fn plain_text_stops_at_its_limit() {
        assert_eq!(plain_text("<p>abcdef</p>", 3), "abc");
    }
}
