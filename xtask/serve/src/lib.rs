//! The live preview of ML Math Notes (`cargo xtask serve`) and the HTTP
//! server the browser checks use, with a local runner that answers the
//! pages' Run buttons on the reader's machine.
//!
//! This crate is apart from `xtask` so that `cargo xtask build-book` never
//! compiles an HTTP server; `cargo xtask serve` runs it as a program.

pub mod guard; // only the book's own pages: Host and Origin, else 403
pub mod http_server; // the site on 127.0.0.1, on tiny_http, at / or under a prefix
pub mod preview; // watch, rebuild, reload, restart
pub mod runner; // the playground's endpoints, answered here
