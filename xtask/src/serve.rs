//! `cargo xtask serve`: a live preview on 127.0.0.1.
//!
//! Serves `target/book/`, watches the sources, and rebuilds when one
//! changes. Open pages poll a tiny endpoint and reload after a rebuild. A
//! change to Rust code (the math or a figure) needs a new xtask binary, so
//! the server rebuilds itself with cargo and restarts in place.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use anyhow::Context;

use crate::project;

const GENERATION_PATH: &str = "/__xtask/generation";
const POLL: Duration = Duration::from_millis(300);

/// The script added to every served page: reload when the build changes.
const RELOAD_SCRIPT: &str = "<script>(function(){var seen=null;setInterval(function(){fetch('/__xtask/generation').then(function(r){return r.text();}).then(function(g){if(seen!==null&&g!==seen){location.reload();}seen=g;}).catch(function(){});},700);})();</script>";

pub fn run(port: u16) -> anyhow::Result<()> {
    if let Err(error) = crate::build_book() {
        eprintln!("\nerror: {error:#}\n(serving the last good build; fix the sources and save)");
    }
    let listener = TcpListener::bind(("127.0.0.1", port)).with_context(|| {
        format!("binding 127.0.0.1:{port} (is another server using it? try --port)")
    })?;
    // Start from the clock, not 1, so pages open before a restart reload.
    let started = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let generation = Arc::new(AtomicU64::new(started.as_secs()));
    let site = project::site_dir();
    {
        let generation = Arc::clone(&generation);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (site, generation) = (site.clone(), Arc::clone(&generation));
                std::thread::spawn(move || {
                    let _ = respond(stream, &site, &generation);
                });
            }
        });
    }
    eprintln!("Serving the book on http://127.0.0.1:{port}/ ; watching the sources (Ctrl-C stops)");
    watch(&generation)
}

fn watch(generation: &AtomicU64) -> anyhow::Result<()> {
    let mut seen = snapshot();
    loop {
        std::thread::sleep(POLL);
        let now = snapshot();
        if now == seen {
            continue;
        }
        let changed: std::collections::BTreeSet<&PathBuf> = now
            .keys()
            .chain(seen.keys())
            .filter(|path| now.get(*path) != seen.get(*path))
            .collect();
        if changed.iter().any(|path| is_rust_source(path)) {
            return restart();
        }
        eprintln!(
            "\nChanged: {}",
            changed
                .iter()
                .map(|p| project::display(p))
                .collect::<Vec<_>>()
                .join(", ")
        );
        match crate::build_book() {
            Ok(()) => {
                generation.fetch_add(1, Ordering::SeqCst);
            }
            Err(error) => eprintln!("\nerror: {error:#}\n(still serving the last good build)"),
        }
        seen = snapshot();
    }
}

/// The sources a build reads, with their modification times.
fn snapshot() -> BTreeMap<PathBuf, SystemTime> {
    let root = project::root();
    let figures = project::figures_dir();
    let watched = [
        "book",
        "theme",
        "book.toml",
        "crates",
        "xtask/src",
        "Cargo.toml",
    ];
    let mut files = BTreeMap::new();
    for entry in watched
        .iter()
        .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)))
        .flatten()
    {
        if entry.file_type().is_file()
            && !entry.path().starts_with(&figures)
            && let Ok(modified) = std::fs::metadata(entry.path()).and_then(|m| m.modified())
        {
            files.insert(entry.path().to_path_buf(), modified);
        }
    }
    files
}

fn is_rust_source(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "rs")
        || path.file_name().is_some_and(|name| name == "Cargo.toml")
}

/// Rebuilds xtask with cargo and replaces this process with the new binary.
fn restart() -> anyhow::Result<()> {
    eprintln!("\nRust code changed: rebuilding xtask and restarting the preview");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--package", "xtask"])
        .current_dir(project::root())
        .status()?;
    if !status.success() {
        eprintln!("the build failed; fix it and save again");
        return watch_for_fix();
    }
    // Once cargo has replaced the binary, Linux reports the old one's path
    // with " (deleted)" appended; the new binary is at the plain path.
    let exe = std::env::current_exe()?;
    let exe = PathBuf::from(exe.to_string_lossy().trim_end_matches(" (deleted)"));
    let args: Vec<String> = std::env::args().skip(1).collect();
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = std::process::Command::new(&exe).args(&args).exec();
        Err(error).context("restarting the preview")
    }
    #[cfg(not(unix))]
    {
        std::process::Command::new(&exe).args(&args).spawn()?;
        std::process::exit(0)
    }
}

/// After a failed cargo build, waits for the next change and tries again.
fn watch_for_fix() -> anyhow::Result<()> {
    let seen = snapshot();
    while snapshot() == seen {
        std::thread::sleep(POLL);
    }
    restart()
}

fn respond(stream: TcpStream, site: &Path, generation: &AtomicU64) -> std::io::Result<()> {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut stream = &stream;
    if path == GENERATION_PATH {
        let body = generation.load(Ordering::SeqCst).to_string();
        return send(&mut stream, "200 OK", "text/plain", body.as_bytes());
    }
    match resolve(site, path).and_then(|file| std::fs::read(&file).ok().map(|body| (file, body))) {
        Some((file, body)) => {
            let kind = content_type(&file);
            if kind.starts_with("text/html") {
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

    #[test]
    fn resolve_stays_inside_the_site() {
        let site = project::root();
        assert_eq!(resolve(&site, "/Cargo.toml"), Some(site.join("Cargo.toml")));
        assert_eq!(resolve(&site, "/../etc/passwd"), None);
        assert_eq!(resolve(&site, "/no-such-file"), None);
    }
}
