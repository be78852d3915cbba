//! Small, fixed datasets that the chapters and figures share, so that the
//! numbers in the text and the points in a picture are the same.

use ndarray::{Array2, array};

// ANCHOR: people
/// Four people described by two features: yearly income in dollars and age
/// in years. Row `i` is person `i`; column 0 is income, column 1 is age.
pub fn people() -> Array2<f64> {
    array![
        [50_000.0, 25.0], // person 0
        [51_000.0, 60.0], // person 1
        [58_000.0, 27.0], // person 2
        [40_000.0, 45.0], // person 3
    ]
}
// ANCHOR_END: people
