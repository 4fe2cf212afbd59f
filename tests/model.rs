//! The content model is data: tests/fixtures/treaties is a site with none of the
//! repository's kinds (treaties, parties, meetings), its own schema and its own theme.
//! It must build, relate its pages both ways, group an index by an enum, and report its
//! errors as the repository's site does.

mod common;
use common::*;

const FIXTURE: &str = "tests/fixtures/treaties";
const MEETING: &str = "content/meetings/2020-03-10-first-meeting.md";
const MEETING_URL: &str = "meetings/2020/2020-03-10-first-meeting/index.html";
const TREATY: &str = "content/treaties/treaty-of-examplia.md";

/// The fixture, copied to a temporary folder (it is never built in place).
fn fixture() -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&repo_root().join(FIXTURE), dir.path());
    Site { dir }
}

fn built() -> Site {
    let site = fixture();
    let run = site.build();
    assert_eq!(run.code, 0, "the fixture must build: {}", run.stderr);
    site
}

/// The file of the fixture at `rel`, as written.
fn source(rel: &str) -> String {
    std::fs::read_to_string(repo_root().join(FIXTURE).join(rel)).unwrap()
}

/// The HTML of the theme's `<section class="{class}">` (related, referred-by), or "".
fn section<'h>(html: &'h str, class: &str) -> &'h str {
    let Some(start) = html.find(&format!("<section class=\"{class}\"")) else {
        return "";
    };
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// A link as the theme writes it, from a page `depth` folders deep.
fn link(depth: usize, url: &str, title: &str) -> String {
    format!("<a href=\"{}{url}\">{title}</a>", "../".repeat(depth))
}

