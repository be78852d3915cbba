//! One page in the tab: loading it (or clicking a link to it) and waiting
//! until it is ready, running the in-page checks (`assets/page-checks.js`)
//! and axe-core in every theme, and full-page screenshots.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine;
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::{Emulation, Page};
use xtask::check::playground::Block;
use xtask::check::weight::PageWeight;

use crate::chromium::{WINDOW, scaled};
use crate::explorable::Explorables;
use crate::network::Record;
use crate::pointer::{Pointer, Which};
use crate::run_buttons::run_buttons;

/// mdBook's themes: every figure must survive each of them.
pub const THEMES: &[&str] = &["light", "rust", "coal", "navy", "ayu"];
/// The themes screenshots are taken in.
const SCREENSHOT_THEMES: &[&str] = &["light", "coal"];
pub const AXE: &str = include_str!("../assets/axe-core/axe.min.js");
const PAGE_CHECKS: &str = include_str!("../assets/page-checks.js");

/// How long loading `page` of `site` may take: 20 seconds, and 10 more for
/// each megabyte of HTML (the print page holds every chapter), times
/// `XTASK_TIMEOUT_SCALE`.
pub fn load_limit(site: &Path, page: &Path) -> Duration {
    let bytes = fs_err::metadata(site.join(page)).map_or(0, |meta| meta.len());
    scaled(Duration::from_secs(20) + Duration::from_secs(10).mul_f64(bytes as f64 / 1e6))
}

/// Loads `url` and waits, at most `limit`, until the page and its scripts
/// are ready.
///
/// Waiting for the document's `load` (not for the network to go idle, which
/// Chromium's own connections delay by seconds) keeps a page load quick.
pub fn load(tab: &Tab, url: &str, record: &Mutex<Record>, limit: Duration) -> anyhow::Result<()> {
    arrive(tab, record, limit, || {
        tab.navigate_to(url)
            .map(drop)
            .map_err(|error| anyhow::anyhow!("the browser could not open it: {error}"))
    })
    .with_context(|| format!("{url} did not finish loading"))
}

/// Clicks the link `selector` finds, as a reader does, and waits, at most
/// `limit`, until the page it leads to is ready.
pub fn follow(
    tab: &Tab,
    selector: &str,
    record: &Mutex<Record>,
    limit: Duration,
) -> anyhow::Result<()> {
    let click = format!(
        "(link => link ? (link.click(), true) : false)(document.querySelector({}))",
        serde_json::to_string(selector)?
    );
    arrive(tab, record, limit, || {
        match evaluate(tab, &click, false)?.as_bool() {
            Some(true) => Ok(()),
            _ => bail!("the page has no link `{selector}`"),
        }
    })
    .with_context(|| format!("following the link `{selector}`"))
}

/// Starts a new page with `go` (a fresh record for it), then waits, at most
/// `limit`, until it is ready and carries the in-page checks.
fn arrive(
    tab: &Tab,
    record: &Mutex<Record>,
    limit: Duration,
    go: impl FnOnce() -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    *record.lock().expect("record lock") = Record::default();
    // Mark the old document, so the wait below cannot mistake it for the new one.
    let _ = evaluate(tab, "window.__xtaskOld = true", false);
    go()?;
    wait_for(
        tab,
        "!window.__xtaskOld && document.readyState === 'complete'",
        limit,
    )?;
    evaluate(tab, "document.fonts.ready.then(() => true)", true)?;
    // The Run buttons appear once the (stubbed) crate list has arrived.
    let buttons_ready = "Array.from(document.querySelectorAll('.playground .play-button')).every(b => !b.classList.contains('hidden'))";
    // A page without Rust blocks has no buttons to wait for, so a time-out
    // here is not a failure; a missing button is reported by the Run checks.
    let _ = wait_for(tab, buttons_ready, scaled(Duration::from_secs(2)));
    evaluate(tab, PAGE_CHECKS, false)?;
    Ok(())
}

