//! Lighthouse, mobile, on every chapter page: the site served compressed
//! from a local port, as a host would serve it, and Lighthouse (from its npm
//! package, installed into `target/lighthouse`) driving Debian's Chromium.
//!
//! Accessibility must be 100 and best practices at least 95, with the
//! console errors of the one request an offline machine cannot make (the
//! playground's crate list) set aside and every other one a failure.
//! Performance is a timing, so it is measured and reported (the median of
//! the runs), never asserted: a busy machine would fail it at random.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::Value;
use xtask::limited::{self, Limits};
use xtask::project;
use xtask::site;
use xtask_serve::http_server::{self, Options};

use crate::chromium::{CHROMIUM_FLAGS, find_chromium};

/// The Lighthouse release used; the last that runs on Node.js 20.
pub const VERSION: &str = "12.8.2";
/// The lowest scores allowed (accessibility, best practices) and the
/// performance aimed at.
const ACCESSIBILITY: f64 = 1.0;
const BEST_PRACTICES: f64 = 0.95;
const PERFORMANCE_GOAL: f64 = 0.98;
/// The request the offline machine cannot make: mdBook asks the official
/// playground which crates it has, to decide which Run buttons to show.
const OFFLINE_REQUEST: &str = "https://play.rust-lang.org/";

/// One page's scores over its runs.
#[derive(Debug, Clone, PartialEq)]
pub struct PageScores {
    pub page: PathBuf,
    /// Performance of each run, in run order.
    pub performance: Vec<f64>,
    /// The lowest accessibility and best-practices scores of the runs.
    pub accessibility: f64,
    pub best_practices: f64,
    /// The median run's metrics, as Lighthouse shows them.
    pub metrics: Vec<(String, String)>,
}

impl PageScores {
    pub fn median_performance(&self) -> f64 {
        let mut sorted = self.performance.clone();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    }
}

/// Runs Lighthouse `runs` times on every chapter page of `site`. Returns
/// the scores, or why it could not run (no Chromium, no npm).
pub fn audit_site(site: &Path, runs: usize) -> anyhow::Result<Result<Vec<PageScores>, String>> {
    let Some(chromium) = find_chromium() else {
        return Ok(Err(
            "Lighthouse skipped: no Chromium (on Debian: apt-get install chromium)".into(),
        ));
    };
    let cli = match install()? {
        Ok(cli) => cli,
        Err(why) => return Ok(Err(why)),
    };
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a local port")?;
    let origin = format!("http://{}", listener.local_addr()?);
    let options = Options {
        compress: true,
        ..Options::default()
    };
    http_server::start(listener, site.to_path_buf(), options)?;
    let reports = project::scratch_dir("lighthouse-reports");
    fs_err::create_dir_all(&reports)
        .with_context(|| format!("creating {}", project::display(&reports)))?;
    let mut scores = Vec::new();
    let mut problems = Vec::new();
    for page in chapter_pages(site)? {
        let url = format!("{origin}/{}", page.display());
        let mut reports_of_page = Vec::new();
        for run in 1..=runs {
            let output = reports.join(format!(
                "{}-{run}.json",
                page.file_stem().unwrap_or_default().to_string_lossy()
            ));
            eprintln!("    Lighthouse {} (run {run} of {runs})", page.display());
            reports_of_page.push(run_lighthouse(&cli, &chromium, &url, &output)?);
        }
        let page_scores = scores_of(&page, &reports_of_page)?;
        problems.extend(page_problems(&page, &reports_of_page, &page_scores));
        scores.push(page_scores);
    }
    if !problems.is_empty() {
        bail!(
            "{}\n{} problem(s) in Lighthouse (reports in {}):\n  {}",
            markdown_table(&scores),
            problems.len(),
            project::display(&reports),
            problems.join("\n  ")
        );
    }
    Ok(Ok(scores))
}

