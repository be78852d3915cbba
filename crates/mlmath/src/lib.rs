//! The math of *ML Math Notes*, one module per chapter.
//!
//! Every formula the book teaches lives here once: the chapters show this code
//! (through mdBook's `{{#rustdoc_include}}`), the figures plot it, and the tests
//! in `tests/` check it against values worked out by hand. Only `std`,
//! `ndarray`, `rand` and `rand_distr` are used, so that any module compiles in
//! the Rust playground as it is.

pub mod derivatives;
pub mod gradients;
pub mod loss;
pub mod matrices;
pub mod stats;
pub mod vectors;
