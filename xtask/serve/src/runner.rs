//! The local runner: the Rust playground's endpoints, answered on the
//! reader's machine, so that Run works offline in `cargo xtask serve`.
//!
//! Code is compiled and run the way the Run-button checks do it
//! (`xtask::check::playground`: the book's pinned crates, the block's
//! edition, a time limit, an output cap, a memory limit, the process group
//! killed afterwards). One run at a time: a second one while the first is
//! going gets a clear "busy" answer (503) instead of waiting in a queue the
//! reader cannot see.

use std::path::PathBuf;
use std::sync::Mutex;

use serde_json::{Value, json};
use xtask::check::doctest::BlockCrates;
use xtask::check::playground::{self, Compiled};
use xtask::limited::{Limits, Stopped};

/// The largest request body a run may send; the book's longest block (a
/// whole `mlmath` module and a `main`) is a few KB.
pub const MAX_BODY: usize = 256 * 1024;

/// The editions rustc knows and the playground offers.
const EDITIONS: &[&str] = &["2015", "2018", "2021", "2024"];

/// Compiles and runs the pages' code, one run at a time.
pub struct Runner {
    crates: BlockCrates,
    work: PathBuf,
    limits: Limits,
    running: Mutex<()>,
}

/// What a run gave, as the playground reports it.
#[derive(Debug)]
pub struct Outcome {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// An HTTP status and a JSON body.
pub type Answer = (u16, String);

impl Runner {
    /// A runner that compiles in `work` (its own folder: runs there replace
    /// each other) and runs within `limits`.
    pub fn new(crates: BlockCrates, work: PathBuf, limits: Limits) -> Runner {
        Runner {
            crates,
            work,
            limits,
            running: Mutex::new(()),
        }
    }

    /// True while a run is going.
    pub fn is_busy(&self) -> bool {
        self.running.try_lock().is_err()
    }

    /// `/meta/crates`: the crates a block may use (mdBook shows a Run button
    /// only when every `extern crate` of a block is on this list).
    pub fn crates() -> Answer {
        (200, playground::crate_list_json())
    }

    /// `/evaluate.json`, what mdBook's Run button sends (`code`, `edition`):
    /// `result` is the program's output, or on failure the compiler's or
    /// the program's errors followed by its output, as the playground does.
    pub fn evaluate(&self, body: &str) -> Answer {
        let outcome = match self.run_request(body, "edition") {
            Ok(outcome) => outcome,
            Err(answer) => return answer,
        };
        if outcome.success {
            (
                200,
                json!({ "result": outcome.stdout, "error": null }).to_string(),
            )
        } else {
            let result = format!("{}{}", outcome.stderr, outcome.stdout);
            (
                200,
                json!({ "result": result, "error": result }).to_string(),
            )
        }
    }

    /// `/execute`, the playground's newer endpoint (`code`, `edition`):
    /// `success`, `stdout` and `stderr`.
    pub fn execute(&self, body: &str) -> Answer {
        match self.run_request(body, "edition") {
            Ok(outcome) => (
                200,
                json!({
                    "success": outcome.success,
                    "exitDetail": "",
                    "stdout": outcome.stdout,
                    "stderr": outcome.stderr,
                })
                .to_string(),
            ),
            Err(answer) => answer,
        }
    }

    /// Reads `code` and the edition from a request body and runs it; a bad
    /// request or a busy runner is answered at once.
    fn run_request(&self, body: &str, edition_key: &str) -> Result<Outcome, Answer> {
        let request: Value = serde_json::from_str(body)
            .map_err(|error| failure(400, &format!("the request is not JSON: {error}")))?;
        let code = request["code"]
            .as_str()
            .ok_or_else(|| failure(400, "the request has no `code`"))?;
        let edition = request[edition_key].as_str().unwrap_or("2015");
        if !EDITIONS.contains(&edition) {
            return Err(failure(400, &format!("unknown edition {edition:?}")));
        }
        let Ok(_running) = self.running.try_lock() else {
            return Err(failure(
                503,
                "The local runner is busy with another run; press Run again when it has finished.",
            ));
        };
        self.run(code, edition)
            .map_err(|error| failure(500, &format!("the local runner failed: {error:#}")))
    }

    /// Compiles and runs `code`; the caller holds the one-run lock.
    fn run(&self, code: &str, edition: &str) -> anyhow::Result<Outcome> {
        let Compiled { binary, errors } =
            playground::compile(code, edition, &self.crates, &self.work)?;
        let Some(binary) = binary else {
            return Ok(Outcome {
                success: false,
                stdout: String::new(),
                stderr: errors,
            });
        };
        let finished = playground::run_compiled(&binary, self.limits)?;
        let mut stderr = finished.stderr.clone();
        match (finished.stopped, finished.status) {
            (Some(Stopped::TimeLimit), _) => stderr.push_str(&format!(
                "\n(stopped: the program ran longer than {} s, the local runner's time limit)\n",
                self.limits.time.as_secs()
            )),
            (Some(Stopped::OutputCap), _) => stderr.push_str(&format!(
                "\n(stopped: the program printed more than {} bytes, the local runner's output limit)\n",
                self.limits.output_bytes
            )),
            // A panic explains itself; a crash (such as an allocation over
            // the memory limit, which aborts) gets its exit status.
            (None, Some(status)) if !status.success() && !stderr.contains("panicked at") => {
                stderr.push_str(&format!("\n(the program exited with {status})\n"));
            }
            _ => {}
        }
        Ok(Outcome {
            success: finished.success(),
            stdout: finished.stdout,
            stderr,
        })
    }
}

/// An error answer in the playground's shape, which mdBook shows as text.
fn failure(status: u16, message: &str) -> Answer {
    (
        status,
        json!({ "result": message, "error": message, "success": false, "stdout": "", "stderr": message })
            .to_string(),
    )
}
