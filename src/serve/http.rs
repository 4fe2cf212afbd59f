//! HTTP: GET and HEAD of the in-memory site, the live-reload script and its event stream.
//! Nothing here reads the file system: a path is only ever a key into [`Output`], which is
//! what makes traversal impossible; the path checks below refuse early and loudly what a
//! browser never sends (`..`, encoded slashes, backslashes, NUL), so a mistake is seen.

use super::live::{LiveSite, Snapshot};
use super::{events, host::Hosts};
use crate::output::Output;
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response};

/// The live-reload script, an external file: the site's Content-Security-Policy has no
/// `'unsafe-inline'`, and the dev server sends the same policy as the host.
const SCRIPT: &str = include_str!("livereload.js");
const SCRIPT_PATH: &str = "__livereload.js";
const EVENTS_PATH: &str = "__livereload";

/// The file in which the site tells hosts which headers to send (Netlify's and Cloudflare
/// Pages' format). `serve` sends them too, so a page that breaks the site's
/// Content-Security-Policy breaks here first; like those hosts, it does not serve the file.
const HEADERS_FILE: &str = "_headers";

/// The longest request target served (nginx's default is the same): longer is 414.
const MAX_TARGET: usize = 8 * 1024;
/// The longest header line, name and value (twice Apache's and nginx's 8 KiB, for the
/// cookies other local servers leave on 127.0.0.1), and all header lines together: more
/// is 431. The patched tiny_http (vendor/tiny_http/PATCHES.md) has these numbers too and
/// stops reading a line as soon as it passes them; the check here is a second line of
/// defence (and answers a target a little over 8 KiB, which tiny_http lets through): keep
/// both in step.
const MAX_HEADER_LINE: usize = 16 * 1024;
const MAX_HEADERS: usize = 64 * 1024;
/// The longest request body: the dev server reads none (GET and HEAD), and a client that
/// declares a long one is refused, 413, before it is read. The patched tiny_http has the
/// number too (`MAX_BODY` in its `client.rs`), refuses there, and closes the connection
/// unread; the check here is the second line of defence: keep both in step.
const MAX_BODY: usize = 16 * 1024;

pub(crate) fn handle(request: Request, live: &Arc<LiveSite>, hosts: &Hosts) {
    if let Some((status, why)) = refused(&request) {
        let _ = request.respond(text(status, &format!("{why}\n")));
        return;
    }
    if let Some((status, why)) = misdirected(&request, hosts) {
        let _ = request.respond(text(status, &why));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text(405, "only GET and HEAD are served here\n")
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let path = match normalise(request.url()) {
        Ok(path) => path,
        Err(why) => {
            let _ = request.respond(text(400, &format!("bad request: {why}\n")));
            return;
        }
    };
    if path == EVENTS_PATH && *request.method() == Method::Get {
        events::stream(request, live);
        return;
    }
    let response = match path.as_str() {
        EVENTS_PATH => with_type(Response::from_data(Vec::new()), "text/event-stream"),
        SCRIPT_PATH => with_type(
            Response::from_data(SCRIPT.as_bytes()),
            content_type(SCRIPT_PATH),
        ),
        _ => site(&live.snapshot(), &path, query(request.url())),
    };
    let _ = request.respond(response);
}

/// What no browser sends: a target or headers too long, an HTTP version before 1.0, or a
/// body declared too long or chunked. The patched tiny_http refuses them already (all but
/// a target slightly over 8 KiB); this is the second line of defence, and the only one if
/// the patch is ever dropped.
fn refused(request: &Request) -> Option<(u16, &'static str)> {
    let version = request.http_version();
    if (version.0, version.1) < (1, 0) {
        return Some((505, "only HTTP/1.0 and HTTP/1.1 are served here"));
    }
    if request.url().len() > MAX_TARGET {
        return Some((414, "the request target is too long"));
    }
    let mut total = 0;
    for h in request.headers() {
        let line = h.field.as_str().as_str().len() + 2 + h.value.as_str().len();
        if line > MAX_HEADER_LINE {
            return Some((431, "a request header is too long"));
        }
        total += line + 2;
    }
    if total > MAX_HEADERS {
        return Some((431, "the request headers are too long"));
    }
    let chunked = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("Transfer-Encoding"));
    if chunked || request.body_length().is_some_and(|n| n > MAX_BODY) {
        return Some((413, "this server accepts no request body over 16 KiB"));
    }
    None
}

