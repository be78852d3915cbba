//! `cargo xtask serve`: starts the live preview, which is a program of its
//! own (`xtask/serve`, package `xtask-serve`), so that building the book
//! never compiles an HTTP server. Cargo builds it the first time.

use anyhow::Context;

use crate::project;

/// Runs the preview on `port` in place of this process.
pub fn run(port: u16) -> anyhow::Result<()> {
    let mut cargo = project::cargo();
    cargo.args(["run", "--quiet", "--package", "xtask-serve", "--", "--port"]);
    cargo.arg(port.to_string());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = cargo.exec();
        Err(error).context("running cargo to start the preview (package xtask-serve)")
    }
    #[cfg(not(unix))]
    {
        let status = cargo
            .status()
            .context("running cargo to start the preview (package xtask-serve)")?;
        anyhow::ensure!(status.success(), "the preview stopped with {status}");
        Ok(())
    }
}
