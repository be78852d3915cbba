//! Every figure stays small enough for readers on slow connections: at most
//! 60 KB of SVG (a 500-point scatter is about that) in each layout and, if
//! it is explorable, at each state; and draws the same bytes every time.

use figures::SIZE_BUDGET_BYTES as FIGURE_BUDGET_BYTES;

#[test]
fn every_figure_draws_in_both_layouts() {
    let failed: Vec<String> = figures::registry()
        .flat_map(|figure| {
            figure
                .drawings()
                .filter_map(|(state, layout)| figure.render_state(state, layout).err())
        })
        .map(|error| error.to_string())
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_figure_fits_the_budget() {
    let over: Vec<String> = figures::registry()
        .flat_map(|figure| figure.drawings().map(move |(state, layout)| (figure, state, layout)))
        .filter_map(|(figure, state, layout)| Some((figure.drawing_name(state, layout), figure.render_state(state, layout).ok()?.svg.len())))
        .filter(|(_, size)| *size > FIGURE_BUDGET_BYTES)
        .map(|(name, size)| format!("figure {name} is {size} bytes, over the {FIGURE_BUDGET_BYTES}-byte budget: draw fewer points or simpler marks"))
        .collect();
    assert!(over.is_empty(), "{}", over.join("\n"));
}

#[test]
fn rendering_is_deterministic() {
    for figure in figures::registry() {
        for (state, layout) in figure.drawings() {
            let svg = || {
                figure
                    .render_state(state, layout)
                    .map(|drawing| drawing.svg)
                    .ok()
            };
            assert_eq!(
                svg(),
                svg(),
                "figure {} differs between two renders",
                figure.drawing_name(state, layout)
            );
        }
    }
}
