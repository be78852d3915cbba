//! A small static file server for the built site on 127.0.0.1, used by the
//! live preview (which adds a reload script and a build-generation endpoint)
//! and by the browser checks (which serve the site as it is).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

const GENERATION_PATH: &str = "/__xtask/generation";

/// The script added to every page in the live preview: reload when the
/// build generation changes.
const RELOAD_SCRIPT: &str = "<script>(function(){var seen=null;setInterval(function(){fetch('/__xtask/generation').then(function(r){return r.text();}).then(function(g){if(seen!==null&&g!==seen){location.reload();}seen=g;}).catch(function(){});},700);})();</script>";

/// Serves `site` on `listener` from a background thread. With a
/// `generation`, pages get the live-reload script.
pub fn start(listener: TcpListener, site: PathBuf, generation: Option<Arc<AtomicU64>>) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (site, generation) = (site.clone(), generation.clone());
            std::thread::spawn(move || {
                let _ = respond(stream, &site, generation.as_deref());
            });
        }
    });
}

fn respond(stream: TcpStream, site: &Path, generation: Option<&AtomicU64>) -> std::io::Result<()> {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut stream = &stream;
    if let (GENERATION_PATH, Some(generation)) = (path, generation) {
        let body = generation.load(Ordering::SeqCst).to_string();
        return send(&mut stream, "200 OK", "text/plain", body.as_bytes());
    }
    match resolve(site, path).and_then(|file| std::fs::read(&file).ok().map(|body| (file, body))) {
        Some((file, body)) => {
            let kind = content_type(&file);
            if kind.starts_with("text/html") && generation.is_some() {
                let html = String::from_utf8_lossy(&body).replacen(
                    "</body>",
                    &format!("{RELOAD_SCRIPT}</body>"),
                    1,
                );
                send(&mut stream, "200 OK", kind, html.as_bytes())
            } else {
                send(&mut stream, "200 OK", kind, &body)
            }
        }
        None => {
            let body =
                std::fs::read(site.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            send(
                &mut stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
            )
        }
    }
}

/// The file under `site` that a URL path names, refusing to leave `site`.
fn resolve(site: &Path, url_path: &str) -> Option<PathBuf> {
    let mut file = site.to_path_buf();
    for part in url_path.split('/').filter(|part| !part.is_empty()) {
        if part == ".." || part.contains('\\') {
            return None;
        }
        file.push(part);
    }
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

fn send(stream: &mut &TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project;

    #[test]
    fn resolve_stays_inside_the_site() {
        let site = project::root();
        assert_eq!(resolve(&site, "/Cargo.toml"), Some(site.join("Cargo.toml")));
        assert_eq!(resolve(&site, "/../etc/passwd"), None);
        assert_eq!(resolve(&site, "/no-such-file"), None);
    }
}
