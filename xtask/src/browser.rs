//! The site as readers get it: every page of the built book, loaded in
//! headless Chromium (Debian's package; never a downloaded browser) and
//! driven over the DevTools protocol with the `headless_chrome` crate.
//!
//! For every page: no console or page error; no request to any host but the
//! site (the playground is answered by a local stub); no visible raw TeX or
//! KaTeX error; MathML behind all math; every image loads with meaningful
//! alt text; no serious or critical axe-core violation; and in every theme,
//! figures stay unaltered white cards with readable captions. Every Run
//! button is clicked and what it sends is compiled and run (`playground`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine;
use headless_chrome::browser::tab::RequestPausedDecision;
use headless_chrome::browser::transport::{SessionId, Transport};
use headless_chrome::protocol::cdp::Fetch::events::RequestPausedEvent;
use headless_chrome::protocol::cdp::Fetch::{
    FailRequest, FulfillRequest, HeaderEntry, RequestPattern,
};
use headless_chrome::protocol::cdp::Network::ErrorReason;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Network, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};

use crate::doctest::BlockCrates;
use crate::markdown::code_blocks;
use crate::playground::{self, Block, Claim};
use crate::weight::PageWeight;
use crate::{http_server, project};

/// mdBook's themes: every figure must survive each of them.
pub const THEMES: &[&str] = &["light", "rust", "coal", "navy", "ayu"];
/// The themes screenshots are taken in.
const SCREENSHOT_THEMES: &[&str] = &["light", "coal"];
const AXE: &str = include_str!("../assets/axe-core/axe.min.js");
const PAGE_CHECKS: &str = include_str!("../assets/page-checks.js");
const PLAYGROUND_HOST: &str = "play.rust-lang.org";
/// The flags the workplace found keep Chromium quiet on a closed network.
const CHROMIUM_FLAGS: &[&str] = &[
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--lang=en-US",
];

/// What the browser checks found, or why they did not run.
pub enum Outcome {
    Checked {
        pages: usize,
        run_buttons: usize,
        /// First-load weight of every page, as the browser fetched it.
        weights: Vec<PageWeight>,
    },
    Skipped(String),
}

/// Where Chromium is: `$CHROMIUM`, else the usual names on `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path)).filter(|path| path.is_file());
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs every browser check over the site in `site`. `crates` are the block
/// crates for the Run-button builds; with `screenshots`, full-page PNGs of
/// every chapter in the light and coal themes go there.
pub fn check_site(
    site: &Path,
    crates: &BlockCrates,
    screenshots: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let session = match Session::start(site)? {
        Ok(session) => session,
        Err(skipped) => return Ok(Outcome::Skipped(skipped)),
    };
    let (tab, origin, record) = (&session.tab, &session.origin, &session.record);
    let mut problems = Vec::new();
    let mut blocks = Vec::new();
    let mut weights = Vec::new();
    let pages = pages(site)?;
    for page in &pages {
        let url = format!("{origin}/{}", page.display());
        let place = page.display().to_string();
        let started = Instant::now();
        let result = check_page(site, tab, &url, page, record, screenshots);
        eprintln!("    {place}: {:.1}s", started.elapsed().as_secs_f64());
        match result {
            Ok((found, page_blocks, weight)) => {
                problems.extend(
                    found
                        .into_iter()
                        .map(|problem| format!("{place}: {problem}")),
                );
                blocks.extend(page_blocks);
                if is_chapter(page)
                    && let Some(over) = weight.over_budget()
                {
                    problems.push(format!("{place}: {over}"));
                }
                weights.push(weight);
            }
            Err(error) => problems.push(format!("{place}: the check failed: {error:#}")),
        }
    }
    let run_buttons = blocks
        .iter()
        .filter(|block| block.claim != Claim::Nothing)
        .count();
    problems.extend(playground::check_blocks(&blocks, crates)?);
    if !problems.is_empty() {
        bail!(
            "{} problem(s) in the browser:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(Outcome::Checked {
        pages: pages.len(),
        run_buttons,
        weights,
    })
}

/// Whether `page` is a chapter of the book (it has a Markdown source), as
/// opposed to mdBook's print, table-of-contents and 404 pages.
fn is_chapter(page: &Path) -> bool {
    let name = page.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let source = if name == "index.html" {
        None
    } else {
        Some(project::book_src().join(page.with_extension("md")))
    };
    // index.html is the first chapter (the introduction), renamed by mdBook.
    source.is_none_or(|source| source.is_file())
}

