//! `cargo xtask serve`: a live preview on 127.0.0.1, with the local runner.
//!
//! Serves `target/book/`, watches the sources, and rebuilds when one
//! changes. Open pages poll a tiny endpoint and reload after a rebuild. Run
//! buttons compile and run on this machine (`runner`), with the book's
//! pinned crates. A change to Rust code (the math or a figure) needs a new
//! program, so the server rebuilds itself with cargo and restarts in place.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use anyhow::Context;

use xtask::check::doctest;
use xtask::check::playground;
use xtask::project;

use crate::http_server::{self, Options};
use crate::runner::Runner;

const POLL: Duration = Duration::from_millis(300);

pub fn run(port: u16) -> anyhow::Result<()> {
    if let Err(error) = xtask::build_book() {
        eprintln!("\nerror: {error:#}\n(serving the last good build; fix the sources and save)");
    }
    let listener = bind(port)?;
    // Start from the clock, not 1, so pages open before a restart reload.
    let started = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let generation = Arc::new(AtomicU64::new(started.as_secs()));
    let options = Options {
        generation: Some(Arc::clone(&generation)),
        runner: local_runner(port).map(Arc::new),
        ..Options::default()
    };
    http_server::start(listener, project::site_dir(), options)?;
    eprintln!("Serving the book on http://127.0.0.1:{port}/ ; watching the sources (Ctrl-C stops)");
    watch(&generation)
}

/// The preview's socket: on the loopback address only, so that no other
/// machine can reach a server that runs code.
pub fn bind(port: u16) -> anyhow::Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port)).with_context(|| {
        format!("binding 127.0.0.1:{port} (is another server using it? try --port)")
    })
}

/// The local runner, once the book's crates are built (the first time,
/// cargo needs the network to fetch them; later runs work offline). Without
/// them, Run buttons use the official playground, and the reader is told.
pub fn local_runner(port: u16) -> Option<Runner> {
    eprintln!("Building ndarray, rand and rand_distr for the Run buttons (the local runner)");
    match doctest::build_block_crates() {
        Ok(crates) => Some(Runner::new(
            crates,
            // Its own folder per port: two previews never share a program.
            project::scratch_dir(&format!("serve-runner-{port}")),
            playground::run_limits(),
        )),
        Err(error) => {
            eprintln!(
                "\nwarning: {error:#}\n(Run buttons will use the official playground until the crates build)"
            );
            None
        }
    }
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
        match xtask::build_site_into(&project::site_dir()) {
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
        "xtask/serve/src",
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
            && let Ok(modified) = fs_err::metadata(entry.path()).and_then(|m| m.modified())
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
    eprintln!("\nRust code changed: rebuilding the preview and restarting it");
    let status = project::cargo()
        .args(["build", "--quiet", "--package", "xtask-serve"])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_listens_on_the_loopback_address_only() {
        let listener = bind(0).unwrap();
        let address = listener.local_addr().unwrap();
        assert!(address.ip().is_loopback(), "{address}");
        assert!(!address.ip().is_unspecified(), "{address}");
    }
}