#[test]
fn it_builds_every_kind_at_the_url_its_schema_gives() {
    let site = built();
    for page in [
        "index.html",
        "about/index.html",
        "treaties/index.html",
        "treaties/treaty-of-examplia/index.html",
        "treaties/convention-of-samplevale/index.html",
        "parties/index.html",
        "parties/northland/index.html",
        "parties/southmark/index.html",
        "parties/eastport/index.html",
        MEETING_URL,
        "meetings/2021/2021-09-21-second-meeting/index.html",
        "meetings/2022/2022-06-07-signatories-conference/index.html",
        "timeline/index.html",
        "timeline/2020/index.html",
        "timeline/2023/index.html",
        "documents/toe-mop-1-1/index.html",
    ] {
        assert!(
            site.path().join("output").join(page).is_file(),
            "no output/{page}"
        );
    }
    // Meetings have no index page (the timeline lists them), and no page of the
    // repository's kinds is made.
    for absent in ["meetings/index.html", "norms/index.html", "timeline/2019"] {
        assert!(
            !site.path().join("output").join(absent).exists(),
            "{absent}"
        );
    }
    let problems = link_problems(&site.output_snapshot());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn fields_reach_the_theme_in_the_form_of_their_type() {
    let site = built();
    let meeting = site.read(MEETING_URL);
    // date → {iso, human}; symbol → {symbol, url}; id → {title, url}; the span of `dates`.
    assert!(
        meeting.contains("<time datetime=\"2020-03-10\">10 March 2020</time>"),
        "{meeting}"
    );
    assert!(meeting.contains("<p class=\"span\">10–12 March 2020</p>"));
    assert!(meeting.contains(
        "<a class=\"document\" href=\"../../../documents/toe-mop-1-2/index.html\">TOE/MOP.1/2</a>"
    ));
    assert!(meeting.contains("<dd class=\"field-treaty\"><a class=\"link\" href=\"../../../treaties/treaty-of-examplia/index.html\">Treaty of Examplia</a></dd>"), "{meeting}");
    // A list of records, each field of each in its own form.
    assert!(meeting.contains("<dt>party</dt><dd><a class=\"link\" href=\"../../../parties/southmark/index.html\">Commonwealth of Southmark</a></dd><dt>role</dt><dd>Vice-Chair</dd>"), "{meeting}");
    // enum → {value, label}.
    let treaty = site.read("treaties/convention-of-samplevale/index.html");
    assert!(
        treaty.contains("<span class=\"enum\" data-value=\"signed\">Signed, not in force</span>"),
        "{treaty}"
    );
}

#[test]
fn a_meetings_treaty_relates_the_two_pages_both_ways() {
    let site = built();
    let meeting = site.read(MEETING_URL);
    let treaty_link = link(
        3,
        "treaties/treaty-of-examplia/index.html",
        "Treaty of Examplia",
    );
    let named = section(&meeting, "related");
    assert!(named.contains("<h3>Treaties</h3>"), "{meeting}");
    assert!(named.contains(&treaty_link), "{meeting}");
    // The meeting names the treaty: nothing refers to the meeting.
    assert_eq!(section(&meeting, "referred-by"), "", "{meeting}");

    let treaty = site.read("treaties/treaty-of-examplia/index.html");
    let referred = section(&treaty, "referred-by");
    assert!(referred.contains("<h3>Meetings</h3>"), "{treaty}");
    for url in [
        MEETING_URL,
        "meetings/2021/2021-09-21-second-meeting/index.html",
    ] {
        assert!(
            referred.contains(&format!("href=\"../../{url}\"")),
            "{url}: {treaty}"
        );
    }
    assert!(
        !treaty.contains("2022-06-07-signatories-conference"),
        "{treaty}"
    );
    let other = site.read("treaties/convention-of-samplevale/index.html");
    assert!(
        section(&other, "referred-by")
            .contains("href=\"../../meetings/2022/2022-06-07-signatories-conference/index.html\""),
        "{other}"
    );
    assert!(!other.contains(MEETING_URL), "{other}");
}

#[test]
fn a_chairs_party_inside_a_list_of_records_relates_both_ways() {
    let site = built();
    let meeting = site.read(MEETING_URL);
    let named = section(&meeting, "related");
    assert!(named.contains("<h3>Parties</h3>"), "{meeting}");
    // Both chairs, in the parties' order (by name).
    let southmark = link(
        3,
        "parties/southmark/index.html",
        "Commonwealth of Southmark",
    );
    let northland = link(3, "parties/northland/index.html", "Kingdom of Northland");
    let (s, n) = (named.find(&southmark), named.find(&northland));
    assert!(s.is_some() && n.is_some() && s < n, "{named}");
    assert!(!named.contains("parties/eastport/"), "{named}");

    let party = site.read("parties/northland/index.html");
    let referred = section(&party, "referred-by");
    assert!(referred.contains("<h3>Meetings</h3>"), "{party}");
    assert!(
        referred.contains(&format!("href=\"../../{MEETING_URL}\"")),
        "{party}"
    );
    assert!(!referred.contains("2021-09-21-second-meeting"), "{party}");
    // The party names its treaties itself: they are its own related pages.
    assert!(section(&party, "related").contains(&link(
        2,
        "treaties/convention-of-samplevale/index.html",
        "Convention of Samplevale"
    )));
    let eastport = site.read("parties/eastport/index.html");
    assert!(
        section(&eastport, "referred-by").contains("2022-06-07-signatories-conference"),
        "{eastport}"
    );
}

#[test]
fn the_treaties_index_groups_by_status_in_the_declared_order() {
    let site = built();
    let index = site.read("treaties/index.html");
    let headings: Vec<&str> = index
        .split("<h2>")
        .skip(1)
        .map(|s| s.split("</h2>").next().unwrap())
        .collect();
    assert_eq!(headings, ["In force", "Signed, not in force"], "{index}");
    // Each treaty under its own status, though sorted by adoption the signed one
    // (1995) comes before the one in force (1998).
    let groups: Vec<&str> = index.split("<h2>").skip(1).collect();
    assert!(
        groups[0].contains("treaties/treaty-of-examplia/"),
        "{index}"
    );
    assert!(!groups[0].contains("convention-of-samplevale"), "{index}");
    assert!(
        groups[1].contains("treaties/convention-of-samplevale/"),
        "{index}"
    );
    assert!(!groups[1].contains("treaty-of-examplia"), "{index}");
}

#[test]
fn parties_are_listed_by_name_not_by_id() {
    let site = built();
    let index = site.read("parties/index.html");
    let at = |name: &str| {
        index
            .find(name)
            .unwrap_or_else(|| panic!("{name}: {index}"))
    };
    assert!(at("Commonwealth of Southmark") < at("Kingdom of Northland"));
    assert!(at("Kingdom of Northland") < at("Union of Eastport"));
}

/// Builds the fixture, applies `break_it`, builds again: exit code 1, no panic, the
/// previous output byte for byte. Returns the error lines.
fn fails(break_it: impl FnOnce(&Site)) -> Vec<String> {
    let site = built();
    let before = site.output_snapshot();
    break_it(&site);
    let run = site.build();
    assert_eq!(run.code, 1, "exit code; stderr: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the previous output is untouched"),
        "{}",
        run.stderr
    );
    assert_eq!(
        before,
        site.output_snapshot(),
        "output/ changed after a failed build"
    );
    run.errors().into_iter().map(String::from).collect()
}

