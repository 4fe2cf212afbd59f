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
    for_each_escaped_piece(text, |piece| out.push_str(piece));
    out
}

/// [`escape`], written into `out`: tera escapes a page's variables so, straight into the
/// page, without a string for each.
pub(crate) fn escape_into(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if !needs_escaping(text.as_bytes()) {
        return out.write_all(text.as_bytes());
    }
    let mut result = Ok(());
    for_each_escaped_piece(text, |piece| {
        if result.is_ok() {
            result = out.write_all(piece.as_bytes());
        }
    });
    result
}

/// The five characters [`escape`] replaces (`for_each_escaped_piece` gives each its entity).
const ESCAPED: [u8; 5] = [b'&', b'<', b'>', b'"', b'\''];

/// Whether `text` holds one of the five characters [`escape`] replaces, read eight bytes
/// at a time: most of what a page escapes (titles, URLs, dates) holds none, and a byte at a
/// time was 5 % of a build of one-sentence pages.
fn needs_escaping(text: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `word` is `byte`: that byte of `word ^ (byte × ONES)` is zero, and
    // `x - ONES & !x & HIGHS` is not zero exactly when a byte of `x` is.
    let holds = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    };
    let mut words = text.chunks_exact(8);
    for chunk in &mut words {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(chunk);
        let word = u64::from_le_bytes(bytes);
        if ESCAPED.into_iter().any(|b| holds(word, b)) {
            return true;
        }
    }
    words.remainder().iter().any(|b| ESCAPED.contains(b))
}

/// The escaped text, piece by piece: the runs between special characters whole (all five
/// are ASCII, so byte positions are character boundaries), each special one as its entity.
fn for_each_escaped_piece(text: &str, mut piece: impl FnMut(&str)) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        if last < i {
            piece(&text[last..i]);
        }
        piece(entity);
        last = i + 1;
    }
    if last < text.len() {
        piece(&text[last..]);
    }
}

/// The text of rendered HTML, tags removed and entities decoded, spaces collapsed, at most
/// `max_chars` characters (the scan stops there: a large site keeps little of each page).
/// Runs of plain ASCII are copied whole: every page's search entry is read so.
pub(crate) fn plain_text(html: &str, max_chars: usize) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len().min(max_chars.saturating_mul(2)));
    let mut last_space = true;
    let mut count = 0;
    let mut i = 0;
    let space = |out: &mut String, last_space: &mut bool| {
        if !*last_space {
            out.push(' ');
            *last_space = true;
        }
    };
    while i < bytes.len() && count < max_chars {
        match bytes[i] {
            // A tag ends at the next `>`; one that never ends hides the rest.
            b'<' => match html[i..].find('>') {
                Some(end) => {
                    i += end + 1;
                    space(&mut out, &mut last_space);
                }
                None => break,
            },
            b'&' => {
                i = decode_entity(html, i, &mut out);
                last_space = false;
            }
            b if is_plain_ascii(b) => {
                let run = bytes[i..]
                    .iter()
                    .take(max_chars - count)
                    .take_while(|&&b| is_plain_ascii(b))
                    .count();
                out.push_str(&html[i..i + run]);
                count += run;
                i += run;
                last_space = false;
            }
            _ => {
                let c = html[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                if c.is_whitespace() {
                    space(&mut out, &mut last_space);
                } else {
                    out.push(c);
                    count += 1;
                    last_space = false;
                }
            }
        }
    }
    out.replace(" #", "").trim().to_string()
}

/// An ASCII character that [`plain_text`] copies as it is: not a tag's or an entity's
/// start, not a space.
fn is_plain_ascii(b: u8) -> bool {
    b.is_ascii() && b != b'<' && b != b'&' && !char::from(b).is_whitespace()
}

/// The entity at `amp` in `html` (its name up to `;`, or the first 9 characters and the
/// one after them), decoded into `out` (an unknown one as a space): where the text goes on.
fn decode_entity(html: &str, amp: usize, out: &mut String) -> usize {
    let mut name = String::new();
    let mut end = html.len();
    for (k, c) in html[amp + 1..].char_indices() {
        if c == ';' || name.len() > 8 {
            end = amp + 1 + k + c.len_utf8();
            break;
        }
        name.push(c);
    }
    out.push_str(match name.as_str() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "#39" => "'",
        _ => " ",
    });
    end
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
    fn the_word_scan_finds_each_special_character_wherever_it_is() {
        // Every special character, and bytes next to them in value (a borrow in the word
        // arithmetic could make a neighbour look like one), at every place of texts from
        // 0 to 20 bytes, beside multi-byte characters.
        let fillers = ["a", "é", "\u{7f}", "%", "=", "?", "(", "\u{ff}"];
        for len in 0..20 {
            for filler in fillers {
                let plain = filler.repeat(len);
                assert!(!needs_escaping(plain.as_bytes()), "{plain:?}");
                for special in ["&", "<", ">", "\"", "'"] {
                    for at in 0..=len {
                        let text =
                            format!("{}{special}{}", filler.repeat(at), filler.repeat(len - at));
                        assert!(needs_escaping(text.as_bytes()), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn escaping_into_writes_what_escape_returns() {
        for text in ["a<b & \"c\" 'd'> é", "plain", "", "&", "<<>>", "é'"] {
            let mut out = Vec::new();
            escape_into(text, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), escape(text), "{text:?}");
        }
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
        // A no-break space is a space; spaces are not counted.
        assert_eq!(plain_text("<p>ab é\u{a0}cd</p>", 4), "ab é c");
    }

    #[test]
    fn plain_text_decodes_entities_and_collapses_every_space() {
        // An entity's name is read for 9 characters at most, and the one after them is
        // dropped; an unknown one is a space; a tag that never ends hides the rest.
        assert_eq!(
            plain_text(
                "a&lt;b&gt; &quot;c&quot;\t\u{b}\u{2003}d&#39;&unknownentity;e <b",
                100
            ),
            "a<b> \"c\" d' ity;e"
        );
    }
}
