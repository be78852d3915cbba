//! Every figure stays small enough for readers on slow connections: at most
//! 60 KB of SVG (a 500-point scatter is about that).

use figures::SIZE_BUDGET_BYTES as FIGURE_BUDGET_BYTES;

#[test]
fn every_figure_fits_the_budget() {
    let over: Vec<String> = figures::registry()
        .map(|figure| (figure.name, figure.render().unwrap().len()))
        .filter(|(_, size)| *size > FIGURE_BUDGET_BYTES)
        .map(|(name, size)| format!("figure `{name}` is {size} bytes, over the {FIGURE_BUDGET_BYTES}-byte budget: draw fewer points or simpler marks"))
        .collect();
    assert!(over.is_empty(), "{}", over.join("\n"));
}

#[test]
fn rendering_is_deterministic() {
    for figure in figures::registry() {
        assert_eq!(
            figure.render().unwrap(),
            figure.render().unwrap(),
            "figure `{}` differs between two renders",
            figure.name
        );
    }
}
