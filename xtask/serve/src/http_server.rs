//! The HTTP server for the built site on 127.0.0.1, on tiny_http: the
//! browser checks serve the site as it is; the live preview adds a reload
//! script and a build-generation endpoint, and the local runner, which
//! answers the pages' Run buttons instead of the official playground.
//!
//! Every request passes `guard` first (the site's own `Host` and `Origin`,
//! else 403). URL paths are percent-decoded and may not leave the site.
//! With a path prefix, the site is served only under it, as GitHub Pages
//! serves a project's site under `/<repository>/`; like there, any other
//! path and any missing file is answered 404 with the site's `404.html`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use tiny_http::{Method, Request};

use crate::guard;
use crate::runner::{self, Runner};

const GENERATION_PATH: &str = "/__xtask/generation";
/// Where the preview answers the playground's endpoints.
pub const PLAYGROUND_PATH: &str = "/__xtask/playground/";

/// Requests handled at once: a run holds its thread for seconds, and pages,
/// figures and the reload poll must still be served meanwhile.
const WORKERS: usize = 8;

/// The script added to every page in the live preview: reload when the
/// build generation changes (it asks `GENERATION_PATH`).
const RELOAD_SCRIPT: &str = include_str!("../../../theme/live-reload.js");
/// The script that names the local runner for `theme/book.js`.
const PLAYGROUND_SCRIPT: &str = include_str!("../../../theme/serve-playground.js");

/// What the server adds to the plain site.
#[derive(Default, Clone)]
pub struct Options {
    /// With a generation, pages get the live-reload script.
    pub generation: Option<Arc<AtomicU64>>,
    /// With a runner, Run buttons use it instead of the official playground.
    pub runner: Option<Arc<Runner>>,
    /// With a prefix such as `/ml-math-notes/` (a slash at each end), the
    /// site is served only under it. The preview's own endpoints (the
    /// build generation, the local runner) stay where they are.
    pub prefix: Option<String>,
    /// Text compressed with gzip when the browser accepts it, as a real
    /// host serves it (Lighthouse times the page as it would arrive).
    pub compress: bool,
}

/// Serves `site` on `listener` from background threads.
pub fn start(listener: TcpListener, site: PathBuf, options: Options) -> anyhow::Result<()> {
    if let Some(prefix) = &options.prefix {
        anyhow::ensure!(
            prefix.len() > 1 && prefix.starts_with('/') && prefix.ends_with('/'),
            "the path prefix `{prefix}` must start and end with `/`, as in `/ml-math-notes/`"
        );
    }
    let port = listener.local_addr()?.port();
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|error| anyhow::anyhow!("starting the HTTP server on port {port}: {error}"))?;
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let (server, site, options) = (Arc::clone(&server), site.clone(), options.clone());
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                let url = request.url().to_owned();
                if let Err(error) = respond(request, &site, &options, port)
                    && !client_went_away(&error)
                {
                    eprintln!("serving {url}: {error:#}");
                }
            }
        });
    }
    Ok(())
}

/// Whether `error` is only the browser closing the connection before the
/// answer was sent (it does when it no longer needs a file): nothing to
/// report.
fn client_went_away(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            )
        })
    })
}

fn header<'a>(request: &'a Request, name: &'static str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|header| header.field.equiv(name))
        .map(|header| header.value.as_str())
}

