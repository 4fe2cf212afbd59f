//! How a page is cited: `cite.bib` (BibTeX) and `cite.ris` (RIS), written beside the page
//! of every entity but the home page, from the facts its `citation_*` meta tags give
//! (docs/THEMES.md): its title, the site's title as author and publisher, the first date
//! of its `dates` role, and its absolute URL when the site has a base URL.

use super::values::first_date;
use crate::content::date::Date;
use crate::output::Sink;
use crate::site::{Ix, Site};
use crate::url::canonical;

/// The names of the two files, beside the page (`norms/e/cite.bib`): what its links say.
pub(crate) const BIBTEX_FILE: &str = "cite.bib";
pub(crate) const RIS_FILE: &str = "cite.ris";

/// Whether the page of `ix` is cited: every entity's but the home page's.
pub(crate) fn is_cited(site: &Site, ix: Ix) -> bool {
    site.url(ix) != "index.html"
}

/// Writes `cite.bib` and `cite.ris` into the folder of the page of `ix`, if it is cited.
pub(crate) fn write_citation_files(site: &Site, ix: Ix, sink: &dyn Sink) {
    if !is_cited(site, ix) {
        return;
    }
    let citation = Citation::of(site, ix);
    let folder = &citation.path;
    sink.put_owned(
        format!("{folder}{BIBTEX_FILE}"),
        citation.bibtex().into_bytes(),
    );
    sink.put_owned(format!("{folder}{RIS_FILE}"), citation.ris().into_bytes());
}

/// What a citation of a page says.
struct Citation<'a> {
    /// The BibTeX key: the kind's folder and the page's id (`norms-e`).
    key: String,
    title: &'a str,
    /// The site's title: the author and the publisher.
    site: &'a str,
    /// The kind's singular (`norm`).
    kind: &'a str,
    summary: &'a str,
    language: &'a str,
    date: Option<Date>,
    /// The page's absolute URL, with a base URL.
    url: Option<String>,
    /// The page's folder, root-relative (`norms/e/`).
    path: String,
}

/// The BibTeX key of the page of `ix`, also the name its files are downloaded as: the
/// kind's folder and the page's id (`norms-e`; `about` for a plain page), in the
/// characters every BibTeX reads in a key.
pub(crate) fn citation_key(site: &Site, ix: Ix) -> String {
    let e = &site.entities[ix];
    let folder = site.schema.folder(e.kind);
    let key = if folder.is_empty() {
        e.id.clone()
    } else {
        format!("{folder}-{}", e.id)
    };
    key.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | ':' | '.' => c,
            _ => '-',
        })
        .collect()
}

impl<'a> Citation<'a> {
    fn of(site: &'a Site, ix: Ix) -> Citation<'a> {
        let e = &site.entities[ix];
        let url = site.url(ix);
        Citation {
            key: citation_key(site, ix),
            title: e.title(),
            site: &site.config.title,
            kind: site.schema.singular(e.kind),
            summary: e.summary(),
            language: &site.config.language,
            date: first_date(site, ix),
            url: canonical(site.config.base_url.as_deref(), url),
            path: url[..url.rfind('/').map_or(0, |i| i + 1)].to_string(),
        }
    }

    /// "Norm", and without a URL where on the site the page is.
    fn note(&self) -> String {
        let mut kind = self.kind.chars();
        let kind: String = kind
            .next()
            .map(|first| first.to_uppercase().chain(kind).collect())
            .unwrap_or_default();
        match self.url {
            Some(_) => kind,
            None => format!(
                "{kind}. Online at {} on the site where {} is published",
                self.path, self.site
            ),
        }
    }

    /// One `@misc` entry; every value is text BibTeX and LaTeX read as written.
    fn bibtex(&self) -> String {
        let mut out = String::with_capacity(256 + self.title.len() + self.summary.len());
        out.push_str("@misc{");
        out.push_str(&self.key);
        out.push_str(",\n");
        let mut field = |name: &str, value: &dyn Fn(&mut String)| {
            out.push_str("  ");
            out.push_str(name);
            out.push_str(" = ");
            value(&mut out);
            out.push_str(",\n");
        };
        let braced = |text: &'a str, depth: usize| {
            move |out: &mut String| {
                out.push_str(&"{{"[..depth]);
                push_latex(out, text);
                out.push_str(&"}}"[..depth]);
            }
        };
        field("title", &braced(self.title, 2));
        field("author", &braced(self.site, 2));
        if let Some(url) = &self.url {
            field("howpublished", &|out: &mut String| {
                out.push_str("{\\url{");
                push_url_text(out, url);
                out.push_str("}}");
            });
        }
        if let Some(date) = self.date {
            field("year", &|out: &mut String| {
                out.push_str(&format!("{{{}}}", date.year));
            });
            if let Some(m) = date.month {
                field("month", &|out: &mut String| {
                    out.push_str(BIBTEX_MONTHS[usize::from(m) - 1]);
                });
            }
        }
        let note = self.note();
        field("note", &|out: &mut String| {
            out.push('{');
            push_latex(out, &note);
            out.push('}');
        });
        if !self.summary.is_empty() {
            field("abstract", &braced(self.summary, 1));
        }
        field("language", &braced(self.language, 1));
        out.push_str("}\n");
        out
    }

