//! The figures folder: every figure drawn in both layouts as SVG and, for an
//! explorable figure, every state of each layout in one JSON file that its
//! page fetches when the reader first moves the control.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use figures::{Figure, Layout};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde::Serialize;

use crate::project;

/// The most all the states of one explorable figure (both layouts) may
/// weigh, gzip-compressed: what a reader may download to move one control.
pub const STATES_BUDGET_GZIP: usize = 150_000;

/// One state of an explorable figure in one layout, as its page's script
/// reads it (`theme/explorable.js`).
#[derive(Serialize)]
struct StateFile<'a> {
    value: &'a str,
    alt: &'a str,
    caption: &'a str,
    svg: &'a str,
}

/// Renders every registered figure, in each layout, into `dir`, writing
/// only files whose content changed (so a live preview reloads only when
/// something did) and removing figure files no figure claims. Returns how
/// many were written.
pub fn render_figures(dir: &Path) -> anyhow::Result<usize> {
    fs_err::create_dir_all(dir)?;
    let mut files = Vec::new();
    for figure in figures::registry() {
        files.extend(figure_files(figure)?);
    }
    let mut written = 0;
    let mut expected = HashSet::new();
    for (name, content) in files {
        let path = dir.join(&name);
        if fs_err::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
            fs_err::write(&path, content)?;
            written += 1;
        }
        expected.insert(name);
    }
    remove_unclaimed(dir, &expected)?;
    Ok(written)
}

/// The files of one figure, named: its first state in each layout as SVG
/// and, if it is explorable, each layout's states as JSON.
fn figure_files(figure: &'static Figure) -> anyhow::Result<Vec<(String, String)>> {
    let drawings: Vec<(usize, Layout)> = figure.drawings().collect();
    // Every state in each layout, on every core.
    let drawn = project::parallel_map(&drawings, |&(state, layout)| {
        figure.render_state(state, layout)
    });
    let mut drawn = drawings
        .into_iter()
        .zip(drawn)
        .map(|(at, drawing)| Ok((at, drawing?)))
        .collect::<Result<Vec<_>, figures::DrawError>>()?;
    drawn.sort_by_key(|((state, layout), _)| (*layout == Layout::Narrow, *state));
    let mut files = Vec::new();
    for layout in Layout::ALL {
        let of_layout: Vec<_> = drawn.iter().filter(|((_, l), _)| *l == layout).collect();
        let initial = of_layout
            .iter()
            .find(|((state, _), _)| *state == figure.initial_state())
            .context("the first state was drawn")?;
        files.push((figure.file_name(layout), initial.1.svg.clone()));
        if figure.control().is_some() {
            let states: Vec<StateFile<'_>> = of_layout
                .iter()
                .map(|(_, drawing)| StateFile {
                    value: &drawing.words.value,
                    alt: &drawing.words.alt,
                    caption: &drawing.words.caption,
                    svg: &drawing.svg,
                })
                .collect();
            let json = serde_json::to_string(&serde_json::json!({ "states": states }))?;
            files.push((figure.states_file_name(layout), json));
        }
    }
    check_states_weight(figure, &files)?;
    Ok(files)
}

/// Fails if the states files among `files` weigh more than
/// [`STATES_BUDGET_GZIP`] together.
fn check_states_weight(figure: &Figure, files: &[(String, String)]) -> anyhow::Result<()> {
    let states_files: HashSet<String> = Layout::ALL
        .map(|layout| figure.states_file_name(layout))
        .into();
    let weight: usize = files
        .iter()
        .filter(|(name, _)| states_files.contains(name))
        .map(|(_, content)| gzip_size(content.as_bytes()))
        .sum();
    anyhow::ensure!(
        weight <= STATES_BUDGET_GZIP,
        "the states of explorable figure `{}` ({}) come to {:.1} KB gzip-compressed, over the {} KB a reader may download for one control: give it fewer states or lighter drawings",
        figure.name,
        figure.chapter,
        weight as f64 / 1000.0,
        STATES_BUDGET_GZIP / 1000
    );
    Ok(())
}

/// How many bytes `bytes` take gzip-compressed, as a server sends them.
pub fn gzip_size(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_or(bytes.len(), |compressed| compressed.len())
}

/// Removes the figure files in `dir` (SVG and states JSON) not in `expected`.
fn remove_unclaimed(dir: &Path, expected: &HashSet<String>) -> anyhow::Result<()> {
    for entry in fs_err::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let is_figure_file = name.ends_with(".svg") || name.ends_with(".states.json");
        if is_figure_file && !expected.contains(&name) {
            fs_err::remove_file(&path)?;
        }
    }
    Ok(())
}