fn one_error(break_it: impl FnOnce(&Site)) -> String {
    let errors = fails(break_it);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].clone()
}

/// The fixture's file `rel` with `from` replaced by `to` (which must be there).
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = source(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn an_unknown_field_of_a_meeting_suggests_the_closest() {
    let e = one_error(|s| edit(s, MEETING, "chairs:", "chiars:"));
    assert_eq!(e, "error: content/meetings/2020-03-10-first-meeting.md:7:1: unknown field `chiars`; the fields allowed here are `title`, `date`, `end`, `place`, `treaty`, `chairs`, `documents`, `summary` (did you mean `chairs`?)");
}

#[test]
fn an_unknown_status_is_located_at_its_value() {
    let e = one_error(|s| edit(s, TREATY, "status: in-force", "status: in-forse"));
    assert_eq!(e, "error: content/treaties/treaty-of-examplia.md:4:9: status: unknown value `in-forse`: the values allowed here are `in-force`, `signed` (did you mean `in-force`?)");
}

#[test]
fn an_unknown_party_inside_the_chairs_is_located_at_the_id() {
    let e = one_error(|s| edit(s, MEETING, "party: southmark", "party: southmrak"));
    assert_eq!(e, "error: content/meetings/2020-03-10-first-meeting.md:10:12: unknown party \"southmrak\": there is no content/parties/southmrak.md (did you mean \"southmark\"?)");
}

#[test]
fn a_missing_required_field_is_named() {
    let e = one_error(|s| edit(s, MEETING, "place: Examplia City\n", ""));
    assert_eq!(
        e,
        "error: content/meetings/2020-03-10-first-meeting.md:2:1: missing required field `place`"
    );
}

#[test]
fn an_error_in_the_fixtures_own_schema_is_located_there() {
    const SCHEMA: &str = "content/schema.yaml";
    let needle = "treaty: {type: id, of: treaty}";
    let line = source(SCHEMA)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1;
    let errors = fails(|s| edit(s, SCHEMA, needle, "treaty: {type: id, of: traety}"));
    let expected = format!("error: content/schema.yaml:{line}:7: field `treaty`: unknown kind \"traety\": the schema declares treaty, party, meeting, page (did you mean \"treaty\"?)");
    // Only this error: no page is checked against a schema that is not the site's.
    assert_eq!(errors, [expected]);
}

#[test]
fn check_on_the_fixture_is_clean() {
    let root = repo_root().join(FIXTURE);
    let run = run_bin(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.starts_with("checked: 24 pages in "),
        "{}",
        run.stdout
    );
}
