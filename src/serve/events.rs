//! Server-sent events at `/__livereload`: one thread per open stream, fed by a channel
//! from the [`Hub`](super::live::Hub). A stream thread only ever waits on its channel, so any number of open
//! pages leave the threads that answer requests free.
//!
//! Events (each `data:` is one line of JSON):
//! - `hello {version}` on connect: a page whose version differs reloads (it missed a build,
//!   or the server restarted);
//! - `reload {version}`: the site changed;
//! - `css {version, swaps: [{old, new}]}`: only stylesheets changed, swap them in place;
//! - `error {version, errors: [{message, file, line, column}], total}`: the build failed;
//! - `ok {version}`: the build succeeds again, remove the error overlay.

use super::live::{LiveSite, Snapshot};
use crate::diagnostics::{Diagnostic, MAX_REPORTED};
use serde_json::json;
use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

/// A comment line this often finds streams whose browser has gone, so their threads end.
const PING: Duration = Duration::from_secs(10);
/// Beyond this many open streams a new one is refused (503) rather than spawning threads
/// without bound.
const MAX_STREAMS: usize = 256;
/// How long a browser waits before reconnecting after the server went away.
const RETRY_MS: u32 = 500;

fn hello(version: &str) -> String {
    format!(
        "retry: {RETRY_MS}\n{}",
        frame("hello", &json!({ "version": version }))
    )
}

pub(crate) fn reload(version: &str) -> String {
    frame("reload", &json!({ "version": version }))
}

pub(crate) fn ok(version: &str) -> String {
    frame("ok", &json!({ "version": version }))
}

pub(crate) fn css(version: &str, swaps: &[(String, String)]) -> String {
    let swaps: Vec<_> = swaps
        .iter()
        .map(|(old, new)| json!({ "old": old, "new": new }))
        .collect();
    frame("css", &json!({ "version": version, "swaps": swaps }))
}

pub(crate) fn error(version: &str, diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<_> = diagnostics
        .iter()
        .take(MAX_REPORTED)
        .map(|d| {
            json!({
                "message": d.message,
                "file": d.path.display().to_string().replace('\\', "/"),
                "line": d.line,
                "column": d.column,
            })
        })
        .collect();
    frame(
        "error",
        &json!({ "version": version, "errors": errors, "total": diagnostics.len() }),
    )
}

/// serde_json escapes newlines, so the data is always one `data:` line.
fn frame(event: &str, data: &serde_json::Value) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}

/// Answers a GET of `/__livereload` with an endless event stream on its own thread.
pub(crate) fn stream(request: tiny_http::Request, live: &Arc<LiveSite>) {
    let open = live.hub.open.clone();
    if open.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        open.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(
            tiny_http::Response::from_string("too many open streams\n").with_status_code(503),
        );
        return;
    }
    let (rx, snapshot) = live.subscribe();
    let spawned = std::thread::Builder::new()
        .name("livereload stream".into())
        .spawn(move || {
            // The response is written by hand: tiny_http's own responses buffer a chunked
            // body, and an event must reach the browser the moment it is sent.
            let mut writer = request.into_writer();
            let _ = feed(&mut *writer, &snapshot, &rx);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    if spawned.is_err() {
        live.hub.open.fetch_sub(1, Ordering::SeqCst);
    }
}

fn feed(
    writer: &mut dyn Write,
    snapshot: &Snapshot,
    rx: &Receiver<Arc<str>>,
) -> std::io::Result<()> {
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    )?;
    writer.write_all(hello(&snapshot.version).as_bytes())?;
    if let Some(errors) = &snapshot.errors {
        writer.write_all(error(&snapshot.version, errors).as_bytes())?;
    }
    writer.flush()?;
    loop {
        match rx.recv_timeout(PING) {
            Ok(frame) => writer.write_all(frame.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => writer.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        writer.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_frame_is_one_data_line() {
        let d = Diagnostic::new(Path::new("content/a.md"), 3, 4, "bad\nthing \"x\"");
        let text = error("v-1", &[d]);
        assert!(text.starts_with("event: error\ndata: {"));
        assert!(text.ends_with("}\n\n"));
        assert_eq!(text.lines().count(), 3);
        let data: serde_json::Value =
            serde_json::from_str(text.lines().nth(1).unwrap().strip_prefix("data: ").unwrap())
                .unwrap();
        assert_eq!(data["errors"][0]["file"], "content/a.md");
        assert_eq!(data["errors"][0]["line"], 3);
        assert_eq!(data["errors"][0]["message"], "bad\nthing \"x\"");
    }
}
