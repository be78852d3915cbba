//! Running named steps: each prints what it does and how long it took, so a
//! contributor sees where the time goes and which step failed.

use std::time::{Duration, Instant};

/// Runs `work` as a step called `name`, printing its outcome and time.
pub fn step<T>(name: &str, work: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    eprintln!("==> {name}");
    let started = Instant::now();
    let result = work();
    let took = seconds(started.elapsed());
    match &result {
        Ok(_) => eprintln!("    ok: {name} ({took})"),
        Err(_) => eprintln!("    FAILED: {name} ({took})"),
    }
    result
}

/// A duration as seconds with two decimals, e.g. `1.25s`.
pub fn seconds(duration: Duration) -> String {
    format!("{:.2}s", duration.as_secs_f64())
}
