//! The site served under a sub-path, as GitHub Pages serves a project's
//! site under `/<repository>/`, checked in several tabs at once: every page
//! loads with everything it asks for, and every link it has, under the
//! prefix; the address without its trailing slash leads to the site's
//! address, as GitHub Pages redirects it; the previous/next links lead
//! there; a deep missing address
//! answers 404 with the site's 404 page, styled, whose sidebar links lead
//! back under the prefix; and search, from that page, finds a word whose
//! first result opens under the prefix with the word highlighted.
//!
//! The site must have been built for that address (mdBook's `site-url`,
//! which only the 404 page uses, as its `<base href>`): the 404 page, served
//! at any depth, is the one that depends on it, so links and search are
//! tried from there.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use xtask::site;
use xtask_serve::http_server::Options;

use crate::chromium::{self, Session, WatchedTab, scaled};
use crate::network::Record;
use crate::page::{evaluate, evaluate_json, follow, load, load_limit, wait_for};

/// A word of the chapters that search must find.
pub const SEARCH_WORD: &str = "gradient";
/// An address deep under the prefix where the site has no page.
const MISSING_PAGE: &str = "no/such/page.html";
/// The 404 page's heading, as mdBook writes it.
const NOT_FOUND_HEADING: &str = "Document not found (404)";

/// What the check went through.
pub struct SubPathChecked {
    pub pages: usize,
    pub search_results: usize,
}

