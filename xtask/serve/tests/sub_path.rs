//! The server with a path prefix, as GitHub Pages serves a project's site
//! under `/<repository>/`: the site answers only under the prefix, and any
//! other path, and any missing file, gets 404 with the site's `404.html`.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;

use xtask::project;
use xtask_serve::http_server::{self, Options};

use common::{send, send_for_headers};

const PREFIX: &str = "/ml-math-notes/";
const NOT_FOUND_PAGE: &str = "<html><body>the 404 page</body></html>";

/// A tiny site: a front page, a chapter, a stylesheet and a 404 page; one
/// folder per test, since tests run at once.
fn site(name: &str) -> PathBuf {
    let dir = project::scratch_dir(&format!("serve-test-sub-path-{name}")).join("site");
    fs_err::create_dir_all(dir.join("css")).unwrap();
    fs_err::write(dir.join("index.html"), "<html><body>the book</body></html>").unwrap();
    fs_err::write(dir.join("ch01.html"), "<html><body>chapter 1</body></html>").unwrap();
    fs_err::write(dir.join("css").join("general.css"), "body {}").unwrap();
    fs_err::write(dir.join("404.html"), NOT_FOUND_PAGE).unwrap();
    dir
}

/// Serves the site of test `name` under `prefix`; returns the port.
fn start(name: &str, prefix: Option<&str>) -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let options = Options {
        prefix: prefix.map(str::to_owned),
        ..Options::default()
    };
    http_server::start(listener, site(name), options)?;
    Ok(port)
}

/// `GET path` as the site's own pages ask: the status and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    send(port, "GET", path, &format!("127.0.0.1:{port}"), None, "")
}

#[test]
fn the_site_is_served_under_the_prefix() {
    let port = start("served", Some(PREFIX)).unwrap();
    for (path, body) in [
        ("/ml-math-notes/", "the book"),
        ("/ml-math-notes/index.html", "the book"),
        ("/ml-math-notes/ch01.html?highlight=x", "chapter 1"),
        ("/ml-math-notes/css/general.css", "body {}"),
        ("/ml-math-notes/%63h01.html", "chapter 1"),
    ] {
        let (status, answer) = get(port, path);
        assert_eq!(status, 200, "{path}: {answer}");
        assert!(answer.contains(body), "{path}: {answer}");
    }
}

#[test]
fn every_other_path_is_the_sites_404_page() {
    let port = start("404", Some(PREFIX)).unwrap();
    for path in [
        "/",
        "/index.html",
        "/ch01.html",
        "/css/general.css",
        "/ml-math-notes-old",
        "/ml-math-notes-old/index.html",
        "/ml-math-notes/no/such/page.html",
        "/ml-math-notes/ch99.html",
        "/ml-math-notes/%2e%2e/ml-math-notes/index.html",
        "/other/ml-math-notes/index.html",
    ] {
        let (status, answer) = get(port, path);
        assert_eq!(status, 404, "{path}: {answer}");
        assert_eq!(answer, NOT_FOUND_PAGE, "{path}");
    }
}

/// Where `GET path` is redirected to, with the status.
fn redirect(port: u16, path: &str) -> (u16, Option<String>) {
    let (status, headers, _) =
        send_for_headers(port, "GET", path, &format!("127.0.0.1:{port}"), None, "");
    let location = headers.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("location")
            .then(|| value.trim().to_owned())
    });
    (status, location)
}

#[test]
fn a_folder_without_its_trailing_slash_is_redirected_to_it() {
    // As GitHub Pages does: the page's relative links resolve only from
    // the address with the slash.
    let port = start("slash", Some(PREFIX)).unwrap();
    for (path, to) in [
        ("/ml-math-notes", "/ml-math-notes/"),
        (
            "/ml-math-notes?search=vector",
            "/ml-math-notes/?search=vector",
        ),
        ("/ml-math-notes/css", "/ml-math-notes/css/"),
    ] {
        assert_eq!(redirect(port, path), (301, Some(to.to_owned())), "{path}");
    }
    let root = start("slash-root", None).unwrap();
    assert_eq!(redirect(root, "/css"), (301, Some("/css/".to_owned())));
    assert_eq!(redirect(root, "/ch01.html"), (200, None));
    assert_eq!(redirect(root, "/ml-math-notes"), (404, None));
}

#[test]
fn without_a_prefix_the_site_is_at_the_root() {
    let port = start("root", None).unwrap();
    assert_eq!(get(port, "/ch01.html").0, 200);
    let (status, answer) = get(port, "/ml-math-notes/ch01.html");
    assert_eq!((status, answer.as_str()), (404, NOT_FOUND_PAGE));
}

#[test]
fn a_prefix_needs_a_slash_at_each_end() {
    for prefix in ["ml-math-notes/", "/ml-math-notes", "/"] {
        let error = start("slashes", Some(prefix)).unwrap_err();
        assert!(
            error.to_string().contains("must start and end with `/`"),
            "{prefix}: {error}"
        );
    }
}
