//! `cargo xtask bench`: how fast the book builds and tests, and how heavy its
//! pages are. Times are medians of several runs with min and max, measured on
//! this machine (never asserted in tests); sizes are exact.

use std::time::{Duration, Instant};

use anyhow::Context;
use mdbook_driver::MDBook;
use mdbook_driver::config::Config;

use crate::build::{book, search_index};
use crate::check::browser;
use crate::check::doctest;
use crate::check::weight;
use crate::project;

/// One measured operation.
struct Measure {
    name: &'static str,
    times: Vec<Duration>,
    /// The target it is held against, if any.
    target: Option<Duration>,
}

impl Measure {
    fn median(&self) -> Duration {
        let mut sorted = self.times.clone();
        sorted.sort();
        sorted[sorted.len() / 2]
    }

    fn row(&self) -> String {
        let (min, max) = (self.times.iter().min(), self.times.iter().max());
        let target = match self.target {
            Some(target) if self.median() <= target => format!("under {} — met", secs(target)),
            Some(target) => format!("under {} — **MISSED**", secs(target)),
            None => String::new(),
        };
        format!(
            "| {} | {} | {} | {} | {} | {} |",
            self.name,
            secs(self.median()),
            min.map_or_else(String::new, |d| secs(*d)),
            max.map_or_else(String::new, |d| secs(*d)),
            self.times.len(),
            target
        )
    }
}