/// Serves `site` under `prefix` (such as `/ml-math-notes/`) and checks it
/// in Chromium; without Chromium, the reason the check was skipped.
pub fn check_sub_path(site: &Path, prefix: &str) -> anyhow::Result<Result<SubPathChecked, String>> {
    let options = Options {
        prefix: Some(prefix.to_owned()),
        ..Options::default()
    };
    let session = match Session::start_with(site, options)? {
        Ok(session) => session,
        Err(skipped) => return Ok(Err(skipped)),
    };
    let pages: Vec<PathBuf> = site::pages(site)?
        .into_iter()
        .filter(|page| page != Path::new("print.html"))
        .collect();
    // Each part mostly waits on the browser, so each has a tab of its own
    // and they run at once; the pages load in as many tabs as the machine
    // has cores.
    let open = || Visit::open(&session, prefix, site);
    let (links, not_found, search) = (open()?, open()?, open()?);
    let page_tabs = (0..chromium::tabs_for(pages.len()))
        .map(|_| session.open_tab())
        .collect::<anyhow::Result<Vec<_>>>()?;
    let missing = format!("{}{MISSING_PAGE}", links.base);
    let (mut problems, link_problems, not_found_problems, (search_problems, search_results)) =
        std::thread::scope(|scope| {
            let link_problems = scope.spawn(|| {
                timed("the address without its slash, previous/next links", || {
                    let mut found =
                        links.checked(&links.slashless(), || links.slashless_problems());
                    found.extend(links.checked(&links.base, || links.chapter_link_problems()));
                    found
                })
            });
            let not_found_problems = scope.spawn(|| {
                timed("a deep missing page and its sidebar", || {
                    not_found.checked(&missing, || not_found.not_found_problems(&missing))
                })
            });
            let search_problems = scope.spawn(|| {
                timed("search from the missing page", || {
                    search.search_problems(&missing)
                })
            });
            let page_problems = timed("every page", || {
                links.every_page_problems(&pages, &page_tabs)
            });
            let panicked = |part: &str| vec![format!("{part}: the check panicked")];
            (
                page_problems,
                link_problems
                    .join()
                    .unwrap_or_else(|_| panicked("previous/next links")),
                not_found_problems
                    .join()
                    .unwrap_or_else(|_| panicked("the missing page")),
                search_problems
                    .join()
                    .unwrap_or_else(|_| (panicked("search"), 0)),
            )
        });
    problems.extend(link_problems);
    problems.extend(not_found_problems);
    problems.extend(search_problems);
    anyhow::ensure!(
        problems.is_empty(),
        "{} problem(s) with the site under {prefix}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
    Ok(Ok(SubPathChecked {
        pages: pages.len(),
        search_results,
    }))
}

/// Runs `part` of the check, printing how long it took.
fn timed<T>(part: &str, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = work();
    eprintln!("    {part}: {:.1}s", started.elapsed().as_secs_f64());
    result
}

/// The tab, and where the site is served.
struct Visit {
    watched: WatchedTab,
    /// The site's address: the origin and the prefix.
    base: String,
    /// The server's origin, such as `http://127.0.0.1:4000`.
    origin: String,
    prefix: String,
    site: PathBuf,
}

impl Visit {
    /// A tab of its own on `session`, whose `site` is served under `prefix`.
    fn open(session: &Session, prefix: &str, site: &Path) -> anyhow::Result<Visit> {
        Ok(Visit {
            watched: session.open_tab()?,
            base: format!("{}{prefix}", session.origin),
            origin: session.origin.clone(),
            prefix: prefix.to_owned(),
            site: site.to_path_buf(),
        })
    }

    /// The problems `check` found, or the error that stopped it, each
    /// line starting with `url`.
    fn checked(
        &self,
        url: &str,
        check: impl FnOnce() -> anyhow::Result<Vec<String>>,
    ) -> Vec<String> {
        match check() {
            Ok(found) => found
                .into_iter()
                .map(|problem| format!("{url}: {problem}"))
                .collect(),
            Err(error) => vec![format!("{url}: the check failed: {error:#}")],
        }
    }

    /// Every page of the site (`pages`, relative to it), loaded under the
    /// prefix with all its images, each of `tabs` taking the next page
    /// left. The problems come in page order.
    fn every_page_problems(&self, pages: &[PathBuf], tabs: &[WatchedTab]) -> Vec<String> {
        xtask::project::parallel_map_with(tabs, pages, |watched, page| {
            self.page_problems(watched, page)
        })
        .into_iter()
        .flatten()
        .collect()
    }

    /// `page` (relative to the site) loaded under the prefix in `watched`'s
    /// tab, with all its images.
    fn page_problems(&self, watched: &WatchedTab, page: &Path) -> Vec<String> {
        let url = format!("{}{}", self.base, page.display());
        self.checked(&url, || {
            load(
                &watched.tab,
                &url,
                &watched.record,
                load_limit(&self.site, page),
            )?;
            evaluate(&watched.tab, "__xtask.loadImages().then(() => true)", true)?;
            self.loaded_page_problems_in(watched, None)
        })
    }

    /// What is wrong with the page the visit's tab shows (see
    /// `loaded_page_problems_in`).
    fn loaded_page_problems(&self, expected_failure: Option<&str>) -> anyhow::Result<Vec<String>> {
        self.loaded_page_problems_in(&self.watched, expected_failure)
    }

    /// What is wrong with the page `watched`'s tab shows: links outside the
    /// prefix, no styles, a sidebar its script did not fill, and
    /// `request_problems`.
    fn loaded_page_problems_in(
        &self,
        watched: &WatchedTab,
        expected_failure: Option<&str>,
    ) -> anyhow::Result<Vec<String>> {
        let tab = &watched.tab;
        let outside: Vec<String> = evaluate_json(
            tab,
            &format!("__xtask.linksOutside({})", js_string(&self.base)),
        )?;
        let mut problems: Vec<String> = outside
            .into_iter()
            .map(|href| format!("links outside {}: {href}", self.prefix))
            .collect();
        problems.extend(evaluate_json::<Vec<String>>(
            tab,
            "__xtask.assetProblems()",
        )?);
        let record = watched.record.lock().expect("record lock");
        problems.extend(self.request_problems(&record, expected_failure));
        Ok(problems)
    }

    /// What the page asked for: requests outside the prefix, to another
    /// host, or that failed (but `expected_failure`, an address), and
    /// console errors. Each request is named once: a request outside the
    /// prefix also fails, and Chromium logs every failure as a console error.
    fn request_problems(&self, record: &Record, expected_failure: Option<&str>) -> Vec<String> {
        let inside = self.prefix.trim_start_matches('/');
        let mut problems: Vec<String> = record
            .site_requests
            .iter()
            .filter(|path| !path.starts_with(inside))
            .map(|path| format!("requested /{path}, outside {}", self.prefix))
            .collect();
        problems.extend(
            record
                .foreign_requests
                .iter()
                .map(|url| format!("requested another host: {url}")),
        );
        let outside_prefix =
            |url: &str| url.starts_with(&self.origin) && !url.starts_with(&self.base);
        problems.extend(
            record
                .failed_requests
                .iter()
                .filter(|(url, _)| Some(url.as_str()) != expected_failure && !outside_prefix(url))
                .map(|(url, why)| format!("request failed: {url} ({why})")),
        );
        let named = |error: &&String| {
            record
                .failed_requests
                .iter()
                .any(|(url, _)| error.contains(url.as_str()))
        };
        problems.extend(record.errors.iter().filter(|error| !named(error)).cloned());
        problems
    }

    /// The site's address without its trailing slash, such as
    /// `http://127.0.0.1:4000/ml-math-notes`.
    fn slashless(&self) -> String {
        self.base.trim_end_matches('/').to_owned()
    }

    /// The address without its slash must lead, as on GitHub Pages, to the
    /// site's address (where the front page's relative links resolve), and
    /// the front page must load there without problems.
    fn slashless_problems(&self) -> anyhow::Result<Vec<String>> {
        let tab = &self.watched.tab;
        load(tab, &self.slashless(), &self.watched.record, self.limit())?;
        let landed: String = evaluate_json(tab, "location.href")?;
        if landed != self.base {
            return Ok(vec![format!(
                "leads to {landed}, not to {} (redirect the address without its slash)",
                self.base
            )]);
        }
        // The slashless address itself was asked for on purpose; only what
        // the page it redirected to asks for must stay under the prefix.
        let asked = format!(
            "requested {}, outside {}",
            self.prefix.trim_end_matches('/'),
            self.prefix
        );
        Ok(self
            .loaded_page_problems(None)?
            .into_iter()
            .filter(|problem| *problem != asked)
            .collect())
    }

    /// From the site's address itself (its front page), the next chapter's
    /// link, then, from there, the previous chapter's link, each clicked.
    fn chapter_link_problems(&self) -> anyhow::Result<Vec<String>> {
        let tab = &self.watched.tab;
        load(tab, &self.base, &self.watched.record, self.limit())?;
        let mut problems = self.loaded_page_problems(None)?;
        for (what, selector) in [
            ("the next chapter's link", "a.nav-chapters[rel~='next']"),
            ("the previous chapter's link", "a.nav-chapters[rel~='prev']"),
        ] {
            problems.extend(self.follow_problems(what, selector));
        }
        Ok(problems)
    }

    /// Clicks the link `selector` finds (`what`, in messages): it must lead
    /// to a page under the prefix, at the address it shows, that loads
    /// without problems.
    fn follow_problems(&self, what: &str, selector: &str) -> Vec<String> {
        let from = evaluate_json::<String>(&self.watched.tab, "location.href")
            .unwrap_or_else(|_| "the page".into());
        let what = format!("{what} on {from}");
        self.follow_link(&what, selector)
            .unwrap_or_else(|error| vec![format!("{what}: {error:#}")])
    }

    /// `follow_problems`, with the errors that stop it.
    fn follow_link(&self, what: &str, selector: &str) -> anyhow::Result<Vec<String>> {
        let tab = &self.watched.tab;
        let href: Option<String> = evaluate_json(
            tab,
            &format!(
                "(document.querySelector({}) || {{}}).href || null",
                js_string(selector)
            ),
        )?;
        let Some(href) = href else {
            return Ok(vec![format!(
                "{what}: there is no such link (`{selector}`)"
            )]);
        };
        if !href.starts_with(&self.base) {
            return Ok(vec![format!(
                "{what} leads to {href}, outside {}",
                self.prefix
            )]);
        }
        follow(tab, selector, &self.watched.record, self.limit())?;
        let landed: String = evaluate_json(tab, "location.href")?;
        let mut problems = Vec::new();
        if landed != href {
            problems.push(format!(
                "{what} leads to {href}, but clicking it landed on {landed}"
            ));
        }
        let heading: bool = evaluate_json(tab, "!!document.querySelector('main h1')")?;
        if !heading {
            problems.push(format!(
                "{what} leads to {landed}, which shows no page (no heading)"
            ));
        }
        problems.extend(
            self.loaded_page_problems(None)?
                .into_iter()
                .map(|problem| format!("{landed} (after clicking {what}): {problem}")),
        );
        Ok(problems)
    }

    /// Search from the page at `url`: it must find `SEARCH_WORD`, and its
    /// first result must open, under the prefix, with the word highlighted.
    /// Also returns how many results it showed.
    fn search_problems(&self, url: &str) -> (Vec<String>, usize) {
        let mut shown = 0;
        let problems = self.checked(url, || {
            let (found, results) = self.search_from(url)?;
            shown = results;
            Ok(found)
        });
        (problems, shown)
    }

    /// Searches for `SEARCH_WORD` on the page at `url` and follows the
    /// first result; the problems and how many results there were.
    fn search_from(&self, url: &str) -> anyhow::Result<(Vec<String>, usize)> {
        let tab = &self.watched.tab;
        // The missing page itself answers 404, as it must.
        let expected_failure = Some(url);
        load(tab, url, &self.watched.record, self.limit())?;
        if !evaluate_json::<bool>(tab, "__xtask.openSearch()")? {
            let mut problems = vec!["clicking the search button did not open the search".into()];
            problems.extend(self.loaded_page_problems(expected_failure)?);
            return Ok((problems, 0));
        }
        let Some(results) = evaluate_json::<Option<Vec<String>>>(
            tab,
            &format!("__xtask.searchFor({})", js_string(SEARCH_WORD)),
        )?
        else {
            let mut problems = vec![format!("searching for \"{SEARCH_WORD}\" found nothing")];
            problems.extend(self.loaded_page_problems(expected_failure)?);
            return Ok((problems, 0));
        };
        let mut problems = self.loaded_page_problems(expected_failure)?;
        problems.extend(
            results
                .iter()
                .filter(|href| !href.starts_with(&self.base))
                .map(|href| {
                    format!(
                        "a result for \"{SEARCH_WORD}\" links outside {}: {href}",
                        self.prefix
                    )
                }),
        );
        let first = format!("the first result for \"{SEARCH_WORD}\"");
        problems.extend(self.follow_problems(&first, "#mdbook-searchresults li a"));
        let highlighted = format!(
            "Array.from(document.querySelectorAll('main mark')).some(mark => mark.textContent.toLowerCase().includes({}))",
            js_string(SEARCH_WORD)
        );
        if wait_for(tab, &highlighted, scaled(Duration::from_secs(5))).is_err() {
            let landed: String = evaluate_json(tab, "location.href")?;
            problems.push(format!("{first} ({landed}) does not highlight the word"));
        }
        Ok((problems, results.len()))
    }

    /// A deep address with no page: 404, and the site's 404 page, styled,
    /// its scripts run, everything loaded from under the prefix; then its
    /// sidebar's first link, clicked.
    fn not_found_problems(&self, url: &str) -> anyhow::Result<Vec<String>> {
        let tab = &self.watched.tab;
        load(tab, url, &self.watched.record, self.limit())?;
        let mut problems = Vec::new();
        let status = self
            .watched
            .record
            .lock()
            .expect("record lock")
            .failed_requests
            .iter()
            .find(|(failed, _)| failed == url)
            .map(|(_, why)| why.clone());
        if !status.as_deref().is_some_and(|why| why.starts_with("404")) {
            let answered = status.unwrap_or_else(|| "a success".into());
            problems.push(format!("answered {answered}, not 404 Not Found"));
        }
        let heading: String = evaluate_json(
            tab,
            "(document.querySelector('main h1') || {}).textContent || ''",
        )?;
        if heading.trim() != NOT_FOUND_HEADING {
            problems.push(format!(
                "shows \"{}\", not the site's 404 page (\"{NOT_FOUND_HEADING}\")",
                heading.trim()
            ));
        }
        problems.extend(self.loaded_page_problems(Some(url))?);
        problems.extend(self.follow_problems(
            "the sidebar's first link",
            "#mdbook-sidebar .chapter-link-wrapper > a",
        ));
        Ok(problems)
    }

    /// How long a page other than the print page may take to load.
    fn limit(&self) -> Duration {
        load_limit(&self.site, Path::new("index.html"))
    }
}

/// `text` as a JavaScript string literal.
fn js_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}
