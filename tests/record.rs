//! What the repository's record holds for researchers (issue 16), counted in its content
//! files: a regression here is a fact lost.

mod common;
use common::*;
use std::collections::BTreeSet;

fn files(folder: &str) -> Vec<(String, String)> {
    let dir = repo_root().join("content").join(folder);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn front_matter(text: &str) -> &str {
    text.split("---").nth(1).unwrap()
}

fn has_key(text: &str, key: &str) -> bool {
    front_matter(text)
        .lines()
        .any(|l| l.starts_with(&format!("{key}:")))
}

/// The section of a Markdown body under `heading`, up to the next `## `.
fn section<'a>(text: &'a str, heading: &str) -> Option<&'a str> {
    let start = text.find(&format!("## {heading}\n"))?;
    let rest = &text[start + heading.len() + 4..];
    Some(rest.split("\n## ").next().unwrap_or(rest).trim())
}

#[test]
fn every_cited_document_has_a_record_with_its_type_and_official_record() {
    let records = files("documents");
    assert!(records.len() >= 60, "{}", records.len());
    for (name, text) in &records {
        for key in ["symbol", "type", "record"] {
            assert!(has_key(text, key), "{name}: no {key}");
        }
    }
    let titled = records.iter().filter(|(_, t)| has_key(t, "title")).count();
    let dated = records.iter().filter(|(_, t)| has_key(t, "date")).count();
    assert!(titled >= 49, "records with a title: {titled}");
    assert!(dated >= 55, "records with a date: {dated}");
}

/// Events are dated to the day wherever a public source gives the day; the others keep
/// their month or year (the list is in the notes).
#[test]
fn events_are_dated_to_the_day_where_a_source_gives_it() {
    let events = files("timeline");
    let to_the_day = events
        .iter()
        .filter(|(_, text)| {
            front_matter(text).lines().any(|l| {
                l.strip_prefix("date: \"")
                    .is_some_and(|d| d.trim_end_matches('"').len() == "YYYY-MM-DD".len())
            })
        })
        .count();
    assert!(events.len() >= 76, "events: {}", events.len());
    assert!(to_the_day >= 54, "events dated to the day: {to_the_day}");
}

#[test]
fn the_eleven_norms_each_say_in_their_own_words_what_2021_added() {
    let norms = files("norms");
    let letters = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
    for heading in ["What the 2021 GGE report adds", "How it was taken up"] {
        let texts: BTreeSet<&str> = letters
            .iter()
            .map(|l| {
                let (_, text) = norms.iter().find(|(n, _)| n == l).unwrap();
                let s = section(text, heading).unwrap_or_else(|| panic!("{l}: no {heading}"));
                assert!(s.len() > 200, "{l}: {heading} is a stub");
                s
            })
            .collect();
        assert_eq!(texts.len(), 11, "{heading}: some norms share their text");
    }
}

#[test]
fn every_chair_named_on_a_process_page_has_a_person_page() {
    let people: BTreeSet<String> = files("people").into_iter().map(|(n, _)| n).collect();
    let mut chairs = 0;
    for (name, text) in files("processes") {
        assert!(!has_key(&text, "chair"), "{name}: a chair as plain text");
        for line in front_matter(&text).lines() {
            if let Some(rest) = line.trim_start().strip_prefix("- {person: ") {
                let id = rest.split([',', '}']).next().unwrap().trim();
                assert!(people.contains(id), "{name}: chair {id} has no person page");
                chairs += 1;
            }
        }
    }
    assert!(chairs >= 7, "chairs linked: {chairs}");
}

#[test]
fn the_six_themes_each_link_the_passages_they_gather() {
    let themes = files("topics");
    assert_eq!(
        themes.len(),
        6,
        "{:?}",
        themes.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for (name, text) in &themes {
        let passages = text.matches(".md#").count();
        assert!(passages >= 5, "{name}: {passages} links to a passage");
    }
}

/// A source on a site that hosts copies of documents (Scribd, docplayer, studylib) is kept
/// only where no official text could be read, and its title says so (issue 16).
#[test]
fn every_copy_cited_as_a_source_says_why_it_is_kept() {
    const COPY_HOSTS: [&str; 3] = ["scribd.com", "docplayer.", "studylib."];
    const FOLDERS: [&str; 8] = [
        "documents",
        "timeline",
        "processes",
        "regions",
        "reports",
        "norms",
        "people",
        "topics",
    ];
    let mut copies = 0;
    for folder in FOLDERS {
        for (name, text) in files(folder) {
            for line in front_matter(&text).lines() {
                let Some(url) = line.split("url: \"").nth(1) else {
                    continue;
                };
                if COPY_HOSTS.iter().any(|host| url.contains(host)) {
                    copies += 1;
                    assert!(
                        line.contains("could be read"),
                        "{folder}/{name}: a copy without the reason it is kept: {line}"
                    );
                }
            }
        }
    }
    assert!(copies > 0, "no copy found: the test reads nothing");
}