fn secs(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

/// Times `work` `runs` times.
fn time(
    name: &'static str,
    runs: usize,
    target: Option<Duration>,
    mut work: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Measure> {
    eprintln!("==> {name} ({runs} runs)");
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        work().with_context(|| format!("while timing: {name}"))?;
        times.push(started.elapsed());
    }
    Ok(Measure {
        name,
        times,
        target,
    })
}

/// The search index's size as the build ships it, beside the index mdBook
/// itself writes for the same pages (each formula as MathML, TeX and glyph
/// text), built here in a scratch folder.
fn search_index_section(site: &std::path::Path) -> anyhow::Result<String> {
    let unrepaired = project::scratch_dir("bench-mdbook-index");
    book::load(&project::root(), &unrepaired)?.build()?;
    let mut rows = String::new();
    for (what, dir) in [
        (
            "As mdBook writes it (each formula three times)",
            &unrepaired,
        ),
        (
            "As the build ships it (each formula once)",
            &site.to_path_buf(),
        ),
    ] {
        let Some((path, _)) = search_index::read(dir)? else {
            return Ok("\n## Search index\n\nThe book has no search.\n".to_owned());
        };
        let bytes =
            fs_err::read(&path).with_context(|| format!("reading {}", project::display(&path)))?;
        let size = weight::size_of(&bytes);
        rows.push_str(&format!(
            "| {what} | {} | {} |\n",
            weight::kb(size.raw),
            weight::kb(size.gzip)
        ));
    }
    Ok(format!(
        "\n## Search index\n\nLoaded when a reader first opens the search.\n\n| Index | Size | gzip |\n|---|---:|---:|\n{rows}"
    ))
}

/// The PDF's size and how long `cargo xtask pdf` takes (once: it builds
/// the site, prints 150-odd pages and checks them); without Chromium, why
/// it was not measured.
fn pdf_section(site: &std::path::Path) -> anyhow::Result<String> {
    let mut section = String::from("\n## The PDF\n\n");
    let started = std::time::Instant::now();
    match crate::pdf::run() {
        Ok(()) => {
            let path = site.join(crate::pdf::PDF_NAME);
            let bytes = fs_err::metadata(&path)
                .with_context(|| format!("reading {}", project::display(&path)))?
                .len();
            section.push_str(&format!(
                "`cargo xtask pdf`: {:.1} MB, in {} (build, print, check, link).\n",
                bytes as f64 / 1e6,
                secs(started.elapsed())
            ));
        }
        Err(error) => section.push_str(&format!("Not measured: {error:#}\n")),
    }
    Ok(section)
}

/// `cargo xtask bench`: measures, prints the report and writes it to
/// `target/bench/bench.md`; `quick` leaves out the full test and the PDF,
/// the two measures that take minutes.
pub fn run(runs: usize, quick: bool) -> anyhow::Result<()> {
    let site = project::site_dir();
    let figures_dir = project::figures_dir();
    // Warm up: everything built once, so that the runs measure steady state.
    crate::build_book()?;
    let deps = doctest::build_block_crates()?;

    let figures = time(
        "Render all figures",
        runs,
        Some(Duration::from_secs(1)),
        || {
            for figure in figures::registry() {
                for layout in figures::Layout::ALL {
                    figure.render(layout)?;
                }
            }
            Ok(())
        },
    )?;
    let build_command = time(
        "`cargo xtask build-book`, nothing changed",
        runs,
        None,
        || project::run_cargo(&["xtask", "build-book"]),
    )?;
    let build_steps = time(
        "build-book's steps in-process (figures, mdBook, checks)",
        runs,
        None,
        || {
            crate::build::figure_files::render_figures(&figures_dir)?;
            crate::build_and_check(&project::root(), &site).map(drop)
        },
    )?;
    // Edits happen in a scratch copy: the checkout is never touched, even if
    // the benchmark is interrupted.
    let copy = project::scratch_dir("bench-copy");
    book::copy_sources(&copy)?;
    let chapter = copy.join("book").join("ch01-vectors.md");
    let original = fs_err::read_to_string(&chapter)
        .with_context(|| format!("reading {}", chapter.display()))?;
    let mut edit = 0;
    let rebuild = time(
        "Rebuild after editing one chapter's prose (as in `serve`)",
        runs,
        Some(Duration::from_secs(2)),
        || {
            edit += 1;
            fs_err::write(
                &chapter,
                format!("{original}\nA sentence added by the benchmark, edit {edit}.\n"),
            )?;
            // As `serve` does: figures only change with Rust code.
            crate::build_and_check(&copy, &copy.join("target").join("book")).map(drop)
        },
    )?;
    let plain_dir = project::scratch_dir("plain-mdbook");
    let plain = time(
        "Plain mdBook: same sources, no KaTeX, no figures, no checks",
        runs,
        None,
        || {
            let mut config = Config::from_disk(project::root().join("book.toml"))?;
            config.build.build_dir = plain_dir.clone();
            MDBook::load_with_config(project::root(), config)?.build()
        },
    )?;
    let doctests = time(
        "`mdbook test` over the whole book (rustdoc, all chapters)",
        runs,
        Some(Duration::from_secs(60)),
        || doctest::test_chapters(&deps, None).map(drop),
    )?;
    let full = if quick {
        None
    } else {
        Some(time("Full `cargo xtask test`", runs.min(3), None, || {
            project::run_cargo(&["xtask", "test"])
        })?)
    };

    let ratio = build_steps.median().as_secs_f64() / plain.median().as_secs_f64();
    let mut report = String::from("# ML Math Notes benchmark\n\n");
    report.push_str(&format!(
        "Machine: {} cores. Every time is the median of the runs, with min and max.\n\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    ));
    report.push_str(
        "| Measure | Median | Min | Max | Runs | Target |\n|---|---:|---:|---:|---:|---|\n",
    );
    for measure in [
        &figures,
        &build_command,
        &build_steps,
        &rebuild,
        &plain,
        &doctests,
    ]
    .into_iter()
    .chain(full.as_ref())
    {
        report.push_str(&measure.row());
        report.push('\n');
    }
    report.push_str(&format!(
        "\nOur build costs **{ratio:.1}×** plain mdBook on the same sources (build-book's steps in-process against plain mdBook), for typeset math, figures and the site checks.\n"
    ));
    let missed: Vec<&str> = [&figures, &rebuild, &doctests]
        .iter()
        .filter(|m| m.target.is_some_and(|target| m.median() > target))
        .map(|m| m.name)
        .collect();
    if !missed.is_empty() {
        report.push_str(&format!("\nTargets missed: {}.\n", missed.join("; ")));
    }

    report.push_str(&format!(
        "\n## Figures\n\n| Figure | Size | gzip | Budget ({}) |\n|---|---:|---:|---|\n",
        weight::kb(figures::SIZE_BUDGET_BYTES as u64)
    ));
    for (figure, layout) in
        figures::registry().flat_map(|figure| figures::Layout::ALL.map(|layout| (figure, layout)))
    {
        let size = weight::size_of(figure.render(layout)?.svg.as_bytes());
        let verdict = if size.raw <= figures::SIZE_BUDGET_BYTES as u64 {
            "ok"
        } else {
            "OVER"
        };
        report.push_str(&format!(
            "| {} | {} | {} | {verdict} |\n",
            figure.file_name(layout),
            weight::kb(size.raw),
            weight::kb(size.gzip)
        ));
    }
    report.push_str(&search_index_section(&site)?);
    report.push_str("\n## Page weight (first load)\n\nEvery file Chromium downloads for the page with an empty cache, figures included.\n\n");
    match browser::weigh()? {
        table if !table.is_empty() => report.push_str(&table),
        _ => report
            .push_str("Not measured: no Chromium (install Debian's `chromium` or set CHROMIUM).\n"),
    }

    if !quick {
        report.push_str(&pdf_section(&site)?);
    }

    let out = project::root().join("target").join("bench");
    fs_err::create_dir_all(&out)?;
    fs_err::write(out.join("bench.md"), &report)?;
    println!("\n{report}");
    eprintln!("Written to {}", project::display(&out.join("bench.md")));
    Ok(())
}
