//! The dev server, end to end: the real binary serves a copy of `tests/fixtures/serve-site`
//! (with the repository's theme copied in) on a port the system picks, and the tests talk
//! to it over raw TCP, so they can send what a browser never would (`/../`, `%2F`).
//!
//! Timeouts are generous and only there to turn a hang into a failure; nothing asserts how
//! fast anything is. Files are written like an editor does (a hidden temporary file, then a
//! rename), so a build never sees a half-written file however loaded the machine is.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

mod common;

use common::server::{Response, Server};

const TIMEOUT: Duration = Duration::from_secs(20);

/// What `tests/serve.rs` asks of the server beside what every dev-server test does.
impl Server {
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    fn events(&self) -> Events {
        Events::open(self.port)
    }
}

/// One request on its own connection, the target sent exactly as given.
fn request(port: u16, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{method} {target}: {e}"));
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{method} {target}: no header end in {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// The status and body of the answer to `head` (a request line and its headers, without
/// the blank line that ends them) sent as it is on a connection of its own to `addr`.
fn exchange(addr: (&str, u16), head: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(stream, "{head}Connection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{head:?}: {e}"));
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{head:?}: not HTTP: {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// `GET target` with `Host: host` to the server on 127.0.0.1.
fn get_with_host(server: &Server, target: &str, host: &str) -> (u16, String) {
    let head = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n");
    exchange(("127.0.0.1", server.port), &head)
}

/// An open `/__livereload` stream.
struct Events {
    reader: BufReader<TcpStream>,
}

#[derive(Debug, Clone)]
struct Event {
    name: String,
    data: serde_json::Value,
}

impl Events {
    /// Opens the stream and reads its `hello`, so the server is known to be listening.
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        write!(
            stream,
            "GET /__livereload HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut content_type = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some((n, v)) = line.split_once(':') {
                if n.eq_ignore_ascii_case("content-type") {
                    content_type = Some(v.trim().to_string());
                }
            }
        }
        assert_eq!(content_type.as_deref(), Some("text/event-stream"));
        let mut events = Events { reader };
        let hello = events.next();
        assert_eq!(hello.name, "hello", "{hello:?}");
        events
    }

    fn next(&mut self) -> Event {
        let (mut name, mut data) = (String::from("message"), String::new());
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .unwrap_or_else(|e| panic!("no event within {TIMEOUT:?}: {e}"));
            assert!(n > 0, "the event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if data.is_empty() {
                    continue;
                }
                return Event {
                    name,
                    data: serde_json::from_str(&data).unwrap(),
                };
            }
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            }
        }
    }

    /// Skips events until one named `name` (earlier builds may still be announcing).
    fn until(&mut self, name: &str) -> Event {
        let start = Instant::now();
        loop {
            let e = self.next();
            if e.name == name {
                return e;
            }
            assert!(start.elapsed() < TIMEOUT, "no {name} event, last {e:?}");
        }
    }
}

