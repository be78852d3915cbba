//! The preview server with its local runner, tried from outside over plain
//! TCP, as another website, a DNS-rebinding attacker or a careless reader's
//! code would: a foreign `Origin`, a foreign `Host`, an infinite loop, an
//! output flood, an allocation bomb, a leftover process, two runs at once.
//! Every one must be answered, and the server must still serve afterwards.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use xtask::check::doctest::{self, BlockCrates};
use xtask::limited::{Limits, scaled};
use xtask::project;
use xtask_serve::http_server::{self, Options};
use xtask_serve::runner::Runner;

use common::send;

const LIMITS: Limits = Limits {
    time: Duration::from_secs(5),
    output_bytes: 10_000,
    memory_bytes: Some(512 << 20),
};

/// A running server: its port and its runner.
struct Server {
    port: u16,
    runner: Arc<Runner>,
}

/// The book's crates, built once for all tests.
fn crates() -> BlockCrates {
    static CRATES: OnceLock<BlockCrates> = OnceLock::new();
    CRATES
        .get_or_init(|| doctest::build_block_crates().expect("building the block crates"))
        .clone()
}

/// A tiny site with a page and a script.
fn site(name: &str) -> PathBuf {
    let dir = project::scratch_dir(&format!("serve-test-{name}")).join("site");
    fs_err::create_dir_all(&dir).unwrap();
    fs_err::write(
        dir.join("index.html"),
        "<html><head><script src=\"book-0123abcd.js\"></script></head><body>the book</body></html>",
    )
    .unwrap();
    fs_err::write(dir.join("book-0123abcd.js"), "const book = 1;\n").unwrap();
    dir
}

fn start(name: &str) -> Server {
    let limits = Limits {
        time: scaled(LIMITS.time),
        ..LIMITS
    };
    let work = project::scratch_dir(&format!("serve-test-{name}")).join("runs");
    let runner = Arc::new(Runner::new(crates(), work, limits));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let options = Options {
        runner: Some(Arc::clone(&runner)),
        ..Options::default()
    };
    http_server::start(listener, site(name), options).unwrap();
    Server { port, runner }
}

impl Server {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Runs `code` as the book's pages do: the status and mdBook's `result`.
    fn run(&self, code: &str) -> (u16, String) {
        let body = serde_json::json!({ "version": "stable", "optimize": "0", "code": code, "edition": "2024" });
        let (status, answer) = send(
            self.port,
            "POST",
            "/__xtask/playground/evaluate.json",
            &self.host(),
            Some(&self.origin()),
            &body.to_string(),
        );
        let answer: serde_json::Value = serde_json::from_str(&answer)
            .unwrap_or_else(|_| panic!("not JSON ({status}): {answer}"));
        (
            status,
            answer["result"].as_str().unwrap_or_default().to_owned(),
        )
    }

    /// The server still answers a page and a run.
    fn assert_still_serving(&self) {
        let (status, page) = send(self.port, "GET", "/", &self.host(), None, "");
        assert_eq!(status, 200);
        assert!(page.ends_with("<body>the book</body></html>"), "{page}");
        assert_eq!(
            self.run("fn main() { println!(\"still here\"); }"),
            (200, "still here\n".into())
        );
    }
}

#[test]
fn a_foreign_origin_is_refused() {
    let server = start("origin");
    let body = r#"{"code":"fn main() {}","edition":"2024"}"#;
    for origin in ["https://evil.example", "http://127.0.0.1:1", "null"] {
        let (status, why) = send(
            server.port,
            "POST",
            "/__xtask/playground/evaluate.json",
            &server.host(),
            Some(origin),
            body,
        );
        assert_eq!(status, 403, "{origin}: {why}");
        assert!(why.contains("Origin"), "{why}");
    }
    // A form or script without an Origin cannot run code either.
    let (status, _) = send(
        server.port,
        "POST",
        "/__xtask/playground/evaluate.json",
        &server.host(),
        None,
        body,
    );
    assert_eq!(status, 403);
    server.assert_still_serving();
}

#[test]
fn a_foreign_host_is_refused_so_dns_rebinding_fails() {
    let server = start("host");
    let rebound = format!("evil.example:{}", server.port);
    let (status, why) = send(server.port, "GET", "/", &rebound, None, "");
    assert_eq!(status, 403, "{why}");
    assert!(why.contains("Host"), "{why}");
    // Same-origin with the rebound name, so its Origin matches its Host.
    let (status, _) = send(
        server.port,
        "POST",
        "/__xtask/playground/evaluate.json",
        &rebound,
        Some(&format!("http://{rebound}")),
        r#"{"code":"fn main() {}","edition":"2024"}"#,
    );
    assert_eq!(status, 403);
    server.assert_still_serving();
}

#[test]
fn an_infinite_loop_is_stopped_at_the_time_limit() {
    let server = start("loop");
    let started = Instant::now();
    let (status, result) = server.run("fn main() { loop { std::hint::black_box(0); } }");
    assert_eq!(status, 200);
    assert!(result.contains("time limit"), "{result}");
    let took = started.elapsed();
    assert!(
        took < scaled(LIMITS.time) + scaled(Duration::from_secs(60)),
        "took {took:?}"
    );
    server.assert_still_serving();
}

