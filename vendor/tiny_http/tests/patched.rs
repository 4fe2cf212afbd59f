//! PATCH (see PATCHES.md): what the vendored tiny_http does that 0.12.0 did not.

extern crate tiny_http;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread;
use std::time::Duration;

/// A server answering every request it gets with 200 "ok", and its port.
fn server() -> u16 {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    thread::spawn(move || {
        for rq in server.incoming_requests() {
            let _ = rq.respond(tiny_http::Response::from_string("ok"));
        }
    });
    port
}

/// Sends `bytes` (ignoring write errors: the server may close before it has read them
/// all), half-closes, and returns what came back before the server closed.
fn exchange(port: u16, bytes: &[u8]) -> String {
    let mut client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = client.write_all(bytes);
    let _ = client.shutdown(Shutdown::Write);
    let mut answer = Vec::new();
    // A reset after the answer (the server closed with bytes unread) keeps what was read.
    if let Err(e) = client.read_to_end(&mut answer) {
        assert_ne!(e.kind(), std::io::ErrorKind::WouldBlock, "hangs");
        assert_ne!(e.kind(), std::io::ErrorKind::TimedOut, "hangs");
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn status(answer: &str) -> &str {
    answer.get(9..12).unwrap_or(answer)
}

#[test]
fn http_2_and_3_and_0_9_get_505_and_close() {
    let port = server();
    for line in [
        "GET / HTTP/2.0",
        "PRI * HTTP/2.0",
        "GET / HTTP/3.0",
        "GET / HTTP/0.9",
    ] {
        // A request after it on the same connection is not answered: the connection closes.
        let request = format!("{}\r\n\r\nGET / HTTP/1.1\r\n\r\n", line);
        let answer = exchange(port, request.as_bytes());
        assert!(
            answer.starts_with("HTTP/1.1 505 "),
            "{}: {:?}",
            line,
            answer
        );
        assert_eq!(
            answer.matches("HTTP/1.1").count(),
            1,
            "{}: {:?}",
            line,
            answer
        );
    }
    assert_eq!(status(&exchange(port, b"GET / HTTP/1.1\r\n\r\n")), "200");
}

#[test]
fn text_after_the_version_is_refused() {
    let port = server();
    for line in [
        "GET / HTTP/1.1 extra",
        "GET / HTTP/1.1\t",
        "GET  / HTTP/1.1",
    ] {
        let answer = exchange(port, format!("{}\r\n\r\n", line).as_bytes());
        assert_eq!(status(&answer), "400", "{:?}", line);
    }
}

#[test]
fn lines_too_long_are_refused_before_they_are_read_whole() {
    let port = server();
    let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(9 * 1024));
    assert_eq!(status(&exchange(port, long_target.as_bytes())), "414");
    // A header line that never ends: answered once 16 KiB are read.
    let endless = format!("GET / HTTP/1.1\r\nX-A: {}", "a".repeat(4 * 1024 * 1024));
    assert_eq!(status(&exchange(port, endless.as_bytes())), "431");
    // Many header lines: 64 KiB in all at most.
    let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(10_000));
    assert_eq!(status(&exchange(port, many.as_bytes())), "431");
    // At the limits, served.
    let line = format!("X-A: {}\r\n", "a".repeat(16 * 1024 - 5));
    let at_limits = format!("GET /{} HTTP/1.1\r\n{}\r\n", "a".repeat(8 * 1024), line);
    assert_eq!(status(&exchange(port, at_limits.as_bytes())), "200");
}

#[test]
fn bodies_declared_over_16_kib_get_413_and_close() {
    let port = server();
    for headers in [
        "Content-Length: 1000000000000000\r\n",
        "Content-Length: 100000000000000000000000\r\n",
        "Content-Length: 16385\r\n",
        "Transfer-Encoding: chunked\r\n",
    ] {
        // What follows is not read, nor answered: the connection is closed.
        let request = format!("POST / HTTP/1.1\r\n{}\r\nGET / HTTP/1.1\r\n\r\n", headers);
        let answer = exchange(port, request.as_bytes());
        assert_eq!(status(&answer), "413", "{:?}", headers);
        assert_eq!(answer.matches("HTTP/1.1").count(), 1, "{:?}", answer);
    }
    for headers in [
        "Content-Length: 12x\r\n",
        "Content-Length: 1\r\nContent-Length: 2\r\n",
    ] {
        let request = format!("POST / HTTP/1.1\r\n{}\r\n", headers);
        assert_eq!(
            status(&exchange(port, request.as_bytes())),
            "400",
            "{:?}",
            headers
        );
    }
    // At the limit, the body is read past and the next request answered.
    let at_limit = format!(
        "POST / HTTP/1.1\r\nContent-Length: 16384\r\n\r\n{}GET / HTTP/1.1\r\n\r\n",
        "x".repeat(16 * 1024)
    );
    assert_eq!(
        exchange(port, at_limit.as_bytes())
            .matches("HTTP/1.1 200")
            .count(),
        2
    );
}