/// Chromium with one tab on the site, served on a free local port.
struct Session {
    // Kept alive for the tab's sake; dropping it closes Chromium.
    _browser: Browser,
    tab: Arc<Tab>,
    origin: String,
    record: Arc<Mutex<Record>>,
}

impl Session {
    /// Starts Chromium on `site`; without Chromium, the reason checks are
    /// skipped (or, in CI, an error).
    fn start(site: &Path) -> anyhow::Result<Result<Session, String>> {
        let Some(chromium) = find_chromium() else {
            let how = "install Debian's Chromium (`apt-get install chromium`) or set CHROMIUM=/path/to/chromium";
            if std::env::var("CI").is_ok_and(|value| value == "true") {
                bail!("Chromium is not installed, and CI must run the browser checks: {how}");
            }
            return Ok(Err(format!(
                "SKIPPED: no Chromium found; to run the browser checks, {how}"
            )));
        };
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let origin = format!("http://{}", listener.local_addr()?);
        http_server::start(listener, site.to_path_buf(), None);
        let profile = project::scratch_dir("chromium-profile");
        let _ = std::fs::remove_dir_all(&profile);
        let args: Vec<&std::ffi::OsStr> = CHROMIUM_FLAGS.iter().map(std::ffi::OsStr::new).collect();
        let browser = Browser::new(LaunchOptions {
            headless: true,
            sandbox: false,
            path: Some(chromium.clone()),
            user_data_dir: Some(profile),
            window_size: Some((1280, 900)),
            args,
            idle_browser_timeout: Duration::from_secs(300),
            ..LaunchOptions::default()
        })
        .map_err(|error| anyhow::anyhow!("starting {}: {error}", chromium.display()))?;
        let tab = browser
            .new_tab()
            .map_err(|error| anyhow::anyhow!("opening a tab: {error}"))?;
        tab.set_default_timeout(Duration::from_secs(20));
        let record = Arc::new(Mutex::new(Record::default()));
        watch_tab(&tab, &origin, &record)?;
        Ok(Ok(Session {
            _browser: browser,
            tab,
            origin,
            record,
        }))
    }
}

/// The first-load weight of every page, as Chromium fetches it (`None`
/// without Chromium).
pub fn weigh_pages(site: &Path) -> anyhow::Result<Option<Vec<PageWeight>>> {
    let Ok(session) = Session::start(site)? else {
        return Ok(None);
    };
    let mut weights = Vec::new();
    for page in pages(site)? {
        let url = format!("{}/{}", session.origin, page.display());
        load(&session.tab, &url, &session.record)?;
        let _: Vec<String> = evaluate_json(&session.tab, "__xtask.pageProblems()")?;
        let requested = session
            .record
            .lock()
            .expect("record lock")
            .site_requests
            .clone();
        weights.push(PageWeight::measure(
            site,
            &page.display().to_string(),
            &requested,
        )?);
    }
    Ok(Some(weights))
}

/// Every HTML page of the site, relative to it.
fn pages(site: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(site)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "html"))
        .map(|entry| entry.path().strip_prefix(site).map(Path::to_path_buf))
        .collect::<Result<_, _>>()?;
    pages.sort();
    Ok(pages)
}

/// What the tab did while a page was open.
#[derive(Default)]
struct Record {
    errors: Vec<String>,
    /// Site files the page requested, relative to the site.
    site_requests: Vec<String>,
    foreign_requests: Vec<String>,
    /// Bodies of the page's requests to the playground's evaluate endpoint.
    runs: Vec<String>,
}