/// A `Host` that is not the server's own (421), or none or several (400): before anything
/// is answered, the event stream included ([`Hosts`]).
fn misdirected(request: &Request, hosts: &Hosts) -> Option<(u16, String)> {
    let values: Vec<&str> = request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str())
        .collect();
    let version = request.http_version();
    hosts.refusal(&values, (version.0, version.1) >= (1, 1))
}

/// A page, an asset, a redirect to a folder's slash, or the site's own 404 page.
fn site(snapshot: &Snapshot, path: &str, query: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let Some(output) = &snapshot.output else {
        return with_type(
            Response::from_data(first_build_failed(snapshot)).with_status_code(500),
            "text/html; charset=utf-8",
        );
    };
    let response = match lookup(output, path) {
        Lookup::Found(key) => body(snapshot, 200, key, output.get(key).unwrap_or_default()),
        Lookup::Folder => {
            let location = format!("/{}/{}", encode_path(path), encode_query(query));
            with_type(Response::from_data(Vec::new()), "text/plain; charset=utf-8")
                .with_status_code(301)
                .with_header(header("Location", &location))
        }
        Lookup::Missing => match output.get("404.html") {
            Some(page) => body(snapshot, 404, "404.html", page),
            None => text(404, "not found\n"),
        },
    };
    site_headers(output, path)
        .into_iter()
        .fold(response, |r, (name, value)| {
            r.with_header(header(&name, &value))
        })
}

/// The headers `_headers` gives for this path, but `Cache-Control` (an edit must show on
/// the next load) and `Content-Type` (set here from the extension).
fn site_headers(output: &Output, path: &str) -> Vec<(String, String)> {
    let Some(text) = output
        .get(HEADERS_FILE)
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return Vec::new();
    };
    let url = format!("/{path}");
    let mut applies = false;
    let mut headers = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            applies = match trimmed.strip_suffix('*') {
                Some(prefix) => url.starts_with(prefix),
                None => url == trimmed,
            };
        } else if let Some((name, value)) = trimmed.split_once(':') {
            let name = name.trim();
            if applies
                && !name.eq_ignore_ascii_case("cache-control")
                && !name.eq_ignore_ascii_case("content-type")
            {
                headers.push((name.to_string(), value.trim().to_string()));
            }
        }
    }
    headers
}

fn body(
    snapshot: &Snapshot,
    status: u16,
    key: &str,
    bytes: &[u8],
) -> Response<std::io::Cursor<Vec<u8>>> {
    let data = if is_html(key) {
        inject(bytes, &snapshot.version)
    } else {
        bytes.to_vec()
    };
    with_type(
        Response::from_data(data).with_status_code(status),
        content_type(key),
    )
}

enum Lookup<'a> {
    Found(&'a str),
    /// `norms/e` is a folder: redirect to `norms/e/` so the page's relative links work.
    Folder,
    Missing,
}

fn lookup<'a>(output: &'a Output, path: &str) -> Lookup<'a> {
    if path == HEADERS_FILE {
        return Lookup::Missing;
    }
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    if let Some((k, _)) = output.files.get_key_value(&key) {
        return Lookup::Found(k);
    }
    if !path.is_empty()
        && !path.ends_with('/')
        && output.get(&format!("{path}/index.html")).is_some()
    {
        return Lookup::Folder;
    }
    Lookup::Missing
}