fn respond(mut request: Request, site: &Path, options: &Options, port: u16) -> anyhow::Result<()> {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    let runs_code = path.starts_with(PLAYGROUND_PATH);
    if let Err(why) = guard::check(
        header(&request, "Host"),
        header(&request, "Origin"),
        runs_code,
        port,
    ) {
        return send(request, 403, "text/plain; charset=utf-8", why.into_bytes());
    }
    let method = request.method().clone();
    if let (Some(endpoint), Method::Post, Some(runner)) =
        (path.strip_prefix(PLAYGROUND_PATH), &method, &options.runner)
    {
        let (status, body) = match read_body(&mut request) {
            Err(answer) => answer,
            Ok(body) => match endpoint {
                "meta/crates" => Runner::crates(),
                "evaluate.json" => runner.evaluate(&body),
                "execute" => runner.execute(&body),
                _ => (404, "{\"error\":\"no such endpoint\"}".to_owned()),
            },
        };
        return send(request, status, "application/json", body.into_bytes());
    }
    if method != Method::Get && method != Method::Head {
        return send(request, 405, "text/plain", b"method not allowed".to_vec());
    }
    if let (GENERATION_PATH, Some(generation)) = (path.as_str(), &options.generation) {
        let body = generation.load(Ordering::SeqCst).to_string();
        return send(request, 200, "text/plain", body.into_bytes());
    }
    if let Some(location) = directory_redirect(site, &request, &path, options.prefix.as_deref()) {
        return send_redirect(request, &location);
    }
    let file = percent_decode(&path).and_then(|path| {
        let inside = under_prefix(&path, options.prefix.as_deref())?;
        resolve(site, inside)
    });
    let Some(file) = file else {
        let body = fs_err::read(site.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
        return send(request, 404, "text/html; charset=utf-8", body);
    };
    let body = fs_err::read(&file).with_context(|| format!("reading {}", file.display()))?;
    let kind = content_type(&file);
    let body = match adapt(&file, body, options) {
        Ok(body) => body,
        Err(error) => {
            let message = format!("{error:#}");
            eprintln!("error: {message}");
            return send(
                request,
                500,
                "text/plain; charset=utf-8",
                message.into_bytes(),
            );
        }
    };
    if options.compress && accepts_gzip(&request) && is_text(kind) {
        return send_gzip(request, kind, &body);
    }
    send(request, 200, kind, body)
}

fn accepts_gzip(request: &Request) -> bool {
    header(request, "Accept-Encoding").is_some_and(|accepted| accepted.contains("gzip"))
}

/// Types worth compressing: fonts and PNGs are compressed already.
fn is_text(kind: &str) -> bool {
    kind.starts_with("text/") || kind == "image/svg+xml" || kind == "application/json"
}

fn send_gzip(request: Request, kind: &str, body: &[u8]) -> anyhow::Result<()> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).context("compressing")?;
    let body = encoder.finish().context("compressing")?;
    write_answer(request, 200, kind, &[("Content-Encoding", "gzip")], body)
}

/// The request's body, or the answer to a body over `runner::MAX_BODY`.
fn read_body(request: &mut Request) -> Result<String, runner::Answer> {
    let mut body = Vec::new();
    let limit = runner::MAX_BODY as u64 + 1;
    if request
        .as_reader()
        .take(limit)
        .read_to_end(&mut body)
        .is_err()
    {
        return Err((
            400,
            "{\"error\":\"the request body could not be read\"}".into(),
        ));
    }
    if body.len() > runner::MAX_BODY {
        let message = format!("the code is longer than {} bytes", runner::MAX_BODY);
        return Err((
            413,
            serde_json::json!({ "error": message, "result": message }).to_string(),
        ));
    }
    String::from_utf8(body).map_err(|_| (400, "{\"error\":\"the body is not UTF-8\"}".into()))
}

/// What the preview changes in a page on its way out: with a runner, the
/// head names it for `theme/book.js` (`theme/serve-playground.js`); with a
/// generation, the body ends with the reload script. Nothing else changes.
fn adapt(file: &Path, body: Vec<u8>, options: &Options) -> anyhow::Result<Vec<u8>> {
    let is_page = file.extension().is_some_and(|e| e == "html");
    if !is_page || (options.generation.is_none() && options.runner.is_none()) {
        return Ok(body);
    }
    let mut html = String::from_utf8_lossy(&body).into_owned();
    if options.runner.is_some() {
        html = local_playground(&html)
            .with_context(|| format!("serving {} with the local runner", file.display()))?;
    }
    if options.generation.is_some() {
        html = html.replacen(
            "</body>",
            &format!("{}</body>", xtask::build::scripts::inline(RELOAD_SCRIPT)),
            1,
        );
    }
    Ok(html.into_bytes())
}

