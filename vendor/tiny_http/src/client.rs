use ascii::AsciiString;

use std::io::Error as IoError;
use std::io::Result as IoResult;
use std::io::{BufReader, BufWriter, ErrorKind, Read};

use std::net::SocketAddr;
use std::str::FromStr;

use crate::common::{HTTPVersion, Method};
use crate::util::RefinedTcpStream;
use crate::util::{SequentialReader, SequentialReaderBuilder, SequentialWriterBuilder};
use crate::Request;

// PATCH (vendor/tiny_http/PATCHES.md, item 2): the longest lines read, the same numbers as
// MAX_TARGET, MAX_HEADER_LINE and MAX_HEADERS in cyberrecord's src/serve/http.rs, which
// checks them again on every request. Lengths are without the CRLF.
/// The longest request line: an 8 KiB target plus room for the method, the version and
/// the two spaces. Longer: 414, and the connection is closed.
const MAX_REQUEST_LINE: usize = 8 * 1024 + 64;
/// The longest header line. Longer: 431, and the connection is closed.
const MAX_HEADER_LINE: usize = 16 * 1024;
/// All header lines together, 2 bytes counted for each CRLF. More: 431, and close.
const MAX_HEADERS: usize = 64 * 1024;
// PATCH (item 4): the same number as MAX_BODY in src/serve/http.rs.
/// The longest request body declared with `Content-Length`. Longer, or a chunked body
/// (whose length is not declared): 413, and the connection is closed unread.
const MAX_BODY: usize = 16 * 1024;

/// A ClientConnection is an object that will store a socket to a client
/// and return Request objects.
pub struct ClientConnection {
    // address of the client
    remote_addr: IoResult<Option<SocketAddr>>,

    // sequence of Readers to the stream, so that the data is not read in
    //  the wrong order
    source: SequentialReaderBuilder<BufReader<RefinedTcpStream>>,

    // sequence of Writers to the stream, to avoid writing response #2 before
    //  response #1
    sink: SequentialWriterBuilder<BufWriter<RefinedTcpStream>>,

    // Reader to read the next header from
    next_header_source: SequentialReader<BufReader<RefinedTcpStream>>,

    // set to true if we know that the previous request is the last one
    no_more_requests: bool,

    // true if the connection goes through SSL
    secure: bool,
}

/// Error that can happen when reading a request.
#[derive(Debug)]
enum ReadError {
    WrongRequestLine,
    WrongHeader(HTTPVersion),
    /// PATCH: the request line is longer than MAX_REQUEST_LINE
    RequestLineTooLong,
    /// PATCH: a header line or all of them are longer than MAX_HEADER_LINE or MAX_HEADERS
    HeadersTooLarge,
    /// PATCH: a version other than HTTP/1.0 and HTTP/1.1 (0.9, 2.0, 3.0)
    UnsupportedVersion,
    /// PATCH: a body declared longer than MAX_BODY, or chunked
    BodyTooLarge,
    /// the client sent an unrecognized `Expect` header
    ExpectationFailed(HTTPVersion),
    ReadIoError(IoError),
}

impl ClientConnection {
    /// Creates a new `ClientConnection` that takes ownership of the `TcpStream`.
    pub fn new(
        write_socket: RefinedTcpStream,
        mut read_socket: RefinedTcpStream,
    ) -> ClientConnection {
        let remote_addr = read_socket.peer_addr();
        let secure = read_socket.secure();

        let mut source = SequentialReaderBuilder::new(BufReader::with_capacity(1024, read_socket));
        let first_header = source.next().unwrap();

        ClientConnection {
            source,
            sink: SequentialWriterBuilder::new(BufWriter::with_capacity(1024, write_socket)),
            remote_addr,
            next_header_source: first_header,
            no_more_requests: false,
            secure,
        }
    }

    /// true if the connection is HTTPS
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// Reads the next line from self.next_header_source.
    ///
    /// Reads until `CRLF` is reached. The next read will start
    ///  at the first byte of the new line.
    ///
    /// PATCH: `Ok(None)` as soon as the line is longer than `limit` bytes without its CRLF;
    /// the rest of it is left unread (the caller answers and closes the connection).
    fn read_next_line(&mut self, limit: usize) -> IoResult<Option<AsciiString>> {
        let mut buf = Vec::new();
        let mut prev_byte_was_cr = false;

        loop {
            let byte = self.next_header_source.by_ref().bytes().next();

            let byte = match byte {
                Some(b) => b?,
                None => return Err(IoError::new(ErrorKind::ConnectionAborted, "Unexpected EOF")),
            };

            if byte == b'\n' && prev_byte_was_cr {
                buf.pop(); // removing the '\r'
                return AsciiString::from_ascii(buf)
                    .map(Some)
                    .map_err(|_| IoError::new(ErrorKind::InvalidInput, "Header is not in ASCII"));
            }

            prev_byte_was_cr = byte == b'\r';

            buf.push(byte);
            // PATCH: `limit` bytes and a '\r' may still end in a CRLF; more may not
            if buf.len() > limit + 1 || (buf.len() == limit + 1 && !prev_byte_was_cr) {
                return Ok(None);
            }
        }
    }