/// The request target → a root-relative key (`""`, `norms/e/`, `static/style.x.css`), or
/// why it is refused. Percent-decoded, `.` and empty segments dropped, a trailing slash kept.
fn normalise(target: &str) -> Result<String, &'static str> {
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    if !raw.starts_with('/') {
        return Err("the path must start with /");
    }
    if raw.contains('\\') {
        return Err("backslash in the path");
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err("encoded slash in the path");
    }
    let decoded = percent_decode(raw).ok_or("malformed percent-encoding")?;
    let decoded = String::from_utf8(decoded).map_err(|_| "the path is not UTF-8")?;
    if decoded.chars().any(char::is_control) {
        return Err("control character in the path");
    }
    if decoded.starts_with("//") {
        return Err("absolute path");
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err("'..' in the path"),
            s => segments.push(s),
        }
    }
    if segments
        .first()
        .is_some_and(|s| s.len() == 2 && s.ends_with(':'))
    {
        return Err("absolute path");
    }
    let mut path = segments.join("/");
    if !path.is_empty() && decoded.ends_with('/') {
        path.push('/');
    }
    Ok(path)
}

fn percent_decode(raw: &str) -> Option<Vec<u8>> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// For a `Location` header, which must be ASCII.
fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A query as it came, but for bytes a header cannot carry.
fn encode_query(query: &str) -> String {
    let mut out = String::new();
    for b in query.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `?a=b` of the target, kept across a redirect.
fn query(target: &str) -> &str {
    let end = target.find('#').unwrap_or(target.len());
    match target[..end].find('?') {
        Some(i) => &target[i..end],
        None => "",
    }
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "bib" => "application/x-bibtex; charset=utf-8",
        "ris" => "application/x-research-info-systems; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The page with `<script src="/__livereload.js">` before its last `</body>` (or at the
/// end when it has none). The version lets the script notice a build it missed.
fn inject(html: &[u8], version: &str) -> Vec<u8> {
    let tag = format!("<script src=\"/{SCRIPT_PATH}\" data-version=\"{version}\"></script>\n");
    let at = rfind_ascii_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The page every path gets until a first build succeeds: the errors, escaped, and the
/// script, which reloads it when the build is fixed.
fn first_build_failed(snapshot: &Snapshot) -> Vec<u8> {
    let lines: String = snapshot
        .errors
        .as_deref()
        .map(|d| crate::diagnostics::format_report(d, crate::diagnostics::Command::Serve))
        .unwrap_or_default();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Build failed</title>\n</head>\n<body>\n<h1>The site does not build yet</h1>\n\
         <p>Fix these errors and save: this page reloads by itself.</p>\n<pre>{}</pre>\n</body>\n</html>\n",
        crate::text::escape(&lines)
    );
    inject(html.as_bytes(), &snapshot.version)
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    with_type(
        Response::from_data(body.as_bytes().to_vec()).with_status_code(status),
        "text/plain; charset=utf-8",
    )
}

/// Every response: its type, never cached (an edit must show on the next load), never
/// sniffed into another type.
fn with_type<R: std::io::Read>(response: Response<R>, content_type: &str) -> Response<R> {
    response
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// Values are ASCII by construction (constants, paths through [`encode_path`]) or come
/// from `_headers`; one that is not is dropped as tiny_http would refuse it.
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| Header::from_bytes(&b"X-Dropped-Header"[..], &b"1"[..]).unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_normalised() {
        assert_eq!(normalise("/"), Ok(String::new()));
        assert_eq!(normalise("/norms/e/"), Ok("norms/e/".into()));
        assert_eq!(normalise("/norms/./e//?x=1#y"), Ok("norms/e/".into()));
        assert_eq!(normalise("/norms//e"), Ok("norms/e".into()));
        assert_eq!(normalise("/a%20b/c%C3%A9.html"), Ok("a b/cé.html".into()));
    }

    #[test]
    fn escapes_are_refused() {
        for bad in [
            "/../Cargo.toml",
            "/norms/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/",
            "/..%2F",
            "/%2F",
            "/%2fetc",
            "/a%5C..%5Cb",
            "/a\\b",
            "/%00",
            "/a%0ab",
            "//etc/passwd",
            "/%2F%2Fetc",
            "/C:/Windows",
            "http://example.org/",
            "*",
            "/%zz",
            "/%ff",
        ] {
            assert!(normalise(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn folders_redirect_and_index_is_found() {
        let mut output = Output::default();
        output.insert("index.html".into(), b"home".to_vec());
        output.insert("norms/e/index.html".into(), b"e".to_vec());
        assert!(matches!(lookup(&output, ""), Lookup::Found("index.html")));
        assert!(matches!(
            lookup(&output, "norms/e/"),
            Lookup::Found("norms/e/index.html")
        ));
        assert!(matches!(lookup(&output, "norms/e"), Lookup::Folder));
        assert!(matches!(lookup(&output, "norms/f/"), Lookup::Missing));
        assert_eq!(encode_path("a b/é"), "a%20b/%C3%A9");
        assert_eq!(query("/a?b=c#d"), "?b=c");
        assert_eq!(encode_query("?q=é x"), "?q=%C3%A9%20x");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = inject(b"<body><p>x</p></BODY>\n</html>", "v-1");
        let text = String::from_utf8(page).unwrap();
        assert_eq!(
            text,
            "<body><p>x</p><script src=\"/__livereload.js\" data-version=\"v-1\"></script>\n</BODY>\n</html>"
        );
        assert!(String::from_utf8(inject(b"bare", "v"))
            .unwrap()
            .starts_with("bare<script"));
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(
            content_type("norms/e/index.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type("static/style.abc.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type("static/site.abc.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("timeline.svg"), "image/svg+xml");
        assert_eq!(content_type("atom.xml"), "application/xml");
        assert_eq!(content_type("data/norms.json"), "application/json");
        assert_eq!(
            content_type("norms/e/cite.ris"),
            "application/x-research-info-systems; charset=utf-8"
        );
        assert_eq!(content_type("data/norms.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("static/font.woff2"), "font/woff2");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn the_sites_own_headers_are_sent_but_caching() {
        let mut output = Output::default();
        output.insert(
            HEADERS_FILE.into(),
            b"# comment\n/*\n  Content-Security-Policy: default-src 'self'\n  X-Frame-Options: DENY\n\
              /static/*\n  Cache-Control: immutable\n  X-Static: yes\n/about/\n  X-About: 1\n"
                .to_vec(),
        );
        let names = |path: &str| -> Vec<String> {
            site_headers(&output, path)
                .into_iter()
                .map(|(n, _)| n)
                .collect()
        };
        assert_eq!(
            names("norms/e/"),
            ["Content-Security-Policy", "X-Frame-Options"]
        );
        assert_eq!(
            names("static/style.css"),
            ["Content-Security-Policy", "X-Frame-Options", "X-Static"]
        );
        assert_eq!(names("about/").last().unwrap(), "X-About");
        assert_eq!(
            site_headers(&output, "")[0],
            (
                "Content-Security-Policy".into(),
                "default-src 'self'".into()
            )
        );
        assert!(matches!(lookup(&output, HEADERS_FILE), Lookup::Missing));
        assert!(site_headers(&Output::default(), "").is_empty());
    }

    #[test]
    fn error_pages_escape_what_they_show() {
        let error = crate::diagnostics::Diagnostic::new(
            std::path::Path::new("content/a.md"),
            1,
            1,
            "<a href=\"x\">&'",
        );
        let snapshot = Snapshot {
            version: "v-1".into(),
            output: None,
            errors: Some(Arc::new(vec![error])),
        };
        let page = String::from_utf8(first_build_failed(&snapshot)).unwrap();
        assert!(
            page.contains("&lt;a href=&quot;x&quot;&gt;&amp;&#39;"),
            "{page}"
        );
        assert!(!page.contains("<a href"), "{page}");
    }
}
