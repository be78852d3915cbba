//! Running code within limits: a time limit, a cap on its output, a memory
//! limit, and its whole process group killed when the run ends, so nothing
//! it started outlives it. The Run-button checks and `serve`'s local runner
//! both run code this way.
//!
//! Std only and no `unsafe`: the memory limit is set by `sh`'s `ulimit -v`
//! just before `sh` `exec`s the program, the program leads a process group
//! of its own (`process_group(0)`), and that group is killed with `sh`'s
//! `kill` (which, unlike a plain `Child::kill`, also reaches the processes
//! the program started).

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;

/// What one run may use.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock time, from start to exit.
    pub time: Duration,
    /// Bytes of standard output and standard error together.
    pub output_bytes: usize,
    /// Address space (`ulimit -v`), if limited.
    pub memory_bytes: Option<u64>,
}

/// Why a run was stopped before it exited by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    TimeLimit,
    OutputCap,
}

/// How a run ended, and what it printed (up to the cap).
#[derive(Debug)]
pub struct Finished {
    /// The exit status; `None` when the run was stopped.
    pub status: Option<ExitStatus>,
    pub stopped: Option<Stopped>,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    /// True when the program exited by itself with success.
    pub fn success(&self) -> bool {
        self.status.is_some_and(|status| status.success())
    }
}

/// `limit` times `XTASK_TIMEOUT_SCALE` (default 1), so a slow machine can
/// stretch every time limit at once.
pub fn scaled(limit: Duration) -> Duration {
    let factor = std::env::var("XTASK_TIMEOUT_SCALE")
        .ok()
        .and_then(|value| value.parse::<f64>().ok())
        .filter(|factor| *factor >= 1.0)
        .unwrap_or(1.0);
    limit.mul_f64(factor)
}

/// Runs `command` (program, arguments, folder and environment are kept)
/// within `limits`, with no standard input.
pub fn run(command: &Command, limits: Limits) -> anyhow::Result<Finished> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut limited = with_memory_limit(command, limits.memory_bytes);
    limited
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = limited
        .spawn()
        .with_context(|| format!("starting {program}"))?;
    let group = child.id();
    let printed = Arc::new(AtomicUsize::new(0));
    let over_cap = Arc::new(AtomicBool::new(false));
    let reader = |stream: Option<Box<dyn Read + Send>>| {
        let (printed, over_cap) = (Arc::clone(&printed), Arc::clone(&over_cap));
        std::thread::spawn(move || read_capped(stream, &printed, &over_cap, limits.output_bytes))
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let (status, stopped) = wait_within(&mut child, group, limits.time, &over_cap)
        .with_context(|| format!("waiting for {program}"))?;
    // Whatever the program left running in its group goes too; this also
    // closes the pipes such leftovers hold, which the readers wait on.
    kill_group(group);
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    // Output cut at the cap is never passed off as the whole of it.
    let (status, stopped) = match (status, stopped) {
        (_, None) if over_cap.load(Ordering::SeqCst) => (None, Some(Stopped::OutputCap)),
        other => other,
    };
    Ok(Finished {
        status,
        stopped,
        stdout,
        stderr,
    })
}

/// `command` itself, or run through `sh -c 'ulimit -v KB && exec …'`.
fn with_memory_limit(command: &Command, memory_bytes: Option<u64>) -> Command {
    let mut limited = match memory_bytes {
        None => Command::new(command.get_program()),
        Some(bytes) => {
            let mut sh = Command::new("sh");
            sh.arg("-c")
                .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", bytes / 1024))
                .arg(command.get_program());
            sh
        }
    };
    limited.args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        limited.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => limited.env(key, value),
            None => limited.env_remove(key),
        };
    }
    limited
}

