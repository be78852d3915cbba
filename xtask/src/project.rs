//! Where things are in the repository, and the few versions and settings the
//! build pins in one place.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository's top folder: the nearest folder, from the current one
/// up, that holds both `book.toml` and `Cargo.toml`.
///
/// Found at run time, never baked in at compile time: a copied checkout
/// whose xtask binary cargo judges fresh must still work on the copy.
pub fn root() -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let here = std::env::current_dir().expect("the current folder is readable");
        find_root(&here).unwrap_or_else(|| {
            panic!(
                "{} is not inside the ML Math Notes repository (no folder above it holds book.toml and Cargo.toml); run cargo xtask from the checkout",
                here.display()
            )
        })
    })
    .clone()
}

/// The nearest folder from `start` up that holds `book.toml` and `Cargo.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("book.toml").is_file() && dir.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

/// The book's Markdown sources (`[book] src` in book.toml).
pub fn book_src() -> PathBuf {
    root().join("book")
}

/// Where `build-book` writes the site (`[build] build-dir` in book.toml).
pub fn site_dir() -> PathBuf {
    root().join("target").join("book")
}

/// Where the figures are rendered: inside the sources, so that mdBook copies
/// them into the site, and git-ignored, since every build writes them anew.
pub fn figures_dir() -> PathBuf {
    book_src().join(FIGURES_FOLDER)
}

/// The figures' folder inside the book's sources.
pub const FIGURES_FOLDER: &str = "figures";

/// The KaTeX macros that carry the book's notation, in the book at `root`.
pub fn katex_macros(root: &Path) -> PathBuf {
    root.join("theme").join("katex-macros.txt")
}

/// The vendored KaTeX stylesheet, relative to the book's sources.
pub const KATEX_CSS: &str = "katex/katex.min.css";

/// Scratch space for the tools (doctest crates, temporary builds).
pub fn scratch_dir(name: &str) -> PathBuf {
    root().join("target").join("xtask").join(name)
}

/// The relative path from the page of `chapter` (a path inside the book's
/// sources) up to the site's root, e.g. `../` for `part/ch.md`.
pub fn path_to_root(chapter: &Path) -> String {
    "../".repeat(chapter.components().count().saturating_sub(1))
}

/// `path` relative to the repository root, for messages.
pub fn display(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Runs `cargo <args>` in the workspace root, its output going to the
/// terminal; fails, naming the command, if it fails.
pub fn run_cargo(args: &[&str]) -> anyhow::Result<()> {
    let status = cargo()
        .args(args)
        .status()
        .map_err(|error| anyhow::anyhow!("running cargo {}: {error}", args.join(" ")))?;
    anyhow::ensure!(status.success(), "`cargo {}` failed", args.join(" "));
    Ok(())
}

/// A `cargo` command for the workspace, without the variables `cargo run`
/// set for xtask itself.
///
/// Some build scripts (ring's, for one) ask cargo to rebuild them when
/// `CARGO_PKG_NAME` or `CARGO_MANIFEST_DIR` change; inherited from
/// `cargo xtask`, those would make every nested cargo rebuild them, and the
/// next `cargo xtask` rebuild them back: minutes each time.
pub fn cargo() -> std::process::Command {
    // The cargo that started us (cargo run sets CARGO), else the one on PATH.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = std::process::Command::new(cargo);
    command.current_dir(root());
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let set_by_cargo_run = name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || matches!(
                name.as_ref(),
                "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
            );
        if set_by_cargo_run {
            command.env_remove(name.as_ref());
        }
    }
    // `cargo run` also put the target folder's build outputs in front of
    // LD_LIBRARY_PATH; give nested builds the path they had before.
    if let Some(paths) = std::env::var_os("LD_LIBRARY_PATH") {
        let target = root().join("target");
        let kept: Vec<PathBuf> = std::env::split_paths(&paths)
            .filter(|path| !path.starts_with(&target))
            .collect();
        match std::env::join_paths(kept) {
            Ok(joined) if !joined.is_empty() => command.env("LD_LIBRARY_PATH", joined),
            _ => command.env_remove("LD_LIBRARY_PATH"),
        };
    }
    command
}

/// mdBook's content hash in file names (the first four bytes of SHA-256,
/// in hex): a file that changes gets a new name, so no browser keeps an old
/// copy, and the same content always gets the same name.
pub fn content_hash(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)[..4]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `work` applied to every item, on as many threads as the machine has
/// cores, the results in the items' order (see `parallel_map_with`).
pub fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    parallel_map_with(&vec![(); threads], items, |(), item| work(item))
}

/// `work` applied to every item by `workers` (a thread each, with what it
/// works with, such as a browser tab), the results in the items' order.
/// Each worker takes the next item left, so one long item (the print page)
/// does not hold up others behind it; callers put long items first where
/// they know them.
pub fn parallel_map_with<W: Sync, T: Sync, R: Send>(
    workers: &[W],
    items: &[T],
    work: impl Fn(&W, &T) -> R + Sync,
) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = workers
            .iter()
            .map(|worker| {
                let (next, work) = (&next, &work);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else {
                            return done;
                        };
                        done.push((index, work(worker, item)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a worker thread panicked"))
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_the_items_order() {
        let items: Vec<u64> = (0..50).collect();
        // Early items take longest, so later ones finish first.
        let squares = parallel_map(&items, |&n| {
            std::thread::sleep(std::time::Duration::from_micros(50 * (50 - n)));
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(parallel_map(&[] as &[u8], |&b| b).is_empty());
    }

    #[test]
    fn the_root_is_found_from_any_folder_inside_it() {
        let root = root();
        assert!(root.join("book.toml").is_file());
        assert_eq!(
            find_root(&root.join("crates/mlmath/src")),
            Some(root.clone())
        );
        assert_eq!(find_root(Path::new("/")), None);
    }
}