/// `page` with `theme/serve-playground.js` first in its head, before any
/// script: `theme/book.js` then sends Run to the local runner, and allows
/// for compiling here. The head must open exactly once.
pub fn local_playground(page: &str) -> anyhow::Result<String> {
    const HEAD: &str = "<head>";
    let found = page.matches(HEAD).count();
    anyhow::ensure!(
        found == 1,
        "the page has {found} `{HEAD}`, not 1, so the local runner cannot be named before its scripts; update local_playground in xtask/serve/src/http_server.rs"
    );
    Ok(page.replacen(
        HEAD,
        &format!(
            "{HEAD}\n{}",
            xtask::build::scripts::inline(PLAYGROUND_SCRIPT)
        ),
        1,
    ))
}

/// `%XX` escapes decoded; `None` for a broken escape or a path that is not
/// UTF-8 or holds a NUL.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = path.get(index + 1..index + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded)
        .ok()
        .filter(|text| !text.contains('\0'))
}

/// The part of a decoded URL path inside the site: all of it without a
/// prefix, what follows the prefix with one, `None` outside the prefix.
fn under_prefix<'a>(url_path: &'a str, prefix: Option<&str>) -> Option<&'a str> {
    match prefix {
        None => Some(url_path),
        Some(prefix) => url_path.strip_prefix(prefix),
    }
}

/// Where to send a request for a folder named without its trailing slash
/// (the prefix itself, such as `/ml-math-notes`, or a folder of the site):
/// the same address with the slash, its query kept, as GitHub Pages does.
/// Relative links on the folder's page resolve only from there.
fn directory_redirect(
    site: &Path,
    request: &Request,
    path: &str,
    prefix: Option<&str>,
) -> Option<String> {
    if path.ends_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    let with_slash = format!("{decoded}/");
    let is_folder = prefix == Some(with_slash.as_str())
        || under_prefix(&decoded, prefix)
            .and_then(|inside| folder(site, inside))
            .is_some();
    if !is_folder {
        return None;
    }
    let query = request
        .url()
        .split_once('?')
        .map_or(String::new(), |(_, query)| format!("?{query}"));
    Some(format!("{path}/{query}"))
}

/// The folder under `site` (not `site` itself) that a decoded URL path
/// names.
fn folder(site: &Path, url_path: &str) -> Option<PathBuf> {
    site_path(site, url_path).filter(|dir| dir != site && dir.is_dir())
}

/// The path under `site` that a decoded URL path names, `None` if it would
/// leave `site`.
fn site_path(site: &Path, url_path: &str) -> Option<PathBuf> {
    let mut path = site.to_path_buf();
    for part in url_path.split('/').filter(|part| !part.is_empty()) {
        if part == ".." || part == "." || part.contains('\\') {
            return None;
        }
        path.push(part);
    }
    Some(path)
}

