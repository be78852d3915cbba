//! The command line of the live preview, run by `cargo xtask serve`.

use std::process::ExitCode;

const USAGE: &str = "Usage: xtask-serve [--port N]   (default 3000; or run `cargo xtask serve`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let port = match args.as_slice() {
        [] => Ok(3000),
        ["--port", port] => port
            .parse::<u16>()
            .map_err(|_| format!("`{port}` is not a port number")),
        _ => Err(format!("unknown arguments `{}`", args.join(" "))),
    };
    let result = match port {
        Ok(port) => xtask_serve::preview::run(port),
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nerror: {error:#}");
            ExitCode::FAILURE
        }
    }
}