#[test]
fn an_output_flood_is_cut_at_the_cap() {
    let server = start("flood");
    let (status, result) = server.run("fn main() { loop { println!(\"flood\"); } }");
    assert_eq!(status, 200);
    assert!(
        result.contains("output limit"),
        "{}",
        &result[result.len().saturating_sub(300)..]
    );
    assert!(
        result.len() < LIMITS.output_bytes + 500,
        "{} bytes",
        result.len()
    );
    server.assert_still_serving();
}

#[test]
fn an_allocation_bomb_meets_the_memory_limit() {
    let server = start("memory");
    // Eight GB at once: refused under the limit; without one, it would be
    // granted (and untouched, so harmless) and the length printed.
    let (status, result) =
        server.run("fn main() { let v = vec![0_u8; 8 << 30]; println!(\"got {}\", v.len()); }");
    assert_eq!(status, 200);
    assert!(result.contains("memory allocation of"), "{result}");
    assert!(!result.contains("got "), "{result}");
    server.assert_still_serving();
}

#[test]
fn what_a_run_starts_does_not_outlive_it() {
    let server = start("leftover");
    let (status, result) = server.run(
        "fn main() { let child = std::process::Command::new(\"sleep\").arg(\"300\").spawn().unwrap(); println!(\"{}\", child.id()); }",
    );
    assert_eq!(status, 200, "{result}");
    let pid = result.trim();
    let alive = || {
        let stat = fs_err::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        stat.rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X")
    };
    let started = Instant::now();
    while alive() && started.elapsed() < scaled(Duration::from_secs(2)) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!alive(), "`sleep 300` (pid {pid}) outlived its run");
    server.assert_still_serving();
}

#[test]
fn two_runs_at_once_get_a_busy_answer() {
    let server = Arc::new(start("busy"));
    let first = {
        let server = Arc::clone(&server);
        std::thread::spawn(move || {
            server.run("fn main() { std::thread::sleep(std::time::Duration::from_secs(2)); println!(\"first\"); }")
        })
    };
    let started = Instant::now();
    while !server.runner.is_busy() {
        assert!(
            started.elapsed() < scaled(Duration::from_secs(60)),
            "the first run never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let (status, result) = server.run("fn main() { println!(\"second\"); }");
    assert_eq!(status, 503, "{result}");
    assert!(result.contains("busy"), "{result}");
    assert_eq!(first.join().unwrap(), (200, "first\n".into()));
    server.assert_still_serving();
}

#[test]
fn errors_point_at_the_readers_line_and_panics_show_their_message() {
    let server = start("errors");
    let (status, result) =
        server.run("fn main() {\n    let x: i32 = 1;\n    let y: i32 = \"two\";\n}\n");
    assert_eq!(status, 200);
    assert!(result.contains("error[E0308]"), "{result}");
    assert!(result.contains("src/main.rs:3:"), "{result}");
    let (_, result) = server.run("fn main() {\n    panic!(\"the lengths differ\");\n}\n");
    assert!(result.contains("panicked at src/main.rs:2:5"), "{result}");
    assert!(result.contains("the lengths differ"), "{result}");
}

#[test]
fn the_books_crates_are_listed_and_usable() {
    let server = start("crates");
    let (status, list) = send(
        server.port,
        "POST",
        "/__xtask/playground/meta/crates",
        &server.host(),
        Some(&server.origin()),
        "",
    );
    assert_eq!(status, 200);
    for name in doctest::BLOCK_CRATES {
        assert!(list.contains(&format!("\"id\":\"{name}\"")), "{list}");
    }
    let (status, result) = server.run(
        "extern crate ndarray;\nuse ndarray::array;\nfn main() { println!(\"{}\", array![1.0, 2.0].sum()); }",
    );
    assert_eq!((status, result.as_str()), (200, "3\n"));
    let body = r#"{"channel":"stable","mode":"debug","edition":"2024","crateType":"bin","tests":false,"code":"fn main() { println!(\"hi\"); }"}"#;
    let (status, answer) = send(
        server.port,
        "POST",
        "/__xtask/playground/execute",
        &server.host(),
        Some(&server.origin()),
        body,
    );
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(
        (status, &answer["stdout"], &answer["success"]),
        (200, &"hi\n".into(), &true.into())
    );
}

#[test]
fn pages_ask_the_local_runner_and_big_bodies_are_refused() {
    let server = start("pages");
    let (status, page) = send(server.port, "GET", "/", &server.host(), None, "");
    assert_eq!(status, 200);
    let named = page.find("window.book_playground = { url: '/__xtask/playground/'");
    let script = page.find("<script src=\"book-0123abcd.js\">");
    assert!(
        named.is_some() && named < script,
        "the page does not name the local runner before its scripts: {page}"
    );
    // Scripts go out as they are.
    let (status, script) = send(
        server.port,
        "GET",
        "/book-0123abcd.js",
        &server.host(),
        None,
        "",
    );
    assert_eq!((status, script.as_str()), (200, "const book = 1;\n"));
    let (status, _) = send(
        server.port,
        "GET",
        "/%2e%2e/Cargo.toml",
        &server.host(),
        None,
        "",
    );
    assert_eq!(status, 404);
    let code = "x".repeat(xtask_serve::runner::MAX_BODY + 1);
    let (status, _) = send(
        server.port,
        "POST",
        "/__xtask/playground/evaluate.json",
        &server.host(),
        Some(&server.origin()),
        &code,
    );
    assert_eq!(status, 413);
    server.assert_still_serving();
}
