//! Running named steps, the one way every command reports its work: each
//! step prints what it does, then its one-line summary or its error, and how
//! long it took, so a contributor sees where the time goes and what failed.

use std::time::{Duration, Instant};

use crate::problem::indent;

/// What one step did.
pub struct Outcome {
    pub name: &'static str,
    /// The step's summary, or its error.
    pub result: anyhow::Result<String>,
    pub took: Duration,
}

/// Runs `work` as the step `name`; `work` returns a one-line summary.
pub fn step(name: &'static str, work: impl FnOnce() -> anyhow::Result<String>) -> Outcome {
    eprintln!("==> {name}");
    let started = Instant::now();
    let result = work();
    let took = started.elapsed();
    match &result {
        Ok(summary) => eprintln!("    ok: {summary} ({})", seconds(took)),
        Err(error) => eprintln!(
            "    FAILED ({}):\n{}",
            seconds(took),
            indent(&format!("{error:#}"), "    ")
        ),
    }
    Outcome { name, result, took }
}

/// A duration as seconds with two decimals, e.g. `1.25s`.
pub fn seconds(duration: Duration) -> String {
    format!("{:.2}s", duration.as_secs_f64())
}
