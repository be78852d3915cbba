//! Finding Debian's Chromium (or `$CHROMIUM`) and starting it headless with
//! one tab on the built site, served on a free local port. Never downloads
//! a browser.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::bail;
use headless_chrome::protocol::cdp::Target::CreateTarget;
use headless_chrome::{Browser, LaunchOptions, Tab};
pub use xtask::limited::scaled;
use xtask::project;
use xtask_serve::http_server::{self, Options};

use crate::network::{Record, watch_tab};

/// The flags the workplace found keep Chromium quiet on a closed network.
pub const CHROMIUM_FLAGS: &[&str] = &[
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

/// How long one DevTools call may take before it counts as hung. Generous,
/// since a 2-core machine running axe-core on a long page is slow, and
/// scaled by `XTASK_TIMEOUT_SCALE` for slower machines.
pub fn devtools_timeout() -> Duration {
    scaled(Duration::from_secs(20))
}

/// The desktop window every page is checked in, in CSS pixels.
pub const WINDOW: (u32, u32) = (1280, 900);

/// Chromium on the site, served on a free local port.
pub struct Session {
    // Dropping it closes Chromium.
    browser: Browser,
    pub origin: String,
}

/// One tab of the session, with what it does on the network.
pub struct WatchedTab {
    pub tab: Arc<Tab>,
    pub record: Arc<Mutex<Record>>,
}

/// How many pages to check at once: one per core (each tab's page scripts
/// run on a core of their own), never more than there are pages.
pub fn tabs_for(pages: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |cores| cores.get())
        .min(pages)
        .max(1)
}

impl Session {
    /// Starts Chromium on `site` as built; without Chromium, the reason
    /// checks are skipped (or, in CI, an error).
    pub fn start(site: &Path) -> anyhow::Result<Result<Session, String>> {
        Session::start_with(site, Options::default())
    }

    /// Starts Chromium on `site`, served with `options` (the preview's
    /// local runner, for instance).
    pub fn start_with(site: &Path, options: Options) -> anyhow::Result<Result<Session, String>> {
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
        http_server::start(listener, site.to_path_buf(), options)?;
        let profile = project::scratch_dir("chromium-profile");
        if profile.exists() {
            fs_err::remove_dir_all(&profile).map_err(|error| {
                anyhow::anyhow!("removing {}: {error}", project::display(&profile))
            })?;
        }
        let args: Vec<&std::ffi::OsStr> = CHROMIUM_FLAGS.iter().map(std::ffi::OsStr::new).collect();
        let browser = Browser::new(LaunchOptions {
            headless: true,
            sandbox: false,
            path: Some(chromium.clone()),
            user_data_dir: Some(profile),
            window_size: Some(WINDOW),
            args,
            idle_browser_timeout: Duration::from_secs(300),
            ..LaunchOptions::default()
        })
        .map_err(|error| anyhow::anyhow!("starting {}: {error}", chromium.display()))?;
        Ok(Ok(Session { browser, origin }))
    }

    /// A new tab, its requests watched and the playground stubbed.
    ///
    /// Each tab has a browser context of its own, like a private window:
    /// mdBook keeps the theme in local storage, which tabs of one context
    /// share, so a tab checking the navy theme would otherwise change the
    /// theme of a page another tab is loading.
    pub fn open_tab(&self) -> anyhow::Result<WatchedTab> {
        let cdp = |error: anyhow::Error| anyhow::anyhow!("opening a tab: {error}");
        let context = self.browser.new_context().map_err(cdp)?;
        let tab = self
            .browser
            .new_tab_with_options(CreateTarget {
                url: "about:blank".to_owned(),
                left: None,
                top: None,
                width: Some(WINDOW.0),
                height: Some(WINDOW.1),
                window_state: None,
                browser_context_id: Some(context.get_id().to_owned()),
                enable_begin_frame_control: None,
                new_window: None,
                background: None,
                for_tab: None,
                hidden: None,
            })
            .map_err(cdp)?;
        tab.set_default_timeout(devtools_timeout());
        let record = Arc::new(Mutex::new(Record::default()));
        watch_tab(&tab, &self.origin, &record)?;
        Ok(WatchedTab { tab, record })
    }
}
