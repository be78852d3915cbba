//! The explorable figures: at least one in every chapter and eight in all;
//! each has states to move through, starts at one of them, and says a
//! different value at each, so that moving the control always changes what
//! a reader hears.

use std::collections::{BTreeMap, HashSet};

use figures::Layout;

/// The chapters, as the registry names their sources.
const CHAPTERS: [&str; 6] = [
    "ch01-vectors.md",
    "ch02-matrices.md",
    "ch03-derivatives.md",
    "ch04-gradients.md",
    "ch05-statistics.md",
    "ch06-loss.md",
];

/// The fewest explorable figures the book may have.
const FEWEST: usize = 8;

#[test]
fn every_chapter_has_an_explorable_figure() {
    let mut per_chapter: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for figure in figures::registry().filter(|figure| figure.control().is_some()) {
        per_chapter
            .entry(figure.chapter)
            .or_default()
            .push(figure.name);
    }
    let without: Vec<&str> = CHAPTERS
        .into_iter()
        .filter(|chapter| !per_chapter.contains_key(chapter))
        .collect();
    assert!(
        without.is_empty(),
        "no explorable figure in {without:?}: add one to the chapter's figures"
    );
    let total: usize = per_chapter.values().map(Vec::len).sum();
    assert!(
        total >= FEWEST,
        "{total} explorable figures ({per_chapter:?}), fewer than {FEWEST}"
    );
}

#[test]
fn every_explorable_figure_moves_between_different_states() {
    let mut problems = Vec::new();
    for figure in figures::registry() {
        let Some(control) = figure.control() else {
            continue;
        };
        if control.states < 2 {
            problems.push(format!("`{}` has {} state(s)", figure.name, control.states));
        }
        if control.initial >= control.states {
            problems.push(format!(
                "`{}` starts at state {}, but its states run 0 to {}",
                figure.name,
                control.initial,
                control.states.saturating_sub(1)
            ));
        }
        if control.label.trim().is_empty() {
            problems.push(format!("`{}`'s control has no label", figure.name));
        }
        let mut values = HashSet::new();
        for state in 0..figure.states() {
            // A state that cannot be drawn is reported by tests/size.rs.
            let Ok(drawing) = figure.render_state(state, Layout::Wide) else {
                continue;
            };
            if !values.insert(drawing.words.value.clone()) {
                problems.push(format!(
                    "`{}`: state {state} says the same value as an earlier one, \"{}\"",
                    figure.name, drawing.words.value
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_still_figure_has_one_state_and_no_value() {
    for figure in figures::registry().filter(|figure| figure.control().is_none()) {
        assert_eq!(figure.states(), 1, "`{}`", figure.name);
        assert!(
            figure.render_state(1, Layout::Wide).is_err(),
            "`{}` draws a state 1",
            figure.name
        );
        if let Ok(drawing) = figure.render(Layout::Wide) {
            assert!(
                drawing.words.value.is_empty(),
                "`{}` has a value",
                figure.name
            );
        }
    }
}
