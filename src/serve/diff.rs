//! What a rebuild changed, as the browser needs to know it: nothing, only stylesheets (swap
//! them without losing the reader's place or form state), or anything else (reload).
//!
//! Stylesheets are fingerprinted (`static/style.<hash>.css`), so an edit of the CSS renames
//! the file and rewrites the `<link>` of every page. A change is still "only CSS" when each
//! changed page differs from its old self by nothing but those renamed URLs.

use crate::output::Output;

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Change {
    Same,
    /// (old path, new path) of each stylesheet, root-relative.
    Css(Vec<(String, String)>),
    Reload,
}

pub(crate) fn classify(old: &Output, new: &Output) -> Change {
    let (removed, added, rewritten) = paths_changed(old, new);
    // Pages a rebuild did not touch share their bytes with the old site; of those it
    // wrote, each is compared once, and only until one tells a reload.
    let mut modified = (rewritten.into_iter())
        .filter(|(_, before, after)| before != after)
        .peekable();
    if removed.is_empty() && added.is_empty() && modified.peek().is_none() {
        return Change::Same;
    }
    let is_css = |p: &&str| p.ends_with(".css");
    if !removed.iter().all(is_css) || !added.iter().all(is_css) || removed.len() != added.len() {
        return Change::Reload;
    }
    // Pair each removed stylesheet with the added one of the same name before the hash.
    let mut swaps = Vec::new();
    for r in &removed {
        let mut same_name = added.iter().filter(|a| unhashed(a) == unhashed(r));
        match (same_name.next(), same_name.next()) {
            (Some(a), None) => swaps.push((r.to_string(), a.to_string())),
            _ => return Change::Reload,
        }
    }
    for (path, before, after) in modified {
        if is_css(&path) {
            swaps.push((path.to_string(), path.to_string()));
        } else if !differs_only_by(before, after, &swaps) {
            return Change::Reload;
        }
    }
    Change::Css(swaps)
}

/// A file and its bytes before and after.
type Rewritten<'a> = (&'a str, &'a [u8], &'a [u8]);

/// The paths only the old output has, those only the new one has, and those both have
/// with bytes that are not shared (written again: the same or not). Both maps are sorted
/// by path and walked side by side: on a site of 10,000 pages they hold 30,000 files, and
/// the dev server compares them after every edit.
fn paths_changed<'a>(
    old: &'a Output,
    new: &'a Output,
) -> (Vec<&'a str>, Vec<&'a str>, Vec<Rewritten<'a>>) {
    use std::cmp::Ordering;
    let (mut removed, mut added, mut rewritten) = (Vec::new(), Vec::new(), Vec::new());
    let mut olds = old.files.iter().peekable();
    let mut news = new.files.iter().peekable();
    loop {
        let order = match (olds.peek(), news.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((a, _)), Some((b, _))) => a.cmp(b),
        };
        match order {
            Ordering::Less => removed.extend(olds.next().map(|(p, _)| p.as_str())),
            Ordering::Greater => added.extend(news.next().map(|(p, _)| p.as_str())),
            Ordering::Equal => {
                if let (Some((path, before)), Some((_, after))) = (olds.next(), news.next()) {
                    if !std::sync::Arc::ptr_eq(before, after) {
                        rewritten.push((path.as_str(), &before[..], &after[..]));
                    }
                }
            }
        }
    }
    (removed, added, rewritten)
}

/// `static/style.0123456789.css` → `static/style.css`.
fn unhashed(path: &str) -> String {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let parts: Vec<&str> = name.split('.').collect();
    let name = match parts.as_slice() {
        [stem @ .., hash, ext]
            if !stem.is_empty()
                && hash.len() >= 6
                && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            format!("{}.{ext}", stem.join("."))
        }
        _ => name.to_string(),
    };
    format!("{dir}/{name}")
}

/// True when `new` becomes `old` once every new stylesheet URL is put back to the old one.
fn differs_only_by(old: &[u8], new: &[u8], swaps: &[(String, String)]) -> bool {
    if swaps.is_empty() || !(is_text(old) && is_text(new)) {
        return false;
    }
    let mut restored = new.to_vec();
    for (from, to) in swaps {
        if from != to {
            restored = replace(&restored, to.as_bytes(), from.as_bytes());
        }
    }
    restored == old
}

fn is_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok()
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(css: &str, body: &str) -> Output {
        let mut o = Output::default();
        o.insert(
            "norms/e/index.html".into(),
            format!("<link rel=stylesheet href=\"../../{css}\"><p>{body}</p>").into_bytes(),
        );
        o.insert(
            "index.html".into(),
            format!("<link rel=stylesheet href=\"{css}\">").into_bytes(),
        );
        o.insert(css.into(), format!("/* {css} */").into_bytes());
        o.insert("static/site.0a1b2c3d4e.js".into(), b"js".to_vec());
        o
    }

    #[test]
    fn a_stylesheet_edit_is_a_swap() {
        let old = site("static/style.0000000000.css", "text");
        let new = site("static/style.1111111111.css", "text");
        assert_eq!(
            classify(&old, &new),
            Change::Css(vec![(
                "static/style.0000000000.css".into(),
                "static/style.1111111111.css".into()
            )])
        );
    }

    #[test]
    fn a_text_edit_reloads_even_with_a_stylesheet_edit() {
        let old = site("static/style.0000000000.css", "text");
        assert_eq!(
            classify(&old, &site("static/style.1111111111.css", "new")),
            Change::Reload
        );
        assert_eq!(
            classify(&old, &site("static/style.0000000000.css", "new")),
            Change::Reload
        );
    }

    #[test]
    fn same_output_is_no_change() {
        let old = site("static/style.0000000000.css", "text");
        assert_eq!(classify(&old, &old.clone()), Change::Same);
        // Every file written again, with the same bytes.
        let rewritten = site("static/style.0000000000.css", "text");
        assert_eq!(classify(&old, &rewritten), Change::Same);
    }

    #[test]
    fn files_are_paired_by_path_whatever_the_others() {
        let old = site("static/style.0000000000.css", "text");
        let mut new = site("static/style.0000000000.css", "text");
        new.insert("a/first.html".into(), b"a".to_vec());
        new.insert("zz/last.html".into(), b"z".to_vec());
        assert_eq!(
            paths_changed(&old, &new).1,
            ["a/first.html", "zz/last.html"]
        );
        assert_eq!(
            paths_changed(&new, &old).0,
            ["a/first.html", "zz/last.html"]
        );
        assert_eq!(paths_changed(&old, &new).2.len(), old.files.len());
    }

    #[test]
    fn added_or_removed_pages_reload() {
        let old = site("static/style.0000000000.css", "text");
        let mut new = old.clone();
        new.insert("norms/f/index.html".into(), b"f".to_vec());
        assert_eq!(classify(&old, &new), Change::Reload);
        assert_eq!(classify(&new, &old), Change::Reload);
    }

    #[test]
    fn unfingerprinted_stylesheets_swap_in_place() {
        let old = site("static/print.css", "text");
        let mut new = old.clone();
        new.insert("static/print.css".into(), b"/* new */".to_vec());
        assert_eq!(
            classify(&old, &new),
            Change::Css(vec![("static/print.css".into(), "static/print.css".into())])
        );
    }

    #[test]
    fn hashes_are_taken_off_names() {
        assert_eq!(unhashed("static/style.d9a30aaa71.css"), "static/style.css");
        assert_eq!(unhashed("static/a.b.d9a30aaa71.css"), "static/a.b.css");
        assert_eq!(unhashed("static/print.css"), "static/print.css");
    }
}