/// Watches every request of `tab` and answers the playground's.
///
/// Only the playground's requests are paused (intercepting every request
/// made each page load take seconds); all others are seen through Network
/// events, and any to another host is recorded as a problem.
fn watch_tab(tab: &Arc<Tab>, origin: &str, record: &Arc<Mutex<Record>>) -> anyhow::Result<()> {
    let cdp = |error: anyhow::Error| anyhow::anyhow!("DevTools: {error}");
    let pattern = RequestPattern {
        url_pattern: Some(format!("*://{PLAYGROUND_HOST}/*")),
        resource_Type: None,
        request_stage: None,
    };
    tab.enable_fetch(Some(&[pattern]), None).map_err(cdp)?;
    let requests = Arc::clone(record);
    tab.enable_request_interception(Arc::new(
        move |_: Arc<Transport>, _: SessionId, event: RequestPausedEvent| {
            stub_playground(&event, &requests)
        },
    ))
    .map_err(cdp)?;
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .map_err(cdp)?;
    // Every load downloads everything, as for a first-time reader.
    tab.call_method(Network::SetCacheDisabled {
        cache_disabled: true,
    })
    .map_err(cdp)?;
    tab.enable_runtime().map_err(cdp)?;
    tab.enable_log().map_err(cdp)?;
    let (events, origin) = (Arc::clone(record), origin.to_owned());
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let mut record = events.lock().expect("record lock");
        if let Event::NetworkRequestWillBeSent(sent) = event {
            let url = &sent.params.request.url;
            if let Some(path) = url.strip_prefix(&format!("{origin}/")) {
                let path = path.split(['?', '#']).next().unwrap_or_default();
                let path = if path.is_empty() || path.ends_with('/') {
                    format!("{path}index.html")
                } else {
                    path.to_owned()
                };
                record.site_requests.push(path);
            } else if !is_allowed(url, &origin) {
                record.foreign_requests.push(url.clone());
            }
        } else if let Some(error) = describe_error(event) {
            record.errors.push(error);
        }
    }))
    .map_err(cdp)?;
    Ok(())
}

/// Requests a page may make: to the site itself, to the playground (which
/// the stub answers), and to data URLs.
fn is_allowed(url: &str, origin: &str) -> bool {
    url == origin
        || url.starts_with(&format!("{origin}/"))
        || url.starts_with("data:")
        || host_of(url) == PLAYGROUND_HOST
}

fn host_of(url: &str) -> &str {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .unwrap_or("")
}

fn describe_error(event: &Event) -> Option<String> {
    match event {
        Event::RuntimeExceptionThrown(thrown) => {
            let details = &thrown.params.exception_details;
            let message = details
                .exception
                .as_ref()
                .and_then(|e| e.description.clone())
                .unwrap_or_else(|| details.text.clone());
            Some(format!("page error: {message}"))
        }
        Event::RuntimeConsoleAPICalled(call) if format!("{:?}", call.params.Type) == "Error" => {
            let text: Vec<String> = call
                .params
                .args
                .iter()
                .map(|arg| {
                    arg.value.as_ref().map_or_else(
                        || arg.description.clone().unwrap_or_default(),
                        ToString::to_string,
                    )
                })
                .collect();
            Some(format!("console error: {}", text.join(" ")))
        }
        Event::LogEntryAdded(entry) if format!("{:?}", entry.params.entry.level) == "Error" => {
            Some(format!(
                "console error: {} {}",
                entry.params.entry.text,
                entry.params.entry.url.clone().unwrap_or_default()
            ))
        }
        _ => None,
    }
}

/// Answers a request to the playground: the crate list, or a run (whose
/// body is recorded, to be compiled and run here).
fn stub_playground(event: &RequestPausedEvent, record: &Mutex<Record>) -> RequestPausedDecision {
    let request = &event.params.request;
    let id = event.params.request_id.clone();
    if host_of(&request.url) != PLAYGROUND_HOST {
        return RequestPausedDecision::Fail(FailRequest {
            request_id: id,
            error_reason: ErrorReason::BlockedByClient,
        });
    }
    let body = if request.method == "OPTIONS" {
        String::new()
    } else if request.url.ends_with("/meta/crates") {
        playground::crate_list_json()
    } else {
        if request.url.ends_with("/evaluate.json") {
            record
                .lock()
                .expect("record lock")
                .runs
                .push(request.post_data.clone().unwrap_or_default());
        }
        "{\"result\":\"(checked locally by cargo xtask test)\",\"error\":null}".to_owned()
    };
    fulfill(id, &body)
}