/// Polls `condition` in the page until it is true or `limit` passes.
pub fn wait_for(tab: &Tab, condition: &str, limit: Duration) -> anyhow::Result<()> {
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
pub fn evaluate(
    tab: &Tab,
    expression: &str,
    await_promise: bool,
) -> anyhow::Result<serde_json::Value> {
    let object = tab
        .evaluate(expression, await_promise)
        .map_err(|error| anyhow::anyhow!("evaluating a script: {error}"))?;
    Ok(object.value.unwrap_or(serde_json::Value::Null))
}

/// Evaluates an expression that returns a JSON string and parses it.
pub fn evaluate_json<T: serde::de::DeserializeOwned>(
    tab: &Tab,
    expression: &str,
) -> anyhow::Result<T> {
    let value = evaluate(
        tab,
        &format!("Promise.resolve({expression}).then(JSON.stringify)"),
        true,
    )?;
    let text = value.as_str().context("the script returned no JSON")?;
    serde_json::from_str(text).with_context(|| format!("reading the script's answer: {text}"))
}

pub type PageResult = (Vec<String>, Vec<Block>, PageWeight, Phases);

/// How long each pass over a page took, for the progress line.
#[derive(Default)]
pub struct Phases {
    took: Vec<(&'static str, Duration)>,
    started: Option<Instant>,
}

impl Phases {
    /// Ends the pass running since the last mark as `name`.
    fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        if let Some(started) = self.started {
            self.took.push((name, now - started));
        }
        self.started = Some(now);
    }

    fn start() -> Self {
        let mut phases = Phases::default();
        phases.mark("");
        phases
    }
}

impl std::fmt::Display for Phases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .took
            .iter()
            .map(|(name, took)| format!("{name} {:.1}s", took.as_secs_f64()))
            .collect();
        write!(f, "{}", parts.join(", "))
    }
}

pub fn check_page(
    site: &Path,
    tab: &Tab,
    url: &str,
    page: &Path,
    record: &Mutex<Record>,
    screenshots: Option<&Path>,
) -> anyhow::Result<PageResult> {
    let mut phases = Phases::start();
    let limit = load_limit(site, page);
    load(tab, url, record, limit)?;
    phases.mark("load");
    let mut problems: Vec<String> = evaluate_json(tab, &page_problems_call())?;
    problems.extend(evaluate_json::<Vec<String>>(tab, &figure_problems_call())?);
    // The page has now loaded everything, figures included.
    let requested = own_requests(&record.lock().expect("record lock"), url, page)?;
    let weight = PageWeight::measure(site, &page.display().to_string(), &requested)?;
    phases.mark("page");
    // After the weight: laying out every formula fetches fonts a first
    // load does not.
    problems.extend(crate::fonts::fallback_font_problems(tab)?);
    phases.mark("fonts");
    problems.extend(evaluate_json::<Vec<String>>(
        tab,
        "__xtask.highlightingProblems()",
    )?);
    problems.extend(evaluate_json::<Vec<String>>(
        tab,
        "__xtask.searchProblems()",
    )?);
    phases.mark("search");
    // The print page is every chapter again, one after the other: its own
    // load, links, images and axe run are checked here, while what the
    // chapter pages already cover (their formulas, each theme, the phone
    // width, the Run buttons, the explorable figures) is not checked a
    // second time. It is the slowest page by far.
    let is_print_page = page.file_name().is_some_and(|name| name == "print.html");
    if !is_print_page {
        // Before axe, so that axe sees the explorable figures in use.
        problems.extend(Explorables::on(tab, WINDOW.0)?.desktop_problems(record)?);
        phases.mark("explore");
    }
    evaluate(tab, AXE, false)?;
    problems.extend(evaluate_json::<Vec<String>>(
        tab,
        &format!("__xtask.axeProblems({is_print_page})"),
    )?);
    phases.mark("axe");
    let themes = serde_json::to_string(THEMES)?;
    if !is_print_page {
        problems.extend(evaluate_json::<Vec<String>>(
            tab,
            &format!("__xtask.themeProblems({themes})"),
        )?);
        phases.mark("themes");
    }
    if !is_print_page {
        problems.extend(Pointer::on(tab, WINDOW.0)?.as_built_problems()?);
        phases.mark("pointer");
    }
    let blocks = if is_print_page {
        Vec::new()
    } else {
        run_buttons(tab, page, record, &mut problems)?
    };
    phases.mark("run");
    if let Some(dir) = screenshots {
        screenshot_themes(tab, &dir.join(screenshot_name(page)))?;
    }
    {
        let seen = record.lock().expect("record lock");
        problems.extend(seen.errors.iter().cloned());
        problems.extend(
            seen.foreign_requests
                .iter()
                .map(|url| format!("requested another host: {url}")),
        );
    }
    if !is_print_page {
        problems.extend(editing_problems(tab, url, record, limit)?);
        phases.mark("editing");
        let phone_shots =
            screenshots.map(|dir| dir.join(format!("{}-{PHONE_WIDTH}px", screenshot_name(page))));
        problems.extend(phone_problems(
            tab,
            url,
            record,
            limit,
            phone_shots.as_deref(),
        )?);
        phases.mark("phone");
    }
    let mut seen = std::collections::HashSet::new();
    problems.retain(|problem| seen.insert(problem.clone()));
    Ok((problems, blocks, weight, phases))
}

