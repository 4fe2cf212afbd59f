//! What a UN document symbol is: its one written form, its slug, the URL of its page and
//! of its official record, and finding symbols in prose. A leaf: the site graph and the
//! Markdown use it, and it uses nothing of theirs.

use crate::text::slugify;
use std::ops::Range;

/// A UN document symbol as a page cites it: normalised ([`normalise_symbol`]), and where
/// it is written in the file (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    pub(crate) symbol: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// A UN document symbol in the one form that every page, list and index uses: trimmed,
/// without the reissue mark `*`, in the case the UN writes symbols in — capitals, but for
/// the parts it writes with one (`Rev.1`, `Add.2`, `Corr.1`, `Amend.1`, `Sub.2`,
/// `Misc.3`): `a/c.1/73/l.27/rev.1*` is `A/C.1/73/L.27/Rev.1`. Spellings that differ only
/// in these ways are one document, with one page.
pub(crate) fn normalise_symbol(symbol: &str) -> String {
    const TITLE_CASE: [&str; 6] = ["Rev", "Add", "Corr", "Amend", "Sub", "Misc"];
    let symbol = symbol.trim().trim_end_matches('*').trim_end();
    // Written part by part into one string: pages name documents tens of thousands of
    // times on a large site.
    let mut normal = String::with_capacity(symbol.len());
    let mut rest = symbol;
    loop {
        let end = rest.find(['/', '.']).unwrap_or(rest.len());
        let part = &rest[..end];
        match TITLE_CASE.iter().find(|t| t.eq_ignore_ascii_case(part)) {
            Some(title) => normal.push_str(title),
            None => normal.extend(part.chars().map(|c| c.to_ascii_uppercase())),
        }
        let Some(separator) = rest[end..].chars().next() else {
            break;
        };
        normal.push(separator);
        rest = &rest[end + 1..];
    }
    normal
}

/// The slug of a UN symbol: `A/RES/70/237` → `a-res-70-237`, the name of its page's
/// folder and its anchor on the documents page.
pub(crate) fn symbol_slug(symbol: &str) -> String {
    slugify(symbol)
}

/// The page of a UN document, root-relative: `documents/a-res-70-237/index.html`.
pub(crate) fn document_url(symbol: &str) -> String {
    format!("documents/{}/index.html", symbol_slug(symbol))
}

/// UN document symbols in `text`: `A/70/174`, `A/RES/70/237`, `A/AC.290/2021/CRP.2`,
/// `S/2019/1`. A symbol starts with a principal organ's letter, has at least two more
/// segments separated by `/`, one of them a number. A final `.` or `,` is punctuation; a
/// final `*` (a reissue mark) is kept in the text. Each symbol is returned normalised.
///
/// The organ's letter is always just before a `/`, so the scan goes from slash to slash
/// (`match_indices` finds them with `memchr`) rather than byte by byte: it reads every
/// page's prose, and few of its bytes are slashes.
pub fn find_symbols(text: &str) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Symbols do not overlap: a slash inside the last one found starts nothing.
    let mut next = 0;
    for (slash, _) in text.match_indices('/') {
        let Some(i) = slash.checked_sub(1) else {
            continue;
        };
        let starts_symbol = i >= next
            && slash + 1 < bytes.len()
            && matches!(bytes[i], b'A' | b'S' | b'E')
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'/'));
        if !starts_symbol {
            continue;
        }
        if let Some((range, symbol)) = symbol_at(text, i) {
            next = range.end;
            found.push((range, symbol));
        }
    }
    found
}

/// The symbol that starts at `i` (an organ's letter before a `/`), if what follows makes
/// one: its range in `text`, its reissue mark included, and its normal form.
fn symbol_at(text: &str, i: usize) -> Option<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut end = i + 1;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'/' | b'.' | b'-'))
    {
        end += 1;
    }
    while end > i && matches!(bytes[end - 1], b'.' | b'/' | b'-') {
        end -= 1;
    }
    let candidate = &text[i..end];
    let segments: Vec<&str> = candidate.split('/').collect();
    let valid = segments.len() >= 3
        && segments.iter().all(|s| !s.is_empty())
        && segments[1..]
            .iter()
            .any(|s| s.bytes().all(|b| b.is_ascii_digit()));
    if !valid {
        return None;
    }
    let shown_end = if bytes.get(end) == Some(&b'*') {
        end + 1
    } else {
        end
    };
    Some((i..shown_end, normalise_symbol(candidate)))
}

/// The official record of a UN document.
pub(crate) fn official_url(symbol: &str) -> String {
    format!("https://undocs.org/{symbol}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_scanner_ignores_lookalikes() {
        assert!(find_symbols("and/or A/B testing, IPv4/IPv6, DATA/2019/x").is_empty());
        let found: Vec<String> = find_symbols("see A/AC.290/2021/CRP.2, S/2019/1")
            .into_iter()
            .map(|f| f.1)
            .collect();
        assert_eq!(found, ["A/AC.290/2021/CRP.2", "S/2019/1"]);
    }

    /// The scanner as it was first written, byte by byte: what the slash-to-slash scan
    /// must agree with.
    fn find_symbols_bytewise(text: &str) -> Vec<(Range<usize>, String)> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        while i + 2 < bytes.len() {
            let starts_symbol = matches!(bytes[i], b'A' | b'S' | b'E')
                && bytes[i + 1] == b'/'
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'/'));
            match starts_symbol.then(|| symbol_at(text, i)).flatten() {
                Some((range, symbol)) => {
                    i = range.end;
                    found.push((range, symbol));
                }
                None => i += 1,
            }
        }
        found
    }

    #[test]
    fn the_slash_to_slash_scan_finds_what_a_byte_by_byte_scan_finds() {
        // Strings of the pieces that make or break a symbol, from a fixed-seed xorshift
        // generator: every run checks the same 20,000.
        let alphabet = [
            "A/", "S/", "E/", "/", "70", "/70", "/2019", "RES", "/RES", "/C.1", "L.27", ".", "-",
            "*", ",", " ", "x", "é", "aA", "/Rev.1",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut found_some = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let expected = find_symbols_bytewise(&text);
            found_some += usize::from(!expected.is_empty());
            assert_eq!(find_symbols(&text), expected, "{text:?}");
        }
        // The strings must make symbols often enough for the comparison to mean something.
        assert!(found_some > 200, "only {found_some} strings held a symbol");
    }

    #[test]
    fn symbols_are_normalised() {
        assert_eq!(normalise_symbol(" a/res/70/237* "), "A/RES/70/237");
        assert_eq!(
            normalise_symbol("a/c.1/73/l.27/rev.1"),
            "A/C.1/73/L.27/Rev.1"
        );
        assert_eq!(
            normalise_symbol("E/CN.4/SUB.2/1998/13"),
            "E/CN.4/Sub.2/1998/13"
        );
        let found: Vec<String> = find_symbols("A/res/70/237 and A/C.1/73/L.27/REV.1*")
            .into_iter()
            .map(|f| f.1)
            .collect();
        assert_eq!(found, ["A/RES/70/237", "A/C.1/73/L.27/Rev.1"]);
    }
}
