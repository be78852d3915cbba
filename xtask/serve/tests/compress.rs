//! With `compress`, the server sends text gzip-compressed to a browser that
//! accepts it, as a real host does, and everything else as it is.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use xtask::project;
use xtask_serve::http_server::{self, Options};

const PAGE: &str = "<html><body>a page that compresses well, well, well</body></html>";
const FONT: &[u8] = b"wOF2 not really a font";

/// Serves a tiny site with compression on; returns the port.
fn start() -> u16 {
    let site = project::scratch_dir("serve-test-compress").join("site");
    fs_err::create_dir_all(&site).unwrap();
    fs_err::write(site.join("index.html"), PAGE).unwrap();
    fs_err::write(site.join("font.woff2"), FONT).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let options = Options {
        compress: true,
        ..Options::default()
    };
    http_server::start(listener, site, options).unwrap();
    port
}

/// `GET path`, with `Accept-Encoding: gzip` or not: the headers and the
/// raw body.
fn get(port: u16, path: &str, gzip: bool) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let accept = if gzip {
        "Accept-Encoding: gzip, deflate\r\n"
    } else {
        ""
    };
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{accept}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let end = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let headers = String::from_utf8_lossy(&answer[..end]).into_owned();
    (headers, answer[end + 4..].to_vec())
}

#[test]
fn text_is_compressed_for_browsers_that_accept_it() {
    let port = start();
    let (headers, body) = get(port, "/index.html", true);
    assert!(headers.contains("Content-Encoding: gzip"), "{headers}");
    let mut page = String::new();
    flate2::read::GzDecoder::new(body.as_slice())
        .read_to_string(&mut page)
        .unwrap();
    assert_eq!(page, PAGE);

    let (headers, body) = get(port, "/index.html", false);
    assert!(!headers.contains("Content-Encoding"), "{headers}");
    assert_eq!(body, PAGE.as_bytes());

    let (headers, body) = get(port, "/font.woff2", true);
    assert!(!headers.contains("Content-Encoding"), "{headers}");
    assert_eq!(body, FONT);
}
