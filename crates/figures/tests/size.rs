//! Every figure stays small enough for readers on slow connections: at most
//! 60 KB of SVG (a 500-point scatter is about that) in each layout, and
//! draws the same bytes every time.

use figures::Layout;
use figures::SIZE_BUDGET_BYTES as FIGURE_BUDGET_BYTES;

#[test]
fn every_figure_draws_in_both_layouts() {
    let failed: Vec<String> = figures::registry()
        .flat_map(|figure| Layout::ALL.map(|layout| figure.render(layout).err()))
        .flatten()
        .map(|error| error.to_string())
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_figure_fits_the_budget() {
    let over: Vec<String> = figures::registry()
        .flat_map(|figure| Layout::ALL.map(|layout| (figure, layout)))
        .filter_map(|(figure, layout)| Some((figure.file_name(layout), figure.render(layout).ok()?.svg.len())))
        .filter(|(_, size)| *size > FIGURE_BUDGET_BYTES)
        .map(|(name, size)| format!("figure {name} is {size} bytes, over the {FIGURE_BUDGET_BYTES}-byte budget: draw fewer points or simpler marks"))
        .collect();
    assert!(over.is_empty(), "{}", over.join("\n"));
}

#[test]
fn rendering_is_deterministic() {
    for figure in figures::registry() {
        for layout in Layout::ALL {
            assert_eq!(
                figure.render(layout).map(|drawing| drawing.svg).ok(),
                figure.render(layout).map(|drawing| drawing.svg).ok(),
                "figure {} differs between two renders",
                figure.file_name(layout)
            );
        }
    }
}