    /// One RIS record, a tag a line, CRLF line ends.
    fn ris(&self) -> String {
        let mut out = String::with_capacity(256 + self.title.len() + self.summary.len());
        let mut line = |tag: &str, value: &dyn Fn(&mut String)| {
            out.push_str(tag);
            out.push_str("  - ");
            value(&mut out);
            out.push_str("\r\n");
        };
        let text = |text: &'a str| move |out: &mut String| push_one_line(out, text);
        line("TY", &|out: &mut String| out.push_str("ELEC"));
        line("TI", &text(self.title));
        line("AU", &text(self.site));
        if let Some(date) = self.date {
            line("PY", &|out: &mut String| {
                out.push_str(&date.year.to_string())
            });
            let part = |p: Option<u8>| p.map(|n| format!("{n:02}")).unwrap_or_default();
            let (month, day) = (part(date.month), part(date.day));
            line("DA", &|out: &mut String| {
                out.push_str(&format!("{:04}/{month}/{day}/", date.year));
            });
        }
        if let Some(url) = &self.url {
            line("UR", &|out: &mut String| push_one_line(out, url));
        }
        line("PB", &text(self.site));
        if !self.summary.is_empty() {
            line("AB", &text(self.summary));
        }
        let note = self.note();
        line("N1", &|out: &mut String| push_one_line(out, &note));
        line("LA", &text(self.language));
        line("ER", &|_: &mut String| {});
        out
    }
}

const BIBTEX_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Text as the value of a BibTeX field, written into `out`: LaTeX's special characters
/// written as commands, so that braces stay balanced (BibTeX counts a brace even after a
/// backslash) and nothing is read as markup; any run of white space (a line break) one
/// space.
fn push_latex(out: &mut String, text: &str) {
    push_words(out, text, |out, mut word| {
        // The runs between special characters copied whole: all ten are ASCII, so a byte
        // position is a character boundary.
        let special = |b: u8| {
            matches!(
                b,
                b'\\' | b'{' | b'}' | b'~' | b'^' | b'&' | b'%' | b'$' | b'#' | b'_'
            )
        };
        while let Some(at) = word.bytes().position(special) {
            out.push_str(&word[..at]);
            match word.as_bytes()[at] {
                b'\\' => out.push_str("\\textbackslash{}"),
                b'{' => out.push_str("\\textbraceleft{}"),
                b'}' => out.push_str("\\textbraceright{}"),
                b'~' => out.push_str("\\textasciitilde{}"),
                b'^' => out.push_str("\\textasciicircum{}"),
                b => {
                    out.push('\\');
                    out.push(char::from(b));
                }
            }
            word = &word[at + 1..];
        }
        out.push_str(word);
    });
}

/// A URL inside `\url{…}`, written into `out`: the characters it cannot hold
/// percent-encoded, which names the same address.
fn push_url_text(out: &mut String, url: &str) {
    for c in url.chars() {
        if matches!(c, '{' | '}' | '\\') || c.is_whitespace() || c.is_control() {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
}

/// Text on one line (a RIS value ends at the line's end), written into `out`: every run
/// of white space or control characters one space.
fn push_one_line(out: &mut String, text: &str) {
    push_words(out, text, |out, word| out.push_str(word));
}

/// Writes each word of `text` (what runs of white space and control characters
/// separate) with `word`, one space between two.
fn push_words(out: &mut String, text: &str, mut word: impl FnMut(&mut String, &str)) {
    let words = text.split(|c: char| c.is_whitespace() || c.is_control());
    for (n, w) in words.filter(|w| !w.is_empty()).enumerate() {
        if n > 0 {
            out.push(' ');
        }
        word(out, w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation(url: Option<&str>, date: Option<Date>) -> Citation<'static> {
        Citation {
            key: "norms-e".into(),
            title: "A {braced} title\\ with 50% & more",
            site: "Test record",
            kind: "norm",
            summary: "Two\nlines.",
            language: "en",
            date,
            url: url.map(String::from),
            path: "norms/e/".into(),
        }
    }

    #[test]
    fn bibtex_escapes_braces_and_backslashes() {
        let date = Date {
            year: 2015,
            month: Some(6),
            day: Some(17),
        };
        let bib = citation(Some("https://example.org/norms/e/"), Some(date)).bibtex();
        assert_eq!(
            bib,
            "@misc{norms-e,\n  title = {{A \\textbraceleft{}braced\\textbraceright{} title\\textbackslash{} with 50\\% \\& more}},\n  author = {{Test record}},\n  howpublished = {\\url{https://example.org/norms/e/}},\n  year = {2015},\n  month = jun,\n  note = {Norm},\n  abstract = {Two lines.},\n  language = {en},\n}\n"
        );
        assert_eq!(bib.matches('{').count(), bib.matches('}').count());
    }

    #[test]
    fn without_a_url_the_note_says_where_the_page_is() {
        let bib = citation(None, None).bibtex();
        assert!(
            !bib.contains("howpublished") && !bib.contains("year"),
            "{bib}"
        );
        assert!(
            bib.contains(
                "note = {Norm. Online at norms/e/ on the site where Test record is published},"
            ),
            "{bib}"
        );
        let ris = citation(None, None).ris();
        assert!(!ris.contains("UR  - ") && !ris.contains("PY  - "), "{ris}");
    }

    #[test]
    fn ris_keeps_each_value_on_its_line() {
        let date = Date {
            year: 2015,
            month: Some(6),
            day: None,
        };
        let ris = citation(Some("https://example.org/norms/e/"), Some(date)).ris();
        assert_eq!(
            ris,
            "TY  - ELEC\r\nTI  - A {braced} title\\ with 50% & more\r\nAU  - Test record\r\nPY  - 2015\r\nDA  - 2015/06//\r\nUR  - https://example.org/norms/e/\r\nPB  - Test record\r\nAB  - Two lines.\r\nN1  - Norm\r\nLA  - en\r\nER  - \r\n"
        );
    }

    #[test]
    fn a_url_never_breaks_out_of_its_command() {
        let mut out = String::new();
        push_url_text(&mut out, "https://x.org/a b{c}\\");
        assert_eq!(out, "https://x.org/a%20b%7Bc%7D%5C");
    }
}