/// Every page built from a chapter, each source once (`index.html` is the
/// introduction again).
fn chapter_pages(site: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let src = project::book_src();
    let mut seen = std::collections::HashSet::new();
    Ok(site::pages(site)?
        .into_iter()
        .filter(|page| site::source_of(&src, page).is_some_and(|source| seen.insert(source)))
        .collect())
}

/// Installs Lighthouse into `target/lighthouse` unless it is there at
/// `VERSION`; returns its command-line script, or why there is none.
fn install() -> anyhow::Result<Result<PathBuf, String>> {
    let prefix = project::root().join("target").join("lighthouse");
    let package = prefix.join("node_modules").join("lighthouse");
    let installed = fs_err::read_to_string(package.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .is_some_and(|json| json["version"] == VERSION);
    if !installed {
        let npm = Command::new("npm").arg("--version").output();
        if !npm.is_ok_and(|output| output.status.success()) {
            return Ok(Err(
                "Lighthouse skipped: no npm (on Debian: apt-get install npm)".into(),
            ));
        }
        eprintln!(
            "    installing lighthouse@{VERSION} from npm into {}",
            project::display(&prefix)
        );
        let mut command = Command::new("npm");
        command.args([
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
        ]);
        command.arg(&prefix).arg(format!("lighthouse@{VERSION}"));
        run_within(&command, Duration::from_secs(600)).with_context(|| {
            format!(
                "`npm install --prefix {} lighthouse@{VERSION}` failed",
                project::display(&prefix)
            )
        })?;
    }
    Ok(Ok(package.join("cli").join("index.js")))
}

/// One Lighthouse run on `url`, mobile, its JSON report written to
/// `output` and returned.
fn run_lighthouse(cli: &Path, chromium: &Path, url: &str, output: &Path) -> anyhow::Result<Value> {
    let mut command = Command::new("node");
    command
        .arg(cli)
        .arg(url)
        .args([
            "--quiet",
            "--form-factor=mobile",
            "--only-categories=performance,accessibility,best-practices",
            "--output=json",
        ])
        .arg(format!("--chrome-flags={}", chrome_flags()))
        .arg(format!("--output-path={}", output.display()))
        .env("CHROME_PATH", chromium);
    run_within(&command, Duration::from_secs(180))
        .with_context(|| format!("Lighthouse on {url} failed"))?;
    let text = fs_err::read_to_string(output)
        .with_context(|| format!("reading Lighthouse's report {}", project::display(output)))?;
    serde_json::from_str(&text)
        .with_context(|| format!("parsing Lighthouse's report {}", project::display(output)))
}

/// The browser checks' flags, and headless without a sandbox (as root).
fn chrome_flags() -> String {
    let mut flags = vec!["--headless=new", "--no-sandbox"];
    flags.extend(CHROMIUM_FLAGS);
    flags.join(" ")
}

/// Runs `command` within `limit` (scaled by `XTASK_TIMEOUT_SCALE`); fails
/// with what it printed, or with the limit it ran into.
fn run_within(command: &Command, limit: Duration) -> anyhow::Result<()> {
    let limits = Limits {
        time: limited::scaled(limit),
        output_bytes: 1 << 20,
        memory_bytes: None,
    };
    let finished = limited::run(command, limits)?;
    match finished.stopped {
        Some(why) => bail!("stopped: {why:?} (limit {:?})", limits.time),
        None if !finished.success() => bail!("{}", finished.stderr.trim()),
        None => Ok(()),
    }
}

/// A category's score in a report (0 to 1).
fn category(report: &Value, name: &str) -> anyhow::Result<f64> {
    report["categories"][name]["score"]
        .as_f64()
        .with_context(|| format!("Lighthouse's report has no `{name}` score"))
}

/// The scores of `page` from its reports.
fn scores_of(page: &Path, reports: &[Value]) -> anyhow::Result<PageScores> {
    let mut performance = Vec::new();
    let (mut accessibility, mut best_practices) = (1.0_f64, 1.0_f64);
    for report in reports {
        performance.push(category(report, "performance")?);
        accessibility = accessibility.min(category(report, "accessibility")?);
        best_practices = best_practices.min(category(report, "best-practices")?);
    }
    let mut scores = PageScores {
        page: page.to_path_buf(),
        performance,
        accessibility,
        best_practices,
        metrics: Vec::new(),
    };
    let median = scores.median_performance();
    let report = reports
        .iter()
        .find(|report| category(report, "performance").ok() == Some(median))
        .expect("the median is one of the runs");
    scores.metrics = [
        ("FCP", "first-contentful-paint"),
        ("LCP", "largest-contentful-paint"),
        ("TBT", "total-blocking-time"),
        ("CLS", "cumulative-layout-shift"),
        ("SI", "speed-index"),
    ]
    .iter()
    .map(|(short, audit)| {
        let shown = report["audits"][audit]["displayValue"]
            .as_str()
            .unwrap_or("?")
            .replace('\u{a0}', " ");
        (short.to_string(), shown)
    })
    .collect();
    Ok(scores)
}

/// What fails the page: accessibility under 100 or best practices under
/// 95 (each with the audits that lost points), or a console error other
/// than the offline playground's.
fn page_problems(page: &Path, reports: &[Value], scores: &PageScores) -> Vec<String> {
    let mut problems = Vec::new();
    let name = page.display();
    for (label, key, score, lowest) in [
        (
            "accessibility",
            "accessibility",
            scores.accessibility,
            ACCESSIBILITY,
        ),
        (
            "best practices",
            "best-practices",
            scores.best_practices,
            BEST_PRACTICES,
        ),
    ] {
        if score < lowest {
            let failing = reports
                .iter()
                .flat_map(|report| failing_audits(report, key));
            let failing: std::collections::BTreeSet<String> = failing.collect();
            problems.push(format!(
                "{name}: {label} {:.0} (at least {:.0}): {}",
                score * 100.0,
                lowest * 100.0,
                failing.into_iter().collect::<Vec<_>>().join("; ")
            ));
        }
    }
    for report in reports {
        for error in console_errors(report) {
            if !is_offline_request(&error) {
                problems.push(format!("{name}: console error: {error}"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

/// The audits of category `key` that scored under 1, as `id (title)`.
fn failing_audits(report: &Value, key: &str) -> Vec<String> {
    let Some(references) = report["categories"][key]["auditRefs"].as_array() else {
        return Vec::new();
    };
    references
        .iter()
        .filter(|reference| reference["weight"].as_f64().unwrap_or(0.0) > 0.0)
        .filter_map(|reference| {
            let id = reference["id"].as_str()?;
            let audit = &report["audits"][id];
            let score = audit["score"].as_f64()?;
            (score < 1.0).then(|| format!("{id} ({})", audit["title"].as_str().unwrap_or("")))
        })
        .collect()
}

/// Each console error of a report as one line: where it came from, then
/// what it said.
fn console_errors(report: &Value) -> Vec<String> {
    report["audits"]["errors-in-console"]["details"]["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    format!(
                        "{} {}",
                        item["sourceLocation"]["url"].as_str().unwrap_or("?"),
                        item["description"].as_str().unwrap_or("?")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// True for the errors of the playground request: the failed request
/// itself, and the exception mdBook's `book.js` throws when its fetch of
/// the crate list fails.
fn is_offline_request(error: &str) -> bool {
    error.starts_with(OFFLINE_REQUEST)
        || (error.contains("Failed to fetch")
            && error.contains("fetch_with_timeout")
            && error.contains("codeSnippets"))
}

/// The scores as a Markdown table, pages under the performance goal
/// marked.
pub fn markdown_table(scores: &[PageScores]) -> String {
    let mut table = String::from(
        "| Page | Performance (median; runs) | Accessibility | Best practices | FCP | LCP | TBT | CLS | Speed index |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for page in scores {
        let median = page.median_performance();
        let runs: Vec<String> = page
            .performance
            .iter()
            .map(|score| format!("{:.0}", score * 100.0))
            .collect();
        let mark = if median < PERFORMANCE_GOAL {
            " (under 98)"
        } else {
            ""
        };
        let metric = |name: &str| {
            page.metrics
                .iter()
                .find(|(short, _)| short == name)
                .map_or("?", |(_, shown)| shown.as_str())
                .to_owned()
        };
        table.push_str(&format!(
            "| {} | {:.0}{mark}; {} | {:.0} | {:.0} | {} | {} | {} | {} | {} |\n",
            page.page.display(),
            median * 100.0,
            runs.join(", "),
            page.accessibility * 100.0,
            page.best_practices * 100.0,
            metric("FCP"),
            metric("LCP"),
            metric("TBT"),
            metric("CLS"),
            metric("SI"),
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(performance: f64, accessibility: f64, errors: &[(&str, &str)]) -> Value {
        let items: Vec<Value> = errors
            .iter()
            .map(|(url, description)| {
                serde_json::json!({"sourceLocation": {"url": url}, "description": description})
            })
            .collect();
        serde_json::json!({
            "categories": {
                "performance": {"score": performance},
                "accessibility": {"score": accessibility, "auditRefs": [
                    {"id": "aria-allowed-role", "weight": 10},
                    {"id": "color-contrast", "weight": 7},
                    {"id": "unweighted", "weight": 0}
                ]},
                "best-practices": {"score": 0.96, "auditRefs": []}
            },
            "audits": {
                "aria-allowed-role": {"score": if accessibility < 1.0 { 0 } else { 1 }, "title": "Uses ARIA roles only on compatible elements"},
                "color-contrast": {"score": 1, "title": "Contrast"},
                "unweighted": {"score": 0, "title": "Not counted"},
                "first-contentful-paint": {"displayValue": "1.2\u{a0}s"},
                "errors-in-console": {"details": {"items": items}}
            }
        })
    }

    #[test]
    fn the_median_run_is_reported_and_the_lowest_scores_kept() {
        let reports = [
            report(0.97, 1.0, &[]),
            report(0.99, 0.98, &[]),
            report(0.93, 1.0, &[]),
        ];
        let scores = scores_of(Path::new("ch01.html"), &reports).unwrap();
        assert_eq!(scores.median_performance(), 0.97);
        assert_eq!(scores.accessibility, 0.98);
        assert_eq!(scores.metrics[0], ("FCP".to_string(), "1.2 s".to_string()));
        let table = markdown_table(&[scores]);
        assert!(
            table.contains("| ch01.html | 97 (under 98); 97, 99, 93 | 98 | 96 | 1.2 s |"),
            "{table}"
        );
    }

    #[test]
    fn accessibility_under_100_fails_naming_the_audit() {
        let reports = [report(0.99, 0.98, &[])];
        let scores = scores_of(Path::new("ch01.html"), &reports).unwrap();
        let problems = page_problems(Path::new("ch01.html"), &reports, &scores);
        assert_eq!(
            problems,
            [
                "ch01.html: accessibility 98 (at least 100): aria-allowed-role (Uses ARIA roles only on compatible elements)"
            ]
        );
    }

    #[test]
    fn only_the_offline_playground_may_log_errors() {
        let reports = [report(
            0.99,
            1.0,
            &[
                (
                    "https://play.rust-lang.org/meta/crates",
                    "Failed to load resource: net::ERR_NAME_NOT_RESOLVED",
                ),
                (
                    "http://127.0.0.1:1/book-1.js",
                    "TypeError: Failed to fetch\n    at fetch_with_timeout (book.js:40:13)\n    at codeSnippets (book.js:47:9)",
                ),
                (
                    "http://127.0.0.1:1/ch01.html",
                    "Uncaught ReferenceError: hljs is not defined",
                ),
            ],
        )];
        let scores = scores_of(Path::new("ch01.html"), &reports).unwrap();
        let problems = page_problems(Path::new("ch01.html"), &reports, &scores);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("hljs is not defined"), "{problems:?}");
    }
}