    /// PATCH: answers `status` with `body` and `Connection: close`, on the next writer; the
    /// caller then closes the connection. No Request of this connection may be alive
    /// unanswered, or this waits for it.
    fn refuse(&mut self, status: u16, body: &str) {
        let writer = self.sink.next().unwrap();
        let close = crate::Header::from_bytes(&b"Connection"[..], &b"close"[..]).unwrap();
        crate::Response::from_string(body)
            .with_status_code(status)
            .with_header(close)
            .raw_print(writer, HTTPVersion(1, 1), &[], false, None)
            .ok();
    }

    /// Reads a request from the stream.
    /// Blocks until the header has been read.
    fn read(&mut self) -> Result<Request, ReadError> {
        let (method, path, version, headers) = {
            // reading the request line
            let (method, path, version) = {
                let line = self
                    .read_next_line(MAX_REQUEST_LINE)
                    .map_err(ReadError::ReadIoError)?
                    .ok_or(ReadError::RequestLineTooLong)?;

                // PATCH: not trimmed, so that trailing whitespace is refused with the rest
                parse_request_line(line.as_str())?
            };

            // getting all headers
            let headers = {
                let mut headers = Vec::new();
                let mut total = 0; // PATCH: bytes of header lines so far, with their CRLFs
                loop {
                    let limit = MAX_HEADER_LINE.min(MAX_HEADERS.saturating_sub(total + 2));
                    let line = self
                        .read_next_line(limit)
                        .map_err(ReadError::ReadIoError)?
                        .ok_or(ReadError::HeadersTooLarge)?;

                    if line.is_empty() {
                        break;
                    };
                    total += line.len() + 2;
                    headers.push(match FromStr::from_str(line.as_str().trim()) {
                        // TODO: remove this conversion
                        Ok(h) => h,
                        _ => return Err(ReadError::WrongHeader(version)),
                    });
                }

                headers
            };

            // PATCH (item 1): refused here, before a Request exists. A Request holds the
            // connection's next writer, and the answer written on the writer after it would
            // wait for it for ever (upstream answered 505 while still holding the Request);
            // and dropping a Request unanswered sends a 500 first.
            if version < HTTPVersion(1, 0) || version > HTTPVersion(1, 1) {
                return Err(ReadError::UnsupportedVersion);
            }
            // PATCH (item 4): refused before a Request exists, for the same reasons, and
            // because a Request dropped unread reads its body to the end.
            check_body(&headers, &version)?;

            (method, path, version, headers)
        };

        // building the writer for the request
        let writer = self.sink.next().unwrap();

        // follow-up for next potential request
        let mut data_source = self.source.next().unwrap();
        std::mem::swap(&mut self.next_header_source, &mut data_source);

        // building the next reader
        let request = crate::request::new_request(
            self.secure,
            method,
            path,
            version.clone(),
            headers,
            *self.remote_addr.as_ref().unwrap(),
            data_source,
            writer,
        )
        .map_err(|e| {
            use crate::request;
            match e {
                request::RequestCreationError::CreationIoError(e) => ReadError::ReadIoError(e),
                request::RequestCreationError::ExpectationFailed => {
                    ReadError::ExpectationFailed(version)
                }
            }
        })?;

        // return the request
        Ok(request)
    }
}

impl Iterator for ClientConnection {
    type Item = Request;

