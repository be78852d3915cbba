//! What a page does on the network and in its console: every request is
//! watched, requests to any host but the site and the playground are
//! recorded as problems, failed requests (an error status, or no answer)
//! and console and page errors are collected, and the playground's requests
//! are answered by a local stub (the crate list, and runs, whose code is
//! recorded to be compiled here).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine;
use headless_chrome::Tab;
use headless_chrome::browser::tab::RequestPausedDecision;
use headless_chrome::browser::transport::{SessionId, Transport};
use headless_chrome::protocol::cdp::Fetch::events::RequestPausedEvent;
use headless_chrome::protocol::cdp::Fetch::{
    FailRequest, FulfillRequest, HeaderEntry, RequestPattern,
};
use headless_chrome::protocol::cdp::Network;
use headless_chrome::protocol::cdp::Network::ErrorReason;
use headless_chrome::protocol::cdp::types::Event;
use xtask::check::playground;

pub const PLAYGROUND_HOST: &str = "play.rust-lang.org";

/// What the tab did while a page was open.
#[derive(Default)]
pub struct Record {
    pub errors: Vec<String>,
    /// Site files the page requested, relative to the site.
    pub site_requests: Vec<String>,
    /// The address of the document that made each of `site_requests`: a
    /// page left behind can still be settling (a media change fetching
    /// its other drawings) as the next one starts.
    pub site_request_documents: Vec<String>,
    pub foreign_requests: Vec<String>,
    /// Requests that failed: the URL, and the error status or the reason.
    pub failed_requests: Vec<(String, String)>,
    /// The URL of every request, by its DevTools id (a failed load names
    /// only the id).
    urls: HashMap<String, String>,
    /// Bodies of the page's requests to the playground's evaluate endpoint.
    pub runs: Vec<String>,
}

/// Watches every request of `tab` and answers the playground's.
///
/// Only the playground's requests are paused (intercepting every request
/// made each page load take seconds); all others are seen through Network
/// events, and any to another host is recorded as a problem.
pub fn watch_tab(tab: &Arc<Tab>, origin: &str, record: &Arc<Mutex<Record>>) -> anyhow::Result<()> {
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
            if let Some(path) = site_file(url, &origin) {
                record.site_requests.push(path);
                record
                    .site_request_documents
                    .push(sent.params.document_url.clone());
            } else if !is_allowed(url, &origin) {
                record.foreign_requests.push(url.clone());
            }
            record
                .urls
                .insert(sent.params.request_id.clone(), url.clone());
        } else if let Some(failed) = describe_failure(event, &record.urls) {
            record.failed_requests.push(failed);
        } else if let Some(error) = describe_error(event) {
            record.errors.push(error);
        }
    }))
    .map_err(cdp)?;
    Ok(())
}

/// Requests a page may make: to the site itself, to the playground (which
/// the stub answers), to data URLs, and to blob URLs the page made itself
/// (an explorable figure's states).
fn is_allowed(url: &str, origin: &str) -> bool {
    url == origin
        || url.starts_with(&format!("{origin}/"))
        || url.starts_with("data:")
        || url.starts_with(&format!("blob:{origin}/"))
        || host_of(url) == PLAYGROUND_HOST
}

fn host_of(url: &str) -> &str {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .unwrap_or("")
}

/// A request that failed: answered with an error status, or not answered
/// at all (a request the page itself cancelled is not a failure).
fn describe_failure(event: &Event, urls: &HashMap<String, String>) -> Option<(String, String)> {
    match event {
        Event::NetworkResponseReceived(received) if received.params.response.status >= 400 => {
            let response = &received.params.response;
            let status = format!("{} {}", response.status, response.status_text);
            Some((response.url.clone(), status.trim_end().to_owned()))
        }
        Event::NetworkLoadingFailed(failed) if failed.params.canceled != Some(true) => {
            let url = urls.get(&failed.params.request_id).cloned();
            Some((
                url.unwrap_or_else(|| format!("request {}", failed.params.request_id)),
                failed.params.error_text.clone(),
            ))
        }
        _ => None,
    }
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

/// The site-relative file a request URL asks for, if it is on `origin`:
/// `index.html` for a folder, without query or fragment.
pub fn site_file(url: &str, origin: &str) -> Option<String> {
    let path = url.strip_prefix(&format!("{origin}/"))?;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "http://127.0.0.1:4000";

    #[test]
    fn the_site_the_playground_data_and_the_pages_blob_urls_are_allowed() {
        assert!(is_allowed("http://127.0.0.1:4000/ch01.html", ORIGIN));
        assert!(is_allowed(
            "https://play.rust-lang.org/evaluate.json",
            ORIGIN
        ));
        assert!(is_allowed("data:image/png;base64,AAAA", ORIGIN));
        assert!(is_allowed(
            "blob:http://127.0.0.1:4000/5c1d0a5e-7e54-4c6b-9d2a-1f0e8b7c6d5e",
            ORIGIN
        ));
        assert!(!is_allowed("blob:https://cdn.example.org/5c1d", ORIGIN));
        assert!(!is_allowed("https://cdn.example.org/katex.css", ORIGIN));
        // Another port on the same machine is another site.
        assert!(!is_allowed("http://127.0.0.1:4001/x.js", ORIGIN));
    }

    #[test]
    fn hosts_are_read_without_port_or_path() {
        assert_eq!(
            host_of("https://play.rust-lang.org/meta/crates"),
            PLAYGROUND_HOST
        );
        assert_eq!(host_of("http://127.0.0.1:4000/a"), "127.0.0.1");
        assert_eq!(host_of("not a url"), "");
    }

    #[test]
    fn site_files_are_named_as_on_disk() {
        assert_eq!(
            site_file("http://127.0.0.1:4000/", ORIGIN).as_deref(),
            Some("index.html")
        );
        assert_eq!(
            site_file("http://127.0.0.1:4000/ch01.html?x=1#top", ORIGIN).as_deref(),
            Some("ch01.html")
        );
        assert_eq!(site_file("https://example.org/", ORIGIN), None);
    }
}