/// The site files the page at `url` (`page` in the site) requested itself:
/// not those a page before it in the tab asked for as it was left. The
/// page's own HTML must be among them, or the addresses did not match.
fn own_requests(record: &Record, url: &str, page: &Path) -> anyhow::Result<Vec<String>> {
    let own: Vec<String> = record
        .site_requests
        .iter()
        .zip(&record.site_request_documents)
        .filter(|(_, document)| document.as_str() == url)
        .map(|(path, _)| path.clone())
        .collect();
    let name = page.display().to_string();
    anyhow::ensure!(
        own.contains(&name),
        "{url}: none of the requests the browser saw came from the page itself (it saw {:?} from {:?}); the page weight cannot be measured",
        record.site_requests,
        record.site_request_documents
    );
    Ok(own)
}

/// A page's screenshots are named after its path, with `-` for `/`.
fn screenshot_name(page: &Path) -> String {
    page.with_extension("")
        .display()
        .to_string()
        .replace('/', "-")
}

/// Screenshots of what the tab shows in each of [`SCREENSHOT_THEMES`], as
/// `<stem>-<theme>.png`.
fn screenshot_themes(tab: &Tab, stem: &Path) -> anyhow::Result<()> {
    for theme in SCREENSHOT_THEMES {
        if evaluate_json::<bool>(tab, &format!("__xtask.setTheme({theme:?})"))? {
            let mut file = stem.as_os_str().to_owned();
            file.push(format!("-{theme}.png"));
            screenshot(tab, Path::new(&file))?;
        }
    }
    Ok(())
}

/// Lays out the whole page for a screenshot: the book lays out only what
/// is near the screen (`content-visibility: auto` in theme/book.css), and a
/// capture beyond the viewport would show the rest blank.
const RENDER_ALL: &str = "(() => { const style = document.createElement('style'); style.id = 'xtask-render-all'; style.textContent = '* { content-visibility: visible !important; }'; document.head.append(style); return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))); })()";
const RENDER_AS_BUILT: &str = "document.getElementById('xtask-render-all').remove(), true";