fn fulfill(request_id: String, body: &str) -> RequestPausedDecision {
    let header = |name: &str, value: &str| HeaderEntry {
        name: name.into(),
        value: value.into(),
    };
    RequestPausedDecision::Fulfill(FulfillRequest {
        request_id,
        response_code: 200,
        response_headers: Some(vec![
            header("Content-Type", "application/json"),
            header("Access-Control-Allow-Origin", "*"),
            header("Access-Control-Allow-Methods", "POST, OPTIONS"),
            header("Access-Control-Allow-Headers", "Content-Type"),
        ]),
        binary_response_headers: None,
        body: Some(base64::engine::general_purpose::STANDARD.encode(body)),
        response_phrase: None,
    })
}

/// Loads `url` and waits until the page and its scripts are ready.
///
/// Waiting for the document's `load` (not for the network to go idle, which
/// Chromium's own connections delay by seconds) keeps a page load quick.
fn load(tab: &Tab, url: &str, record: &Mutex<Record>) -> anyhow::Result<()> {
    *record.lock().expect("record lock") = Record::default();
    // Mark the old document, so the wait below cannot mistake it for the new one.
    let _ = evaluate(tab, "window.__xtaskOld = true", false);
    tab.navigate_to(url)
        .map_err(|error| anyhow::anyhow!("loading {url}: {error}"))?;
    wait_for(
        tab,
        "!window.__xtaskOld && document.readyState === 'complete'",
        Duration::from_secs(20),
    )
    .with_context(|| format!("{url} did not finish loading"))?;
    evaluate(tab, "document.fonts.ready.then(() => true)", true)?;
    // The Run buttons appear once the (stubbed) crate list has arrived.
    let buttons_ready = "Array.from(document.querySelectorAll('.playground .play-button')).every(b => !b.classList.contains('hidden'))";
    let _ = wait_for(tab, buttons_ready, Duration::from_secs(2));
    evaluate(tab, PAGE_CHECKS, false)?;
    Ok(())
}