/// Polls the child until it exits, the time is up, or the output went over
/// the cap (then its group is killed).
fn wait_within(
    child: &mut Child,
    group: u32,
    limit: Duration,
    over_cap: &AtomicBool,
) -> std::io::Result<(Option<ExitStatus>, Option<Stopped>)> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            // Past the cap, the reader drops its pipe, and a program that
            // writes on dies of that before this loop sees the flag.
            if over_cap.load(Ordering::SeqCst) {
                return Ok((None, Some(Stopped::OutputCap)));
            }
            return Ok((Some(status), None));
        }
        let stopped = if over_cap.load(Ordering::SeqCst) {
            Some(Stopped::OutputCap)
        } else if started.elapsed() > limit {
            Some(Stopped::TimeLimit)
        } else {
            None
        };
        if stopped.is_some() {
            kill_group(group);
            child.wait()?;
            return Ok((None, stopped));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Reads a stream until it ends or the shared count passes `cap`; then
/// flags it (the run is stopped) and drops the pipe.
fn read_capped(
    stream: Option<Box<dyn Read + Send>>,
    printed: &AtomicUsize,
    over_cap: &AtomicBool,
    cap: usize,
) -> String {
    let Some(mut stream) = stream else {
        return String::new();
    };
    let mut kept = Vec::new();
    let mut buffer = [0_u8; 8192];
    while let Ok(read) = stream.read(&mut buffer) {
        if read == 0 {
            break;
        }
        let before = printed.fetch_add(read, Ordering::SeqCst);
        let room = cap.saturating_sub(before);
        kept.extend_from_slice(&buffer[..read.min(room)]);
        if read > room {
            over_cap.store(true, Ordering::SeqCst);
            break;
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}

/// Kills every process in `group` (`kill -9 -GROUP`); a group that is gone
/// already is no error.
fn kill_group(group: u32) {
    let _ = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -9 -{group} 2>/dev/null"))
        .stdin(Stdio::null())
        .status();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            time: scaled(Duration::from_secs(5)),
            output_bytes: 1000,
            memory_bytes: Some(256 << 20),
        }
    }

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        command
    }

    #[test]
    fn output_and_status_come_back() {
        let finished = run(&sh("echo out; echo err >&2; exit 3"), limits()).unwrap();
        assert_eq!(finished.stdout, "out\n");
        assert_eq!(finished.stderr, "err\n");
        assert_eq!(finished.status.and_then(|s| s.code()), Some(3));
        assert_eq!(finished.stopped, None);
    }

    #[test]
    fn a_run_past_its_time_is_stopped() {
        let limits = Limits {
            time: Duration::from_millis(300),
            ..limits()
        };
        let started = Instant::now();
        let finished = run(&sh("while :; do :; done"), limits).unwrap();
        assert_eq!(finished.stopped, Some(Stopped::TimeLimit));
        assert!(finished.status.is_none());
        assert!(started.elapsed() < scaled(Duration::from_secs(5)));
    }

    #[test]
    fn output_past_the_cap_stops_the_run() {
        let finished = run(&sh("while :; do echo flood; done"), limits()).unwrap();
        assert_eq!(finished.stopped, Some(Stopped::OutputCap));
        assert!(finished.stdout.len() <= 1000, "{}", finished.stdout.len());
    }

    #[test]
    fn the_memory_limit_applies() {
        // `ulimit -v` as the program sees it, in KB.
        let finished = run(&sh("ulimit -v"), limits()).unwrap();
        assert_eq!(finished.stdout.trim(), (256 * 1024).to_string());
    }

    #[test]
    fn what_the_program_started_dies_with_the_run() {
        let finished = run(&sh("sleep 300 & echo $!"), limits()).unwrap();
        let pid = finished.stdout.trim().to_owned();
        assert!(!pid.is_empty());
        // A killed process is gone, or a zombie until its new parent reaps
        // it; the signal may take a moment to land.
        let started = Instant::now();
        while is_alive(&pid) && started.elapsed() < scaled(Duration::from_secs(2)) {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(!is_alive(&pid), "process {pid} outlived its run");
    }

    fn is_alive(pid: &str) -> bool {
        let state = fs_err::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        state
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X")
    }
}