/// The files named in an `error` event.
fn error_files(event: &Event) -> Vec<String> {
    event.data["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_string())
        .collect()
}

fn stylesheet_url(html: &str) -> String {
    let start = html.find("static/style.").expect("a stylesheet link");
    let end = start + html[start..].find('"').unwrap();
    format!("/{}", &html[start..end])
}

#[test]
fn pages_and_assets_are_served_with_their_types() {
    let server = Server::start();
    let html = assert_home_page(&server);
    let page = server.get("/norms/e/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("The original wording of norm e."));
    let folder = server.get("/norms/e");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/norms/e/"));
    assert_eq!(server.get("/norms/e/index.html").body, page.body);

    assert_asset_types(&server, &html);
    assert_head_404_and_methods(&server, &page.body);
    // serve never writes the site to disk.
    assert!(!server.path("output").exists());
}

/// The home page: HTML, never cached, with the site's headers and the live-reload script
/// (external, before `</body>`). Returns its text.
fn assert_home_page(server: &Server) -> String {
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    // The site's own `_headers` (what the hosts send) are sent, the file itself is not.
    assert!(home
        .header("content-security-policy")
        .is_some_and(|csp| csp.contains("script-src 'self'")));
    assert_eq!(server.get("/_headers").status, 404);
    let html = home.text();
    assert!(html.contains("Welcome to the fixture"));
    let script = html
        .find("<script src=\"/__livereload.js\"")
        .expect("injected");
    assert!(script < html.rfind("</body>").unwrap());
    assert!(!html.contains("EventSource"), "the script is external");
    html
}

/// Each kind of file is served with its type, never cached, and without the script.
fn assert_asset_types(server: &Server, html: &str) {
    let types = [
        (stylesheet_url(html), "text/css; charset=utf-8"),
        ("/__livereload.js".into(), "text/javascript; charset=utf-8"),
        ("/robots.txt".into(), "text/plain; charset=utf-8"),
        ("/atom.xml".into(), "application/xml"),
        ("/data/norms.json".into(), "application/json"),
        ("/data/norms.csv".into(), "text/csv; charset=utf-8"),
    ];
    for (path, expected) in &types {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(*expected), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        assert!(
            !r.text().contains("__livereload.js\""),
            "{path} is not HTML"
        );
    }
}

/// HEAD tells the length of `page` (`/norms/e/`) without its body, a missing page is the
/// site's own 404, and methods other than GET and HEAD are 405.
fn assert_head_404_and_methods(server: &Server, page: &[u8]) {
    let head = request(server.port, "HEAD", "/norms/e/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(page.len().to_string().as_str())
    );
    assert_eq!(
        head.header("content-type"),
        Some("text/html; charset=utf-8")
    );

    let missing = server.get("/norms/zz/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        missing.body,
        server.get("/404.html").body,
        "the site's own 404 page"
    );
    assert!(missing.text().contains("__livereload.js"));
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = request(server.port, method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }
}

#[test]
fn an_edit_is_announced_then_served() {
    let server = Server::start();
    let mut events = server.events();
    server.edit(
        "content/norms/e.md",
        "The original wording of norm e.",
        "The amended wording of norm e.",
    );
    let reload = events.until("reload");
    assert!(reload.data["version"].is_string());
    let page = server.get("/norms/e/").text();
    assert!(page.contains("The amended wording of norm e."), "{page}");
    assert!(!page.contains("The original wording"));
    // The page carries the new version, so a page loaded now does not reload again.
    assert!(page.contains(reload.data["version"].as_str().unwrap()));
}

/// Some editors write the page itself rather than a temporary file they rename: the close
/// after writing ends the save. A build that caught the file half-written (the machine
/// stalled between truncating and writing) shows an error first and is followed by one
/// of the whole file, so the test waits for the page to show the new text.
#[test]
fn a_page_written_in_place_is_announced_then_served() {
    let server = Server::start();
    let mut events = server.events();
    let rel = "content/norms/e.md";
    let text = server.read(rel).replacen(
        "The original wording of norm e.",
        "The wording of norm e, written in place.",
        1,
    );
    std::fs::write(server.path(rel), text).unwrap();
    let start = Instant::now();
    loop {
        events.until("reload");
        let page = server.get("/norms/e/").text();
        if page.contains("The wording of norm e, written in place.") {
            assert!(!page.contains("The original wording"));
            break;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "the page never showed the edit: {page}"
        );
    }
}

#[test]
fn a_deleted_page_disappears_from_the_site_its_indexes_and_backlinks() {
    let server = Server::start();
    for page in ["/norms/", "/regions/osce/", "/norms/g/"] {
        assert!(
            server.get(page).text().contains("Guard the gamma"),
            "{page}"
        );
    }
    let mut events = server.events();
    std::fs::remove_file(server.path("content/norms/g.md")).unwrap();
    events.until("reload");
    assert_eq!(server.get("/norms/g/").status, 404);
    for page in ["/norms/", "/regions/osce/", "/", "/search-index.js"] {
        let r = server.get(page);
        assert_eq!(r.status, 200, "{page}");
        assert!(
            !r.text().contains("Guard the gamma"),
            "{page} still lists it"
        );
    }
}

#[test]
fn a_renamed_page_moves() {
    let server = Server::start();
    let mut events = server.events();
    std::fs::rename(
        server.path("content/norms/g.md"),
        server.path("content/norms/gamma.md"),
    )
    .unwrap();
    events.until("reload");
    assert_eq!(server.get("/norms/g/").status, 404);
    let moved = server.get("/norms/gamma/");
    assert_eq!(moved.status, 200);
    assert!(moved.text().contains("Text of the gamma norm."));
    let index = server.get("/norms/").text();
    assert!(index.contains("gamma/index.html"));
    assert!(!index.contains("\"g/index.html\""));
    let osce = server.get("/regions/osce/").text();
    assert!(osce.contains("norms/gamma/"), "the backlink moves too");
}

#[test]
fn new_files_and_renamed_folders_are_seen() {
    let server = Server::start();
    let mut events = server.events();
    server.write(
        "content/norms/h.md",
        "---\ntitle: Hold the line\nset: proposed\nsummary: A new norm.\n---\nBrand new text.\n",
    );
    events.until("reload");
    assert!(server.get("/norms/h/").text().contains("Brand new text."));

    // A folder moved away: its pages now sit in a folder that is not a kind of page.
    std::fs::rename(
        server.path("content/timeline"),
        server.path("content/events"),
    )
    .unwrap();
    let error = events.until("error");
    assert!(
        error_files(&error)
            .iter()
            .any(|f| f.starts_with("content/events/")),
        "{error:?}"
    );
    std::fs::rename(
        server.path("content/events"),
        server.path("content/timeline"),
    )
    .unwrap();
    events.until("ok");
    // The folder is watched again after its round trip.
    server.edit(
        "content/timeline/2015-06-17-osce-consultation.md",
        "takes place in Bratislava",
        "takes place in Vienna",
    );
    events.until("reload");
    assert!(server.get("/timeline/2015/").text().contains("in Vienna"));
}

#[test]
fn a_broken_file_keeps_the_last_good_site_until_fixed() {
    let mut server = Server::start();
    let mut events = server.events();
    let good = server.get("/norms/e/").body;
    let text = server.read("content/norms/e.md");
    server.write(
        "content/norms/e.md",
        &text.replace("set: gge-2015", "set: [unclosed"),
    );
    let error = events.until("error");
    assert!(
        error_files(&error).contains(&"content/norms/e.md".to_string()),
        "{error:?}"
    );
    let first = &error.data["errors"][0];
    assert!(first["line"].as_u64().unwrap() >= 1);
    assert!(first["column"].as_u64().unwrap() >= 1);
    assert!(!first["message"].as_str().unwrap().is_empty());

    // The last good site stays up, and the terminal shows the lines `build` prints.
    let page = server.get("/norms/e/");
    assert_eq!(page.status, 200);
    assert_eq!(page.body, good);
    server.wait_for(|_, err| err.contains("error: content/norms/e.md:").then_some(()));

    // A page opened now is told at once.
    let mut late = server.events();
    let told = late.next();
    assert_eq!(told.name, "error");

    server.write(
        "content/norms/e.md",
        &text.replace("The original wording", "The repaired wording"),
    );
    events.until("ok");
    late.until("ok");
    events.until("reload");
    assert!(server
        .get("/norms/e/")
        .text()
        .contains("The repaired wording"));
}

#[test]
fn one_typo_in_a_page_others_relate_to_shows_one_error_in_the_overlay() {
    // The event relates to norm (e), the home page links to it, the region links to one
    // of its anchors: none of them is an error of its own while e.md does not parse.
    let mut server = Server::start();
    let mut events = server.events();
    let text = server.read("content/norms/e.md");
    server.write(
        "content/norms/e.md",
        &text.replace("regions: [osce]", "regions: [osce"),
    );
    let error = events.until("error");
    let errors = error.data["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["file"], "content/norms/e.md", "{errors:#?}");
    let terminal = server.wait_for(|_, err| {
        err.contains("error: build failed with")
            .then(|| err.to_string())
    });
    let lines: Vec<&str> = terminal
        .lines()
        .filter(|l| l.starts_with("error: content/"))
        .collect();
    assert_eq!(lines.len(), 1, "{terminal}");
}

#[test]
fn a_stylesheet_edit_swaps_it_without_a_reload() {
    let server = Server::start();
    let old = stylesheet_url(&server.get("/norms/e/").text());
    let mut events = server.events();
    let css = server.read("themes/default/static/style.css");
    server.write(
        "themes/default/static/style.css",
        &format!("{css}\n.serve-test {{ color: red; }}\n"),
    );
    let swap = events.next();
    assert_eq!(swap.name, "css", "{swap:?}");
    let swaps = swap.data["swaps"].as_array().unwrap();
    assert_eq!(swaps.len(), 1);
    assert_eq!(format!("/{}", swaps[0]["old"].as_str().unwrap()), old);
    let new = format!("/{}", swaps[0]["new"].as_str().unwrap());
    assert_ne!(new, old);
    assert!(server.get(&new).text().contains(".serve-test"));
    assert_eq!(server.get(&old).status, 404);
    assert_eq!(stylesheet_url(&server.get("/norms/e/").text()), new);
}

#[test]
fn a_first_build_that_fails_serves_the_errors_then_the_site() {
    let mut server = Server::start_with(
        |root| {
            let path = root.join("content/norms/e.md");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace("regions: [osce]", "regions: [<osce>]")).unwrap();
        },
        |_| {},
    );
    let page = server.get("/norms/e/");
    assert_eq!(page.status, 500);
    let html = page.text();
    assert!(html.contains("content/norms/e.md"), "{html}");
    assert!(html.contains("&lt;osce&gt;"), "escaped: {html}");
    assert!(!html.contains("<osce>"));
    assert!(html.contains("/__livereload.js"));
    server.wait_for(|_, err| err.contains("error: content/norms/e.md:").then_some(()));

    let mut events = server.events();
    assert_eq!(events.next().name, "error");
    server.edit("content/norms/e.md", "[<osce>]", "[osce]");
    events.until("reload");
    assert_eq!(server.get("/norms/e/").status, 200);
}

#[test]
fn traversal_is_refused() {
    let server = Server::start_with(
        |root| std::fs::write(root.join("secret.txt"), "TOP SECRET").unwrap(),
        |_| {},
    );
    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/norms/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/",
        "/..%2Fsecret.txt",
        "/%2F",
        "/%2Fetc%2Fpasswd",
        "/%5C..%5Csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%00",
        "/content/norms/e.md",
        "/secret.txt",
        "http://127.0.0.1/secret.txt",
    ] {
        let r = request(server.port, "GET", target);
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        let text = r.text();
        assert!(!text.contains("TOP SECRET"), "{target}");
        assert!(!text.contains("[package]"), "{target}");
        assert!(!text.contains("set: gge-2015"), "{target}");
    }
}

#[test]
fn many_requests_with_event_streams_open_all_succeed() {
    let server = Server::start();
    let mut streams: Vec<Events> = (0..6).map(|_| server.events()).collect();
    let port = server.port;
    let paths = [
        "/",
        "/norms/e/",
        "/norms/g/",
        "/regions/osce/",
        "/timeline/2015/",
        "/__livereload.js",
        "/robots.txt",
        "/missing/",
    ];
    let workers: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                for i in 0..25 {
                    let path = paths[(t + i) % paths.len()];
                    let r = request(port, "GET", path);
                    let expected = if path == "/missing/" { 404 } else { 200 };
                    assert_eq!(r.status, expected, "{path}");
                    assert!(!r.body.is_empty(), "{path}");
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    // Every stream is still alive and hears the next build.
    server.edit("content/about.md", "Nothing here yet.", "Something now.");
    for s in &mut streams {
        s.until("reload");
    }
}

#[test]
fn a_busy_port_moves_to_the_next_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = taken.local_addr().unwrap().port();
    let busy_arg = busy.to_string();
    let server = Server::start_with(
        |_| {},
        |cmd| {
            cmd.args(["--port", &busy_arg]);
        },
    );
    assert_ne!(server.port, busy);
    assert_eq!(server.get("/").status, 200);
    let (out, _) = server.output();
    assert!(out.contains(&format!("port {busy} is busy")), "{out}");
}

/// Bound to every address, the server still refuses host names (a rebinding page needs
/// one) but takes any IP address, since which of the machine's addresses a client uses is
/// not known.
#[test]
fn a_non_loopback_address_warns_and_takes_ip_addresses_only() {
    let mut server = Server::start_with(
        |_| {},
        |cmd| {
            cmd.args(["--bind", "0.0.0.0"]);
        },
    );
    server.wait_for(|_, err| err.contains("warning:").then_some(()));
    assert_eq!(server.get("/").status, 200);
    for host in ["192.0.2.7", "10.1.2.3:1111", "[2001:db8::1]", "localhost"] {
        assert_eq!(get_with_host(&server, "/", host).0, 200, "{host}");
    }
    let (status, body) = get_with_host(&server, "/", "my-laptop.local");
    assert_eq!(status, 421, "{body}");
    assert!(body.contains("IP address"), "{body}");
}

#[test]
fn the_content_folder_itself_can_be_moved_away_and_back() {
    let server = Server::start();
    let mut events = server.events();
    std::fs::rename(server.path("content"), server.path("content-away")).unwrap();
    let error = events.until("error");
    assert!(
        error_files(&error).contains(&"content/site.yaml".to_string()),
        "{error:?}"
    );
    assert_eq!(
        server.get("/norms/e/").status,
        200,
        "the last good site stays"
    );
    std::fs::rename(server.path("content-away"), server.path("content")).unwrap();
    events.until("ok");
    // Watched again: an edit inside it is seen.
    server.edit(
        "content/norms/e.md",
        "original wording",
        "returning wording",
    );
    events.until("reload");
    assert!(server.get("/norms/e/").text().contains("returning wording"));
}

/// DNS rebinding: a page on `evil.example` whose name the attacker then points at
/// 127.0.0.1 could read the preview, as its own origin, if the server answered any `Host`.
/// Only names and addresses of loopback (or of the bound address) are served; any other
/// name gets 421, the event stream and its script included.
#[test]
fn a_host_that_does_not_name_loopback_gets_421() {
    let mut server = Server::start();
    let port = server.port;
    for target in [
        "/",
        "/norms/e/",
        "/__livereload",
        "/__livereload.js",
        "/missing/",
    ] {
        for host in [
            "evil.example".to_string(),
            format!("evil.example:{port}"),
            "127.0.0.1.evil.example".to_string(),
            "localhost.evil.example".to_string(),
            format!("EVIL.example:{port}"),
        ] {
            let (status, body) = get_with_host(&server, target, &host);
            assert_eq!(status, 421, "{target} for {host}: {body}");
            assert!(body.contains("localhost"), "{target} for {host}: {body}");
            assert!(!body.contains("Welcome"), "{target} for {host}: {body}");
        }
    }
    for host in [
        "localhost",
        &format!("localhost:{port}"),
        "LocalHost.",
        "127.0.0.1",
    ] {
        assert_eq!(get_with_host(&server, "/", host).0, 200, "{host}");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        "127.1.2.3".into(),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(get_with_host(&server, "/norms/e/", &host).0, 200, "{host}");
    }
    server.assert_no_internal_failure();
}

#[test]
fn a_request_without_a_host_is_refused_in_http_1_1_only() {
    let server = Server::start();
    let addr = ("127.0.0.1", server.port);
    assert_eq!(exchange(addr, "GET / HTTP/1.1\r\n").0, 400);
    assert_eq!(exchange(addr, "GET / HTTP/1.1\r\nHost: \r\n").0, 400);
    let two = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n";
    assert_eq!(exchange(addr, two).0, 400, "two Host headers");
    let bad_port = "GET / HTTP/1.1\r\nHost: 127.0.0.1:x\r\n";
    assert_eq!(exchange(addr, bad_port).0, 400, "a port that is no number");
    // HTTP/1.0 has no Host header of necessity.
    assert_eq!(exchange(addr, "GET / HTTP/1.0\r\n").0, 200);
}

/// Bound to ::1 the page is served for `[::1]:PORT` (skipped where IPv6 loopback is off).
#[test]
fn a_server_bound_to_ipv6_loopback_serves_its_address() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        println!("skipped: no IPv6 loopback here");
        return;
    }
    let server = Server::start_with(
        |_| {},
        |cmd| {
            cmd.args(["--bind", "::1"]);
        },
    );
    let addr = ("::1", server.port);
    let page = |host: &str| exchange(addr, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n")).0;
    assert_eq!(page(&format!("[::1]:{}", server.port)), 200);
    assert_eq!(page("[::1]"), 200);
    assert_eq!(page("localhost"), 200);
    assert_eq!(page("evil.example"), 421);
}

/// A macro that calls itself without end, saved while serving, overflowed the stack of the
/// rebuild and ended `serve`. Now it is a located error like any other: reported, the last
/// good site served meanwhile, and the site rebuilt once the template is fixed.
#[test]
fn a_template_that_recurses_without_end_is_reported_and_the_last_good_site_served() {
    const MACROS: &str = "themes/default/templates/macros.html";
    let mut server = Server::start();
    let mut events = server.events();
    let good = server.get("/norms/e/").body;
    let macros = server.read(MACROS);
    let recursive = macros.replacen(
        "<nav class=\"breadcrumbs\"",
        "{{ self::loop(n=1) }}<nav class=\"breadcrumbs\"",
        1,
    ) + "{% macro loop(n) %}{{ self::loop(n=n) }}{% endmacro loop %}\n";
    let line = macros.lines().count() + 1;
    server.write(MACROS, &recursive);
    let error = events.until("error");
    let first = &error.data["errors"][0];
    assert_eq!(first["file"], MACROS, "{error:?}");
    assert_eq!(first["line"], line, "{error:?}");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("recursion depth limit"),
        "{error:?}"
    );
    server.wait_for(|_, err| {
        err.contains(&format!("error: {MACROS}:{line}:"))
            .then_some(())
    });
    server.assert_running();
    let page = server.get("/norms/e/");
    assert_eq!(
        (page.status, &page.body),
        (200, &good),
        "the last good page"
    );
    server.write(MACROS, &macros);
    events.until("ok");
    assert_eq!(server.get("/norms/e/").status, 200);
    server.assert_no_internal_failure();
}