/// A full-page PNG of what the tab shows, every part of the page laid out.
pub fn screenshot(tab: &Tab, file: &Path) -> anyhow::Result<()> {
    evaluate(tab, RENDER_ALL, true)?;
    let shot = capture(tab);
    evaluate(tab, RENDER_AS_BUILT, false)?;
    let png = shot?;
    if let Some(parent) = file.parent() {
        fs_err::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs_err::write(file, png).with_context(|| format!("writing {}", file.display()))?;
    Ok(())
}

/// The whole page as PNG bytes.
fn capture(tab: &Tab) -> anyhow::Result<Vec<u8>> {
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
    Ok(base64::engine::general_purpose::STANDARD.decode(shot.data)?)
}

/// The in-page call that checks text, math and images, with the book's one
/// alt-text rule.
pub fn page_problems_call() -> String {
    format!("__xtask.pageProblems({})", figures::MIN_ALT_WORDS)
}

/// Loads `url` again, since Run left its results under the
/// blocks, and puts its first and last runnable blocks through every state
/// a reader can put them in, with a real pointer (`pointer`); with the
/// page errors meanwhile.
fn editing_problems(
    tab: &Tab,
    url: &str,
    record: &Mutex<Record>,
    limit: Duration,
) -> anyhow::Result<Vec<String>> {
    load(tab, url, record, limit)?;
    let pointer = Pointer::on(tab, WINDOW.0)?;
    let mut problems = pointer.edited_problems(record, Which::FirstAndLast)?;
    problems.extend(record.lock().expect("record lock").errors.iter().cloned());
    Ok(problems)
}

/// The in-page call that measures every figure's text as rendered at the
/// window's width, against the book's smallest text size.
pub fn figure_problems_call() -> String {
    format!("__xtask.figureProblems({})", figures::MIN_TEXT_PX)
}

/// The narrowest phone the book is read on, in CSS pixels.
const PHONE_WIDTH: u32 = 375;

/// Loads `url` again as a phone would show it and reports what
/// `phone_page_problems` finds, with screenshots named `screenshots` if
/// asked; then the tab is a desktop again.
fn phone_problems(
    tab: &Tab,
    url: &str,
    record: &Mutex<Record>,
    limit: Duration,
    screenshots: Option<&Path>,
) -> anyhow::Result<Vec<String>> {
    let phone = Emulation::SetDeviceMetricsOverride {
        width: PHONE_WIDTH,
        height: 800,
        device_scale_factor: 1.0,
        mobile: true,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    };
    // No page may be showing while the window changes size: one would
    // fetch its other drawings as the next page starts loading.
    leave_page(tab)?;
    tab.call_method(phone)
        .map_err(|error| anyhow::anyhow!("emulating a phone: {error}"))?;
    tab.call_method(touch(true))
        .map_err(|error| anyhow::anyhow!("emulating a touch screen: {error}"))?;
    let found = load(tab, url, record, limit).and_then(|()| {
        let found = phone_page_problems(tab, record)?;
        if let Some(stem) = screenshots {
            screenshot_themes(tab, stem)?;
        }
        Ok(found)
    });
    leave_page(tab)?;
    tab.call_method(touch(false))
        .map_err(|error| anyhow::anyhow!("ending the touch emulation: {error}"))?;
    tab.call_method(Emulation::ClearDeviceMetricsOverride(None))
        .map_err(|error| anyhow::anyhow!("ending the phone emulation: {error}"))?;
    found
}

/// Leaves the page the tab shows for an empty one, and waits until it has.
fn leave_page(tab: &Tab) -> anyhow::Result<()> {
    tab.navigate_to("about:blank")
        .map_err(|error| anyhow::anyhow!("leaving the page: {error}"))?;
    wait_for(
        tab,
        "location.href === 'about:blank' && document.readyState === 'complete'",
        scaled(Duration::from_secs(10)),
    )
}

/// A touch screen on or off: a phone's coarse pointer makes mdBook's code
/// buttons larger (`@media (pointer: coarse)`).
fn touch(enabled: bool) -> Emulation::SetTouchEmulationEnabled {
    Emulation::SetTouchEmulationEnabled {
        enabled,
        max_touch_points: enabled.then_some(5),
    }
}

/// On the page loaded at phone width: nothing makes it scroll sideways,
/// whatever scrolls sideways inside it can be reached with the keyboard,
/// a pointer reaches every button of every block, as built and in every
/// state of its last runnable block, and every explorable figure moves and
/// stays legible in each state.
fn phone_page_problems(tab: &Tab, record: &Mutex<Record>) -> anyhow::Result<Vec<String>> {
    let mut problems: Vec<String> = evaluate_json(tab, "__xtask.phoneProblems()")?;
    problems.extend(evaluate_json::<Vec<String>>(tab, &figure_problems_call())?);
    problems.extend(scroll_focus_problems(tab)?);
    problems.extend(Explorables::on(tab, PHONE_WIDTH)?.phone_problems(record)?);
    let pointer = Pointer::on(tab, PHONE_WIDTH)?;
    problems.extend(pointer.as_built_problems()?);
    problems.extend(pointer.edited_problems(record, Which::Last)?);
    Ok(problems)
}

/// axe's `scrollable-region-focusable` at the current (phone) width: a
/// table or display formula that scrolls sideways must take the keyboard's
/// focus, or keyboard readers cannot scroll it.
fn scroll_focus_problems(tab: &Tab) -> anyhow::Result<Vec<String>> {
    evaluate(tab, AXE, false)?;
    let found: Vec<String> = evaluate_json(
        tab,
        "__xtask.axeViolations({ runOnly: ['scrollable-region-focusable'] })",
    )?;
    Ok(found
        .into_iter()
        .map(|problem| format!("at {PHONE_WIDTH} px: {problem}"))
        .collect())
}