    /// Blocks until the next Request is available.
    /// Returns None when no new Requests will come from the client.
    fn next(&mut self) -> Option<Request> {
        use crate::{Response, StatusCode};

        // the client sent a "connection: close" header in this previous request
        //  or is using HTTP 1.0, meaning that no new request will come
        if self.no_more_requests {
            return None;
        }

        loop {
            let rq = match self.read() {
                Err(ReadError::WrongRequestLine) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(400));
                    response
                        .raw_print(writer, HTTPVersion(1, 1), &[], false, None)
                        .ok();
                    return None; // we don't know where the next request would start,
                                 // se we have to close
                }

                Err(ReadError::WrongHeader(ver)) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(400));
                    response.raw_print(writer, ver, &[], false, None).ok();
                    return None; // we don't know where the next request would start,
                                 // se we have to close
                }

                Err(ReadError::ReadIoError(ref err)) if err.kind() == ErrorKind::TimedOut => {
                    // request timeout
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(408));
                    response
                        .raw_print(writer, HTTPVersion(1, 1), &[], false, None)
                        .ok();
                    return None; // closing the connection
                }

                Err(ReadError::ExpectationFailed(ver)) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(417));
                    response.raw_print(writer, ver, &[], true, None).ok();
                    return None; // TODO: should be recoverable, but needs handling in case of body
                }

                // PATCH (items 1 and 2): answered, then the connection is closed: what
                // follows an HTTP/2 preface is no HTTP/1, and the rest of a line too long
                // is not read.
                Err(ReadError::UnsupportedVersion) => {
                    self.refuse(505, "This server only supports HTTP versions 1.0 and 1.1");
                    return None;
                }
                Err(ReadError::RequestLineTooLong) => {
                    self.refuse(414, "The request line is too long");
                    return None;
                }
                Err(ReadError::HeadersTooLarge) => {
                    self.refuse(431, "The request headers are too long");
                    return None;
                }
                // PATCH (item 4): the body is left unread, so nothing after it can be read
                // as a request: close.
                Err(ReadError::BodyTooLarge) => {
                    self.refuse(413, "This server accepts no request body over 16 KiB");
                    return None;
                }

                Err(ReadError::ReadIoError(_)) => return None,

                Ok(rq) => rq,
            };

            // updating the status of the connection
            let connection_header = rq
                .headers()
                .iter()
                .find(|h| h.field.equiv("Connection"))
                .map(|h| h.value.as_str());

            let lowercase = connection_header.map(|h| h.to_ascii_lowercase());

            match lowercase {
                Some(ref val) if val.contains("close") => self.no_more_requests = true,
                Some(ref val) if val.contains("upgrade") => self.no_more_requests = true,
                Some(ref val)
                    if !val.contains("keep-alive") && *rq.http_version() == HTTPVersion(1, 0) =>
                {
                    self.no_more_requests = true
                }
                None if *rq.http_version() == HTTPVersion(1, 0) => self.no_more_requests = true,
                _ => (),
            };

            // returning the request
            return Some(rq);
        }
    }
}

/// PATCH (item 4): what the headers declare of the body, before any of it is read. Any
/// `Transfer-Encoding` (tiny_http reads every one as chunked) or a `Content-Length` over
/// MAX_BODY is too large; a `Content-Length` that is not a number, or two that differ, is a
/// bad header (upstream read such a request as having no body, and its body as the next
/// request).
fn check_body(headers: &[crate::Header], version: &HTTPVersion) -> Result<(), ReadError> {
    if headers.iter().any(|h| h.field.equiv("Transfer-Encoding")) {
        return Err(ReadError::BodyTooLarge);
    }
    let mut lengths = headers
        .iter()
        .filter(|h| h.field.equiv("Content-Length"))
        .map(|h| h.value.as_str());
    let first = match lengths.next() {
        Some(first) => first,
        None => return Ok(()),
    };
    let digits = !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit());
    if !digits || lengths.any(|other| other != first) {
        return Err(ReadError::WrongHeader(version.clone()));
    }
    // Digits only: a number that does not parse is larger than a usize.
    match first.parse::<usize>() {
        Ok(length) if length <= MAX_BODY => Ok(()),
        _ => Err(ReadError::BodyTooLarge),
    }
}

/// Parses a "HTTP/1.1" string.
fn parse_http_version(version: &str) -> Result<HTTPVersion, ReadError> {
    let (major, minor) = match version {
        "HTTP/0.9" => (0, 9),
        "HTTP/1.0" => (1, 0),
        "HTTP/1.1" => (1, 1),
        "HTTP/2.0" => (2, 0),
        "HTTP/3.0" => (3, 0),
        _ => return Err(ReadError::WrongRequestLine),
    };

    Ok(HTTPVersion(major, minor))
}

/// Parses the request line of the request.
/// eg. GET / HTTP/1.1
///
/// PATCH: exactly three parts separated by single spaces; anything after the version (or a
/// second space anywhere) is refused, where upstream ignored it.
fn parse_request_line(line: &str) -> Result<(Method, String, HTTPVersion), ReadError> {
    let mut parts = line.split(' ');
    if line.split(' ').count() != 3 {
        return Err(ReadError::WrongRequestLine);
    }

    let method = parts.next().and_then(|w| w.parse().ok());
    let path = parts.next().map(ToOwned::to_owned);
    let version = parts.next().and_then(|w| parse_http_version(w).ok());

    method
        .and_then(|method| Some((method, path?, version?)))
        .ok_or(ReadError::WrongRequestLine)
}

#[cfg(test)]
mod test {
    #[test]
    fn test_parse_request_line() {
        let (method, path, ver) = super::parse_request_line("GET /hello HTTP/1.1").unwrap();

        assert!(method == crate::Method::Get);
        assert!(path == "/hello");
        assert!(ver == crate::common::HTTPVersion(1, 1));

        assert!(super::parse_request_line("GET /hello").is_err());
        assert!(super::parse_request_line("qsd qsd qsd").is_err());
    }

    // PATCH: what upstream let through
    #[test]
    fn test_parse_request_line_refuses_more_than_three_parts() {
        for line in [
            "GET / HTTP/1.1 extra",
            "GET / HTTP/1.1 ",
            "GET / HTTP/1.1\t",
            "GET  / HTTP/1.1",
            " GET / HTTP/1.1",
            "GET\t/\tHTTP/1.1",
        ] {
            assert!(super::parse_request_line(line).is_err(), "{:?}", line);
        }
    }
}