/// Polls `condition` in the page until it is true or `limit` passes.
fn wait_for(tab: &Tab, condition: &str, limit: Duration) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        if evaluate(tab, condition, false)
            .ok()
            .and_then(|value| value.as_bool())
            == Some(true)
        {
            return Ok(());
        }
        if started.elapsed() > limit {
            bail!("waited {}s for `{condition}`", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Evaluates `expression` and returns its value as JSON.
fn evaluate(tab: &Tab, expression: &str, await_promise: bool) -> anyhow::Result<serde_json::Value> {
    let object = tab
        .evaluate(expression, await_promise)
        .map_err(|error| anyhow::anyhow!("evaluating a script: {error}"))?;
    Ok(object.value.unwrap_or(serde_json::Value::Null))
}

/// Evaluates an expression that returns a JSON string and parses it.
fn evaluate_json<T: serde::de::DeserializeOwned>(tab: &Tab, expression: &str) -> anyhow::Result<T> {
    let value = evaluate(
        tab,
        &format!("Promise.resolve({expression}).then(JSON.stringify)"),
        true,
    )?;
    let text = value.as_str().context("the script returned no JSON")?;
    serde_json::from_str(text).with_context(|| format!("reading the script's answer: {text}"))
}

type PageResult = (Vec<String>, Vec<Block>, PageWeight);

fn check_page(
    site: &Path,
    tab: &Tab,
    url: &str,
    page: &Path,
    record: &Mutex<Record>,
    screenshots: Option<&Path>,
) -> anyhow::Result<PageResult> {
    load(tab, url, record)?;
    let mut problems: Vec<String> = evaluate_json(tab, "__xtask.pageProblems()")?;
    // The page has now loaded everything, figures included.
    let requested = record.lock().expect("record lock").site_requests.clone();
    let weight = PageWeight::measure(site, &page.display().to_string(), &requested)?;
    evaluate(tab, AXE, false)?;
    problems.extend(evaluate_json::<Vec<String>>(
        tab,
        "__xtask.axeViolations({})",
    )?);
    let themes = serde_json::to_string(THEMES)?;
    problems.extend(evaluate_json::<Vec<String>>(
        tab,
        &format!("__xtask.themeProblems({themes})"),
    )?);
    let blocks = if page.file_name().is_some_and(|name| name == "print.html") {
        // The print page repeats every chapter's blocks.
        Vec::new()
    } else {
        run_buttons(tab, page, record, &mut problems)?
    };
    if let Some(dir) = screenshots {
        for theme in SCREENSHOT_THEMES {
            if evaluate_json::<bool>(tab, &format!("__xtask.setTheme({theme:?})"))? {
                let name = page
                    .with_extension("")
                    .display()
                    .to_string()
                    .replace('/', "-");
                screenshot(tab, &dir.join(format!("{name}-{theme}.png")))?;
            }
        }
    }
    let record = record.lock().expect("record lock");
    problems.extend(record.errors.iter().cloned());
    problems.extend(
        record
            .foreign_requests
            .iter()
            .map(|url| format!("requested another host: {url}")),
    );
    let mut seen = std::collections::HashSet::new();
    problems.retain(|problem| seen.insert(problem.clone()));
    Ok((problems, blocks, weight))
}

/// One Rust block as the page shows it.
#[derive(serde::Deserialize)]
struct PageBlock {
    index: usize,
    classes: Vec<String>,
    runnable: bool,
    has_button: bool,
    code: String,
    expected: Option<String>,
}

/// Clicks every Run button of the page and collects what each sends.
fn run_buttons(
    tab: &Tab,
    page: &Path,
    record: &Mutex<Record>,
    problems: &mut Vec<String>,
) -> anyhow::Result<Vec<Block>> {
    let source = project::book_src().join(page.with_extension("md"));
    let source_lines: Vec<usize> = std::fs::read_to_string(&source)
        .map(|text| {
            code_blocks(&text)
                .into_iter()
                .filter(|block| block.is_rust())
                .map(|block| block.line)
                .collect()
        })
        .unwrap_or_default();
    let page_blocks: Vec<PageBlock> = evaluate_json(tab, "__xtask.blocks()")?;
    let mut blocks = Vec::new();
    for block in page_blocks {
        let line = source_lines
            .get(block.index)
            .map_or_else(String::new, |line| {
                format!(" ({}:{line})", project::display(&source))
            });
        let place = format!("{}, Rust block {}{line}", page.display(), block.index + 1);
        let claim = Claim::from_classes(&block.classes);
        let edition = block
            .classes
            .iter()
            .find_map(|class| class.strip_prefix("edition"))
            .unwrap_or("2015")
            .to_owned();
        if claim == Claim::Runs || claim == Claim::Panics {
            if !block.has_button || !block.runnable {
                problems.push(format!("{place}: has no Run button (does it use a crate the playground lacks, or lack `# extern crate`?)"));
                continue;
            }
            let before = record.lock().expect("record lock").runs.len();
            evaluate(tab, &format!("__xtask.clickRun({})", block.index), false)?;
            let Some(body) = wait_for_run(record, before) else {
                problems.push(format!(
                    "{place}: clicking Run sent nothing to the playground"
                ));
                continue;
            };
            let sent: serde_json::Value = serde_json::from_str(&body)
                .with_context(|| format!("{place}: reading the Run request"))?;
            let code = sent["code"].as_str().unwrap_or_default().to_owned();
            let edition = sent["edition"].as_str().unwrap_or_default().to_owned();
            if edition != "2024" {
                problems.push(format!(
                    "{place}: the Run button sends edition {edition:?}, not 2024"
                ));
            }
            blocks.push(Block {
                place,
                code,
                edition,
                claim,
                expected: block.expected,
            });
        } else {
            blocks.push(Block {
                place,
                code: block.code,
                edition,
                claim,
                expected: None,
            });
        }
    }
    Ok(blocks)
}

fn wait_for_run(record: &Mutex<Record>, before: usize) -> Option<String> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        if let Some(body) = record.lock().expect("record lock").runs.get(before) {
            return Some(body.clone());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// A full-page PNG of what the tab shows.
fn screenshot(tab: &Tab, file: &Path) -> anyhow::Result<()> {
    let size: Vec<f64> = evaluate_json(
        tab,
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]",
    )?;
    let clip = Page::Viewport {
        x: 0.0,
        y: 0.0,
        width: size[0],
        height: size[1],
        scale: 1.0,
    };
    let shot = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(Page::CaptureScreenshotFormatOption::Png),
            quality: None,
            clip: Some(clip),
            from_surface: Some(true),
            capture_beyond_viewport: Some(true),
            optimize_for_speed: None,
        })
        .map_err(|error| anyhow::anyhow!("taking a screenshot: {error}"))?;
    let png = base64::engine::general_purpose::STANDARD.decode(shot.data)?;
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(file, png)?;
    Ok(())
}