/// The file under `site` that a decoded URL path names, refusing to leave
/// `site`.
fn resolve(site: &Path, url_path: &str) -> Option<PathBuf> {
    let mut file = site_path(site, url_path)?;
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|ext| ext.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Answers `request` with `body`, uncompressed.
fn send(request: Request, status: u16, kind: &str, body: Vec<u8>) -> anyhow::Result<()> {
    write_answer(request, status, kind, &[], body)
}

/// Answers `request` with a permanent redirect to `location`.
fn send_redirect(request: Request, location: &str) -> anyhow::Result<()> {
    let body = format!("moved to {location}").into_bytes();
    write_answer(
        request,
        301,
        "text/plain; charset=utf-8",
        &[("Location", location)],
        body,
    )
}

/// Answers `request`, with `headers` besides the usual ones, and closes its
/// connection.
///
/// tiny_http keeps connections open, and its pool hands a new connection
/// to a thread only when one is free: with Chromium's six keep-alive
/// connections, a seventh could wait for minutes, and a page with it (seen
/// here: a stylesheet never requested). Closing after each answer frees
/// the thread at once. tiny_http drops a `Connection` header given to a
/// `Response`, so the answer is written to its raw writer; parsing the
/// request stays tiny_http's.
fn write_answer(
    request: Request,
    status: u16,
    kind: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> anyhow::Result<()> {
    let with_body = *request.method() != Method::Head;
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    let mut writer = request.into_writer();
    write!(
        writer,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\n{}Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}\r\n"))
            .collect::<String>(),
        body.len()
    )
    .and_then(|()| if with_body { writer.write_all(&body) } else { Ok(()) })
    .and_then(|()| writer.flush())
    .context("answering")
}

#[cfg(test)]
mod tests {
    use super::*;
    use xtask::project;

    #[test]
    fn a_closed_connection_is_not_reported_but_other_errors_are() {
        let closed = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            .context("sending the answer");
        assert!(client_went_away(&closed));
        let reset = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert!(client_went_away(&reset));
        let missing = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::NotFound))
            .context("reading index.html");
        assert!(!client_went_away(&missing));
        assert!(!client_went_away(&anyhow::anyhow!("a bad request")));
    }

    #[test]
    fn resolve_stays_inside_the_site() {
        let site = project::root();
        assert_eq!(resolve(&site, "/Cargo.toml"), Some(site.join("Cargo.toml")));
        assert_eq!(resolve(&site, "/../etc/passwd"), None);
        assert_eq!(resolve(&site, "/no-such-file"), None);
    }

    #[test]
    fn percent_escapes_are_decoded_before_the_path_is_checked() {
        let site = project::root();
        let decoded = percent_decode("/%2e%2e/etc/passwd").unwrap();
        assert_eq!(decoded, "/../etc/passwd");
        assert_eq!(resolve(&site, &decoded), None);
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/broken%2"), None);
        assert_eq!(percent_decode("/nul%00"), None);
    }

    #[test]
    fn a_prefix_keeps_the_site_under_it() {
        let prefix = Some("/ml-math-notes/");
        assert_eq!(under_prefix("/ch01.html", None), Some("/ch01.html"));
        assert_eq!(
            under_prefix("/ml-math-notes/ch01.html", prefix),
            Some("ch01.html")
        );
        assert_eq!(under_prefix("/ml-math-notes/", prefix), Some(""));
        assert_eq!(under_prefix("/ch01.html", prefix), None);
        assert_eq!(under_prefix("/ml-math-notes", prefix), None);
        assert_eq!(under_prefix("/ml-math-notes-old/ch01.html", prefix), None);
        // The prefix is matched on the decoded path, before `resolve`
        // refuses to leave the site.
        let site = project::root();
        let decoded = percent_decode("/ml-math-notes/%2e%2e/Cargo.toml").unwrap();
        assert_eq!(
            resolve(&site, under_prefix(&decoded, prefix).unwrap()),
            None
        );
    }

    #[test]
    fn the_reload_script_asks_where_the_server_answers() {
        assert!(RELOAD_SCRIPT.contains(&format!("'{GENERATION_PATH}'")));
    }

    #[test]
    fn pages_name_the_local_runner_before_their_scripts() {
        assert!(PLAYGROUND_SCRIPT.contains(&format!("url: '{PLAYGROUND_PATH}'")));
        let page = "<html><head><script>x</script></head><body></body></html>";
        let local = local_playground(page).unwrap();
        let named = local.find("window.book_playground").unwrap();
        assert!(named < local.find("<script>x").unwrap(), "{local}");
        assert!(!local.contains("Inlined by"), "header comment: {local}");
        assert!(local_playground("<p>no head here</p>").is_err());
        // theme/book.js reads the name, else asks the official playground.
        let book_js = include_str!("../../../theme/book.js");
        assert!(book_js.contains("window.book_playground || { url: 'https://play.rust-lang.org/'"));
    }
}
