//! Figures of Chapter 2, Matrices and the dot product: the houses as a
//! matrix, the dot product as a projection and what its sign says, a
//! matrix–vector product as a mix of columns, predictions against prices,
//! and a linear classifier's boundary.

use mlmath::matrices::{
    angle_degrees, basis_vector, classify, dot, house_prices, houses, mat_vec, predict, projection,
};
use ndarray::{Array1, Array2, ArrayRef1, array, s};
use plotters::prelude::*;

use crate::prose::{count_word, listed, short, vector};
use crate::style::{
    Area, AxisNames, BLUE, GREEN, GRID, INK, MUTED, ORANGE, Plane, VERMILLION, canvas,
    centred_text, panels, title,
};
use crate::{Control, Draw, DrawError, Figure, Layout, Words};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "houses-matrix",
        chapter: "ch02-matrices.md",
        draw: Draw::Still(houses_matrix),
    },
    Figure {
        name: "broadcasting-shapes",
        chapter: "ch02-matrices.md",
        draw: Draw::Still(broadcasting_shapes),
    },
    Figure {
        name: "dot-product-projection",
        chapter: "ch02-matrices.md",
        draw: Draw::Still(projection_figure),
    },
    Figure {
        name: "dot-product-signs",
        chapter: "ch02-matrices.md",
        draw: Draw::Still(sign_panels),
    },
    Figure {
        name: "matvec-columns",
        chapter: "ch02-matrices.md",
        draw: Draw::Still(matvec_columns),
    },
    Figure {
        name: "matrix-linear-map",
        chapter: "ch02-matrices.md",
        draw: Draw::Still(linear_map),
    },
    Figure {
        name: "predictions-vs-prices",
        chapter: "ch02-matrices.md",
        draw: Draw::Still(predictions_vs_prices),
    },
    Figure {
        name: "classifier-slider",
        chapter: "ch02-matrices.md",
        draw: Draw::Explorable(Control {
            label: "Weight on age w₂",
            states: AGE_WEIGHTS.len(),
            initial: RULE_OF_THUMB_STATE,
            draw: classifier_at_weight,
        }),
    },
];

/// The classifier of the chapter: consider a house when area − 2 age − 50 > 0.
fn rule_of_thumb() -> (Array1<f64>, f64) {
    (array![1.0, -2.0], -50.0)
}

fn houses_matrix(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let data = houses();
    let (rows, columns) = data.dim();
    let last = rows - 1;
    // The last row is the one outlined: its label then fits under the table
    // in the narrow layout, where there is no room beside it.
    let sample = last;
    let feature = 2;
    let headers = [("area", "(m²)"), ("bedrooms", ""), ("age", "(years)")];
    let cells: Vec<Vec<String>> = data
        .rows()
        .into_iter()
        .map(|row| row.iter().map(f64::to_string).collect())
        .collect();
    let header = |(name, unit): (&str, &str)| format!("{name} {unit}").trim_end().to_owned();
    let shape = format!("shape ({rows}, {columns})");
    let sizes = format!("m = {rows} rows, n = {columns} columns");

    let width = layout.pick(640, 360);
    let root = canvas(svg, width, layout.pick(340, 380))?;
    title(&root, "The houses as a matrix X")?;
    let (left, cell_width, top, cell_height) = layout.pick((120, 120, 80, 34), (78, 88, 100, 34));
    let x_of = |column: usize| left + cell_width * column as i32;
    let y_of = |row: usize| top + cell_height * row as i32;
    let right = x_of(columns);
    let bottom = y_of(rows);

    for row in 0..=rows {
        let line = PathElement::new(vec![(left, y_of(row)), (right, y_of(row))], GRID);
        root.draw(&line)?;
    }
    for (column, &(name, unit)) in headers.iter().enumerate() {
        let centre = x_of(column) + cell_width / 2;
        match layout {
            // A header and its unit on one line when the column is wide,
            // on two when it is not.
            Layout::Wide => {
                centred_text(&root, &header((name, unit)), (centre, top - 18), INK, true)?
            }
            Layout::Narrow => {
                let at = if unit.is_empty() { top - 25 } else { top - 34 };
                centred_text(&root, name, (centre, at), INK, true)?;
                if !unit.is_empty() {
                    centred_text(&root, unit, (centre, top - 16), INK, true)?;
                }
            }
        }
        for (row, values) in cells.iter().enumerate() {
            let middle = y_of(row) + cell_height / 2;
            centred_text(&root, &values[column], (centre, middle), INK, false)?;
        }
    }
    let label_centre = left - layout.pick(50, 40);
    for row in 0..rows {
        let name = format!("house {row}");
        let middle = y_of(row) + cell_height / 2;
        centred_text(&root, &name, (label_centre, middle), MUTED, false)?;
    }

    let outline = Rectangle::new(
        [
            (left - 4, y_of(sample) + 2),
            (right + 4, y_of(sample + 1) - 2),
        ],
        BLUE.stroke_width(3),
    );
    root.draw(&outline)?;
    let sample_label_at = match layout {
        Layout::Wide => (right + 60, y_of(sample) + cell_height / 2),
        Layout::Narrow => (x_of(0) + cell_width / 2, bottom + 24),
    };
    centred_text(&root, "one sample", sample_label_at, BLUE, true)?;
    let header_room = layout.pick(38, 54);
    let outline = Rectangle::new(
        [
            (x_of(feature) + 8, top - header_room),
            (x_of(feature + 1) - 8, bottom + 4),
        ],
        ORANGE.stroke_width(3),
    );
    root.draw(&outline)?;
    let column_middle = x_of(feature) + cell_width / 2;
    centred_text(
        &root,
        "one feature",
        (column_middle, bottom + 24),
        ORANGE,
        true,
    )?;
    match layout {
        Layout::Wide => {
            let line = format!("{shape}: {sizes}");
            centred_text(&root, &line, (x_of(1), bottom + 60), INK, false)?;
        }
        Layout::Narrow => {
            let centre = width as i32 / 2;
            centred_text(
                &root,
                &format!("{shape}:"),
                (centre, bottom + 60),
                INK,
                false,
            )?;
            centred_text(&root, &sizes, (centre, bottom + 82), INK, false)?;
        }
    }

    let named: Vec<String> = headers.iter().map(|&h| header(h)).collect();
    let column_values: Vec<&str> = cells.iter().map(|row| row[feature].as_str()).collect();
    Ok(Words {
        alt: format!(
            "A table of {rows} rows and {columns} columns: the houses dataset as the matrix X. \
             The columns are headed {}; the rows are houses 0 to {last}. \
             The row of house {sample}, ({}), is outlined in blue and labelled one sample; \
             the {} column, ({}), is outlined in orange and labelled one feature. \
             Underneath: {shape}: {sizes}.",
            listed(&named),
            cells[sample].join(", "),
            headers[feature].0,
            column_values.join(", "),
        ),
        caption: "A dataset is a matrix: one row per sample, one column per feature.".to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
}

/// A grid of cells standing for an array in the broadcasting figure: the
/// first `real` rows and columns hold values, the rest are broadcast copies.
struct Grid {
    name: String,
    shape: (usize, usize),
    real: (usize, usize),
}

fn grid(name: impl Into<String>, shape: (usize, usize), real: (usize, usize)) -> Grid {
    Grid {
        name: name.into(),
        shape,
        real,
    }
}

/// One line of the broadcasting figure: `left − right = result`, headed.
struct Subtraction {
    heading: String,
    grids: [Grid; 3],
    color: RGBColor,
}

fn broadcasting_shapes(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    // The shapes are those of the chapter's data: m houses, n features.
    let (m, n) = houses().dim();
    let useful = format!("useful: ({m}, {n}) − ({n}) gives ({m}, {n})");
    let bug = format!("the bug: ({m}) − ({m}, 1) gives ({m}, {m})");
    let too_many = format!("{} numbers, not {m}", m * m);
    let lines = [
        Subtraction {
            heading: useful.clone(),
            grids: [
                grid("X", (m, n), (m, n)),
                grid("mean row", (m, n), (1, n)),
                grid("centred X", (m, n), (m, n)),
            ],
            color: INK,
        },
        Subtraction {
            heading: bug.clone(),
            grids: [
                grid("predictions", (m, m), (1, m)),
                grid("prices as a column", (m, m), (m, 1)),
                grid(too_many.clone(), (m, m), (m, m)),
            ],
            color: VERMILLION,
        },
    ];

    let width = layout.pick(700, 360);
    let root = canvas(svg, width, layout.pick(430, 740))?;
    title(&root, "What broadcasting does with shapes")?;
    let (real, copies) = (
        "white cells: real values;",
        "grey cells: copies broadcasting makes",
    );
    let centre = width as i32 / 2;
    match layout {
        Layout::Wide => {
            let legend = format!("{real} {copies}");
            centred_text(&root, &legend, (centre, 44), MUTED, false)?;
        }
        Layout::Narrow => {
            centred_text(&root, real, (centre, 44), MUTED, false)?;
            centred_text(&root, copies, (centre, 64), MUTED, false)?;
        }
    }
    let tops = layout.pick([100, 280], [118, 450]);
    for (top, line) in tops.into_iter().zip(&lines) {
        centred_text(&root, &line.heading, (centre, top - 20), line.color, true)?;
        draw_subtraction(&root, layout, line, top)?;
    }

    Ok(Words {
        alt: format!(
            "Two subtractions drawn as grids of cells; white cells are real values, \
             grey cells are copies that broadcasting makes. The first, headed {useful}: \
             the {m} by {n} matrix X minus the mean row, whose single row is copied down \
             to {m} rows, gives the {m} by {n} centred X. The second, headed {bug}: \
             the {m} predictions, copied down to {m} rows, minus the prices as a {m} by 1 \
             column, copied across to {m} columns, give a {m} by {m} grid drawn in red \
             and labelled {too_many}."
        ),
        caption: "Broadcasting copies along missing or length-1 axes: handy for a mean row, \
                  a silent bug for a column meeting a vector."
            .to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
}

/// Draws `line` below `top`: all on one row when wide; when narrow, the
/// two operands on one row and "= result" centred on the row below.
fn draw_subtraction(
    root: &Area<'_>,
    layout: Layout,
    line: &Subtraction,
    top: i32,
) -> Result<(), DrawError> {
    let size = |g: &Grid| (GRID_CELL * g.shape.1 as i32, GRID_CELL * g.shape.0 as i32);
    let [left, right, result] = &line.grids;
    let (canvas_width, _) = root.dim_in_pixel();
    let centre = canvas_width as i32 / 2;
    let gap = layout.pick(70, 60);
    let draw = |g: &Grid, at: (i32, i32), edge: RGBColor| -> Result<(), DrawError> {
        let (width, height) = draw_grid(root, g, at, edge)?;
        let under = (at.0 + width / 2, at.1 + height + 16);
        centred_text(root, &g.name, under, edge, false)
    };
    let operator = |text: &str, at: (i32, i32)| centred_text(root, text, at, INK, true);
    let operands_width = size(left).0 + gap + size(right).0;
    let result_width = match layout {
        Layout::Wide => gap + size(result).0,
        Layout::Narrow => 0,
    };
    let mut x = centre - (operands_width + result_width) / 2;
    let middle = top + size(left).1 / 2;
    draw(left, (x, top), MUTED)?;
    x += size(left).0;
    operator("−", (x + gap / 2, middle))?;
    x += gap;
    draw(right, (x, top), MUTED)?;
    x += size(right).0;
    let result_at = match layout {
        Layout::Wide => (x + gap, top),
        // Below the operands and their names.
        Layout::Narrow => (centre - size(result).0 / 2, top + size(left).1 + 36),
    };
    operator(
        "=",
        (result_at.0 - gap / 2, result_at.1 + size(result).1 / 2),
    )?;
    draw(result, result_at, line.color)
}

/// The side of one cell of a [`Grid`], in pixels.
const GRID_CELL: i32 = 22;

/// Draws `g` with its top-left corner at `at`; returns its size in pixels.
fn draw_grid(
    root: &Area<'_>,
    g: &Grid,
    at: (i32, i32),
    edge: RGBColor,
) -> Result<(i32, i32), DrawError> {
    for row in 0..g.shape.0 {
        for column in 0..g.shape.1 {
            let real = row < g.real.0 && column < g.real.1;
            let (x, y) = (
                at.0 + GRID_CELL * column as i32,
                at.1 + GRID_CELL * row as i32,
            );
            let corners = [(x, y), (x + GRID_CELL, y + GRID_CELL)];
            let fill = if real { WHITE } else { GRID };
            root.draw(&Rectangle::new(corners, fill.filled()))?;
            root.draw(&Rectangle::new(corners, edge.stroke_width(1)))?;
        }
    }
    Ok((GRID_CELL * g.shape.1 as i32, GRID_CELL * g.shape.0 as i32))
}

/// The names of the axes of a plane of 2-D vectors: a point's coordinates
/// are the vector's entries.
fn entry_axes() -> AxisNames<'static> {
    AxisNames::new("first entry", "second entry")
}

fn projection_figure(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let a = array![1.0, 3.0];
    let v = array![4.0, 2.0];
    let p = projection(&a, &v);
    let a_label = format!("a = {}", vector(&a));
    let v_label = format!("v = {}", vector(&v));
    let theta = format!("θ = {:.0}°", angle_degrees(&a, &v));
    let product = format!("a · v = {}", dot(&a, &v));
    let foot = vector(&p);
    let shadow = format!("projection {foot}");
    let mut words = Words::default();
    // How long the projection is against v: a ratio of drawn lengths.
    let ratio = dot(&a, &v) / dot(&v, &v);
    let length = if ratio == 0.5 {
        "half as long as v".to_owned()
    } else {
        format!("{} times as long as v", words.shows(ratio.to_string()))
    };

    let root = canvas(svg, layout.pick(560, 360), layout.pick(400, 360))?;
    let mut plane = Plane::new(
        &root,
        "Projecting a onto v",
        layout.pick(-0.8..4.6, -0.5..4.5),
        -0.6..3.6,
        entry_axes(),
    )?;
    plane.draw_origin_axes()?;
    angle_arc(&mut plane, &v, &a, 0.8)?;
    // Narrow, the arc is too small to hold the label: it goes higher up in
    // the triangle of a, its projection and the dashed line.
    plane.label(
        &theta,
        layout.pick((0.55, 0.75), (0.56, 1.5)),
        (0, -6),
        MUTED,
    )?;
    plane.arrow((0.0, 0.0), point(&v), ORANGE)?;
    plane.arrow((0.0, 0.0), point(&a), BLUE)?;
    plane.dashed(point(&a), point(&p), MUTED)?;
    right_angle(&mut plane, &p, &v, &(&a - &p))?;
    plane.arrow((0.0, 0.0), point(&p), GREEN)?;
    plane.label(&a_label, point(&a), (8, -10), BLUE)?;
    plane.label(
        &v_label,
        point(&v),
        layout.pick((-60, -34), (-70, -34)),
        ORANGE,
    )?;
    plane.label(&shadow, point(&p), layout.pick((6, 12), (-20, 14)), GREEN)?;
    plane.label(&product, layout.pick((2.4, 3.3), (2.5, 3.8)), (0, 0), INK)?;

    words.alt = format!(
        "Arrows {a_label} and {v_label} from the origin, with the angle {theta} \
         between them marked, and the label {product}. A dashed line drops from the \
         tip of a at a right angle onto v, meeting it at {foot}: the projection of a \
         onto v, drawn as a green arrow {length}."
    );
    words.caption = "a · v is the length of v times the length of a's shadow on v.".to_owned();
    Ok(words)
}

fn sign_panels(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let v = array![4.0, 2.0];
    let v_label = format!("v = {}", vector(&v));
    // Each label sits where it misses the arrows, the dashed line, v's
    // label and the axis names; the wide layout's panels are the tighter.
    let others = [
        ("a", array![1.0, 3.0], layout.pick((-40, -26), (8, -12))),
        ("c", array![-1.0, 2.0], layout.pick((-30, -26), (-20, -26))),
        ("d", array![-2.0, 1.0], (-4, -26)),
    ];
    let root = canvas(svg, layout.pick(720, 360), layout.pick(270, 3 * 280))?;
    let areas = panels(&root, layout, others.len());
    let mut described = Vec::new();
    for (area, (name, other, offset)) in areas.iter().zip(others) {
        let product = dot(&other, &v);
        let (verdict, shadow) = match product {
            x if x > 0.0 => (" > 0", "points along v"),
            x if x < 0.0 => (" < 0", "points against v"),
            _ => ("", "is a single dot at the origin"),
        };
        let angle = format!("{:.0}°", angle_degrees(&other, &v));
        let heading = format!("{name} · v = {product}{verdict}, angle {angle}");
        let other_label = format!("{name} = {}", vector(&other));
        let mut plane = Plane::new(area, &heading, -2.3..4.5, -0.9..3.4, entry_axes())?;
        plane.draw_origin_axes()?;
        let p = projection(&other, &v);
        plane.arrow((0.0, 0.0), point(&v), ORANGE)?;
        plane.arrow((0.0, 0.0), point(&other), BLUE)?;
        plane.dashed(point(&other), point(&p), MUTED)?;
        if dot(&p, &p) > 0.0 {
            plane.arrow((0.0, 0.0), point(&p), GREEN)?;
        } else {
            plane.dot((0.0, 0.0), GREEN)?;
        }
        plane.label(&other_label, point(&other), offset, BLUE)?;
        plane.label(&v_label, point(&v), (-60, -20), ORANGE)?;
        described.push(format!(
            "titled {heading}: {other_label}, its projection {shadow}"
        ));
    }

    Ok(Words {
        alt: format!(
            "Three panels, each with the arrow {v_label} and a blue vector whose projection \
             onto v is drawn in green. First, {}. Second, {}. Third, {}.",
            described[0], described[1], described[2]
        ),
        caption: "The sign of the dot product says whether two arrows agree, are perpendicular, \
                  or disagree."
            .to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
}

fn matvec_columns(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let x = houses().slice(s![0..3, 0..2]).to_owned();
    let w = array![2.0, 10.0];
    let totals = mat_vec(&x, &w);
    let (area_weight, bedroom_weight) = (w[0].to_string(), w[1].to_string());
    let area_part = format!("{area_weight} × area");
    let bedroom_part = format!("{bedroom_weight} × bedrooms");
    let houses_shown: Vec<String> = (0..x.nrows()).map(|house| house.to_string()).collect();
    let categories: Vec<&str> = houses_shown.iter().map(String::as_str).collect();
    let title = layout.pick(
        format!("X w = {area_part} column + {bedroom_part} column"),
        format!("X w = {area_part} + {bedroom_part}"),
    );

    let root = canvas(svg, layout.pick(600, 360), layout.pick(380, 400))?;
    let mut plane = Plane::free(
        &root,
        &title,
        -0.5..2.5,
        0.0..410.0,
        AxisNames {
            x: "house",
            y: "score X w (thousand dollars)",
            x_categories: &categories,
        },
    )?;
    let (mut from_areas, mut from_bedrooms, mut reached) = (Vec::new(), Vec::new(), Vec::new());
    for (house, row) in x.rows().into_iter().enumerate() {
        let centre = house as f64;
        let (area_height, bedroom_height) = (w[0] * row[0], w[1] * row[1]);
        // Narrow, thinner bars leave room for the labels beside them.
        let half_width = layout.pick(0.22, 0.13);
        let (left, right) = (centre - half_width, centre + half_width);
        plane.bar((left, 0.0), (right, area_height), BLUE)?;
        plane.bar((right, area_height), (left, totals[house]), ORANGE)?;
        let total = totals[house].to_string();
        plane.label(
            &format!("= {total}"),
            (centre, totals[house]),
            (-30, -26),
            INK,
        )?;
        let (area_text, bedroom_text) = (area_height.to_string(), bedroom_height.to_string());
        let gap = layout.pick(6, 4);
        plane.label(&area_text, (right, area_height / 2.0), (gap, -10), BLUE)?;
        let bedroom_middle = area_height + bedroom_height / 2.0;
        let plus = format!("+ {bedroom_text}");
        plane.label(&plus, (right, bedroom_middle), (gap, -10), ORANGE)?;
        from_areas.push(area_text);
        from_bedrooms.push(bedroom_text);
        reached.push(total);
    }
    plane.label(&area_part, (-0.45, 395.0), (0, 0), BLUE)?;
    plane.label(&bedroom_part, (-0.45, 370.0), (0, 0), ORANGE)?;

    Ok(Words {
        alt: format!(
            "A stacked bar for each of houses {}, in thousands of dollars. The blue part \
             of each bar is {area_weight} times the house's area ({}); the orange part on \
             top is {bedroom_weight} times its bedrooms ({}). The bars reach {}, the \
             entries of X w.",
            listed(&houses_shown),
            listed(&from_areas),
            listed(&from_bedrooms),
            listed(&reached),
        ),
        caption: "X w read by columns: the weights mix the feature columns into one \
                  score per house."
            .to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
}

/// The chapter's matrix M, read as a map of the plane, and the vector x it
/// moves: columns (2, 1) and (−1, 1), x = (1, 2).
fn linear_map_example() -> (Array2<f64>, Array1<f64>) {
    (array![[2.0, -1.0], [1.0, 1.0]], array![1.0, 2.0])
}

fn linear_map(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let (m, x) = linear_map_example();
    let (e1, e2) = (basis_vector(0, 2), basis_vector(1, 2));
    let (m_e1, m_e2, m_x) = (mat_vec(&m, &e1), mat_vec(&m, &e2), mat_vec(&m, &x));
    let (x1, x2) = (short(x[0]), short(x[1]));
    let before = format!("x = {x1} e₁ + {x2} e₂");
    let after = format!("M x = {x1} M e₁ + {x2} M e₂");
    let names = [["e₁", "e₂", "x"], ["M e₁", "M e₂", "M x"]];
    let values = [[&e1, &e2, &x], [&m_e1, &m_e2, &m_x]];
    // Each panel's legend: "e₁ = (1, 0)" and so on, one line per arrow.
    let legends: Vec<Vec<String>> = names
        .iter()
        .zip(values)
        .map(|(names, values)| {
            names
                .iter()
                .zip(values)
                .map(|(name, value)| format!("{name} = {}", vector(value)))
                .collect()
        })
        .collect();

    let (width, height) = layout.pick((720, 380), (360, 2 * 360));
    let root = canvas(svg, width, height)?;
    let areas = panels(&root, layout, 2);
    let titles = [format!("Before: {before}"), format!("After: {after}")];
    for ((area, (title, names)), (arrows, legend)) in areas
        .iter()
        .zip(titles.iter().zip(names))
        .zip(values.iter().zip(&legends))
    {
        let [first, second, target] = *arrows;
        let mut plane = Plane::new(area, title, -2.2..3.4, -0.6..3.4, entry_axes())?;
        plane.draw_origin_axes()?;
        // The unit square, or the parallelogram it lands on.
        let corner = first + second;
        plane.line(
            vec![
                (0.0, 0.0),
                point(first),
                point(&corner),
                point(second),
                (0.0, 0.0),
            ],
            MUTED,
            1,
        )?;
        // The recipe: x[0] steps along the first arrow, then x[1] along the second.
        let turn = x[0] * first;
        plane.dashed((0.0, 0.0), point(&turn), MUTED)?;
        plane.dashed(point(&turn), point(target), MUTED)?;
        let colors = [BLUE, ORANGE, GREEN];
        let tips = [point(first), point(second), point(target)];
        // Short names at the tips: the first above and right of its tip, the
        // others left of theirs, clear of the arrows and the dashed path.
        let left_of = |text: &str| (-(9 * text.chars().count() as i32) - 10, -8);
        let offsets = [(6, -24), left_of(names[1]), left_of(names[2])];
        for (((name, tip), offset), color) in names.iter().zip(tips).zip(offsets).zip(colors) {
            plane.arrow((0.0, 0.0), tip, color)?;
            plane.label(name, tip, offset, color)?;
        }
        // The values, one line each, in the empty top-right corner.
        let (right, top) = (plane.chart.x_range().end, plane.chart.y_range().end);
        for (line, (text, color)) in legend.iter().zip(colors).enumerate() {
            let width = 9 * text.chars().count() as i32 + 8;
            plane.label(text, (right, top), (-width, 8 + 22 * line as i32), color)?;
        }
    }

    let [e1_label, e2_label, x_label] = &legends[0][..] else {
        unreachable!("three arrows a panel")
    };
    let [m_e1_label, m_e2_label, m_x_label] = &legends[1][..] else {
        unreachable!("three arrows a panel")
    };
    Ok(Words {
        alt: format!(
            "Two panels on axes with equal units. The first, titled Before: {before}, \
             shows the arrows {e1_label} in blue and {e2_label} in orange, the unit square \
             they span, and the green arrow {x_label}, reached by a dashed path of {x1} \
             step along e₁ and then {x2} along e₂. The second, titled After: {after}, shows where \
             M sends them: {m_e1_label} in blue and {m_e2_label} in orange, which are the \
             columns of M, the parallelogram the unit square lands on, and the green arrow \
             {m_x_label}, reached by the same dashed path of {x1} step along M e₁ and then \
             {x2} along M e₂."
        ),
        caption: "The columns of M are where e₁ and e₂ land; every other vector follows \
                  the same recipe, so they tell you where everything goes."
            .to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
}

fn predictions_vs_prices(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let prices = house_prices();
    let predictions = predict(&houses(), &array![2.0, 10.0, -1.0], 50.0);
    let errors = &predictions - &prices;
    let error_texts: Vec<String> = errors.iter().map(|error| format!("{error:+}")).collect();
    let houses_shown: Vec<String> = (0..prices.len()).map(|house| house.to_string()).collect();
    let largest = errors
        .iter()
        .fold(0.0_f64, |most, error| most.max(error.abs()));

    let root = canvas(svg, layout.pick(720, 360), layout.pick(380, 2 * 350))?;
    let areas = panels(&root, layout, 2);
    let mut plane = Plane::free(
        &areas[0],
        "Predicted against true prices",
        100.0..420.0,
        100.0..420.0,
        AxisNames::new(
            "true price y (thousand dollars)",
            "prediction ŷ (thousand dollars)",
        ),
    )?;
    plane.dashed((100.0, 100.0), (420.0, 420.0), MUTED)?;
    plane.note("dashed: ŷ = y", (110.0, 410.0), (0, 0), MUTED)?;
    for (house, (&price, &prediction)) in prices.iter().zip(&predictions).enumerate() {
        plane.dot((price, prediction), BLUE)?;
        plane.label(&houses_shown[house], (price, prediction), (8, -2), BLUE)?;
    }

    let categories: Vec<&str> = houses_shown.iter().map(String::as_str).collect();
    let mut plane = Plane::free(
        &areas[1],
        "Errors ŷ − y",
        -0.5..4.5,
        -15.0..15.0,
        AxisNames {
            x: "house",
            y: "error (thousand dollars)",
            x_categories: &categories,
        },
    )?;
    plane.line(vec![(-0.5, 0.0), (4.5, 0.0)], MUTED, 1)?;
    for (house, (&error, text)) in errors.iter().zip(&error_texts).enumerate() {
        let centre = house as f64;
        plane.bar((centre - 0.25, 0.0), (centre + 0.25, error), VERMILLION)?;
        let offset = if error > 0.0 { (-14, -24) } else { (-14, 6) };
        plane.label(text, (centre, error), offset, VERMILLION)?;
    }

    Ok(Words {
        alt: format!(
            "Two panels for the {count} houses. First: each house as a dot labelled with its \
             number, with its true \
             price across and the model's prediction up, in thousands of dollars, beside a \
             dashed diagonal where prediction equals price; all {count} dots sit close to the \
             diagonal. Second: a bar chart of each house's error, prediction minus price: {} \
             thousand dollars for houses {} to {}.",
            listed(&error_texts),
            houses_shown[0],
            houses_shown[houses_shown.len() - 1],
            count = count_word(prices.len()),
        ),
        caption: format!(
            "The predictions hug the diagonal; the errors, prediction minus price, are all \
             within {largest} thousand dollars."
        ),
        shown: Vec::new(),
        ..Words::default()
    })
}

/// The weights on age the classifier slider moves through, with the
/// weight on area and the bias kept at the rule of thumb's 1 and −50:
/// house 0 stops being visited at −5, house 4 at −2.5, house 1 at −1.
const AGE_WEIGHTS: [f64; 10] = [-5.0, -4.5, -4.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5];

/// The state of the classifier slider that is the rule of thumb itself.
const RULE_OF_THUMB_STATE: usize = 6;

/// The rule of thumb with `age_weight` in place of its weight on age.
fn rule_with_age_weight(age_weight: f64) -> (Array1<f64>, f64) {
    let (mut w, b) = rule_of_thumb();
    w[1] = age_weight;
    (w, b)
}

fn classifier_at_weight(
    state: usize,
    layout: Layout,
    svg: &mut String,
) -> Result<Words, DrawError> {
    let area_and_age = houses().slice(s![.., 0..3;2]).to_owned();
    let (w, b) = rule_with_age_weight(AGE_WEIGHTS[state]);
    let scores = predict(&area_and_age, &w, b);
    let answers = classify(&area_and_age, &w, b);
    let age_weight = short(w[1]);
    let score = format!(
        "area {} {} × age {} {}",
        sign(w[1]),
        short(w[1].abs()),
        sign(b),
        b.abs()
    );
    let (areas, ages) = (40.0..170.0, 0.0..55.0);
    // The boundary: w[0] area + w[1] age + b = 0, solved for the area; it
    // turns about the point of age 0, whatever the weight on age.
    let area_on_boundary = |age: f64| -(w[1] * age + b) / w[0];
    let pivot = (area_on_boundary(0.0), 0.0);
    // Where it leaves the plot: through the top, or through the right side.
    let top = (area_on_boundary(ages.end), ages.end);
    let exit = if top.0 <= areas.end {
        top
    } else {
        let age = -(w[0] * areas.end + b) / w[1];
        (areas.end, age)
    };

    let (width, height) = layout.pick((640, 450), (360, 500));
    let root = canvas(svg, width, height)?;
    let legend_height = layout.pick(40, 104);
    let (picture, legend) = root.split_vertically(height - legend_height);
    let mut plane = Plane::free(
        &picture,
        &format!("Yes when {score} > 0"),
        areas,
        ages,
        AxisNames::new("area (square metres)", "age (years)"),
    )?;
    plane.line(vec![pivot, exit], INK, 2)?;
    let furthest_right = area_and_age
        .column(0)
        .fold(f64::MIN, |most, &area| most.max(area));
    let (mut yes, mut no, mut on_line, mut labels) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (house, ((row, &answer), &value)) in area_and_age
        .rows()
        .into_iter()
        .zip(&answers)
        .zip(&scores)
        .enumerate()
    {
        let at = point(&row);
        plane.answer(at, answer)?;
        let color = if answer { GREEN } else { VERMILLION };
        // A phone's plot has no room for "house" before every score.
        let label = match layout {
            Layout::Wide => format!("house {house}: {}", short(value)),
            Layout::Narrow => format!("{house}: {}", short(value)),
        };
        // A label right of the right-most house would leave the plot.
        let width = 9 * label.chars().count() as i32;
        let offset = if row[0] == furthest_right {
            (-width + 20, -24)
        } else {
            (8, -22)
        };
        label_on_card(&mut plane, &label, at, offset, color)?;
        labels.push(format!("house {house} scores {}", short(value)));
        let name = house.to_string();
        if answer {
            yes.push(name);
        } else if value == 0.0 {
            on_line.push(name);
        } else {
            no.push(name);
        }
    }

    // What the line and the marks mean, under the plot.
    let keys = [
        ("line: score = 0", INK),
        ("circles: score > 0, yes", GREEN),
        ("triangles: score ≤ 0, no", VERMILLION),
    ];
    let (legend_width, _) = legend.dim_in_pixel();
    let legend_width = i32::try_from(legend_width).unwrap_or(0);
    for (index, (text, color)) in keys.iter().enumerate() {
        let index = i32::try_from(index).unwrap_or(0);
        let at = match layout {
            Layout::Wide => ([110, 320, 530][index as usize], 14),
            Layout::Narrow => (legend_width / 2, 10 + 24 * index),
        };
        centred_text(&legend, text, at, *color, false)?;
    }
    if layout == Layout::Narrow {
        // The phone's labels leave out "house": the key says what they are.
        let at = (legend_width / 2, 10 + 24 * keys.len() as i32);
        centred_text(&legend, "labels: house number: score", at, INK, false)?;
    }

    let mut words = Words::default();
    let from = format!(
        "({}, {})",
        words.shows(short(pivot.0)),
        words.shows(short(pivot.1))
    );
    let to = format!(
        "({}, {})",
        words.shows(short(exit.0)),
        words.shows(short(exit.1))
    );
    let houses_named = |names: &[String]| match names {
        [one] => format!("House {one} lies"),
        _ => format!("Houses {} lie", listed(names)),
    };
    let mut sides = vec![format!(
        "{} below and to the right of it, drawn as {}: score above 0, visit.",
        houses_named(&yes),
        if yes.len() == 1 {
            "a green circle"
        } else {
            "green circles"
        },
    )];
    if !no.is_empty() {
        sides.push(format!(
            "{} above and to the left of it, drawn as {}: score below 0, no visit.",
            houses_named(&no),
            triangles(no.len()),
        ));
    }
    if !on_line.is_empty() {
        sides.push(format!(
            "{} on the line, with score 0, drawn as {}: a score of 0 is not above 0, so no visit.",
            houses_named(&on_line),
            triangles(on_line.len()),
        ));
    }
    words.alt = format!(
        "The {} houses plotted by area across (square metres) and age up (years), with the weight on age w₂ = {age_weight}. A straight line, where the score {score} is zero, runs from {from} to {to}. {} Each house is labelled with its number and score: {}. A key under the plot reads: {}.",
        count_word(area_and_age.nrows()),
        sides.join(" "),
        listed(&labels),
        keys.map(|(text, _)| text).join("; "),
    );
    words.caption = format!(
        "With w₂ = {age_weight}, the boundary {score} = 0 leaves houses {} on the yes side; changing w₂ turns it about {from}.",
        listed(&yes)
    );
    let score_list: Vec<String> = scores.iter().map(|&value| short(value)).collect();
    words.value = format!(
        "w₂ = {age_weight}: scores {}; visit {}",
        score_list.join(", "),
        match yes.as_slice() {
            [one] => format!("house {one}"),
            _ => format!("houses {}", listed(&yes)),
        }
    );
    Ok(words)
}

/// "a red triangle" or "red triangles", for `count` of them.
fn triangles(count: usize) -> &'static str {
    if count == 1 {
        "a red triangle"
    } else {
        "red triangles"
    }
}

/// A label as [`Plane::label`] draws it, on a white card that hides what
/// it would cross (the boundary line, as it turns). The card is sized for
/// about 9 pixels a character, like the labels' own estimates.
fn label_on_card(
    plane: &mut Plane<'_>,
    text: &str,
    at: (f64, f64),
    offset: (i32, i32),
    color: RGBColor,
) -> Result<(), DrawError> {
    let (x, y) = (plane.chart.x_range(), plane.chart.y_range());
    let (width, height) = plane.chart.plotting_area().dim_in_pixel();
    let x_per_pixel = (x.end - x.start) / f64::from(width);
    let y_per_pixel = (y.end - y.start) / f64::from(height);
    let text_width = 9.0 * text.chars().count() as f64;
    let (left, top) = (f64::from(offset.0) - 3.0, f64::from(offset.1) - 1.0);
    let (right, bottom) = (left + text_width + 6.0, top + 20.0);
    plane.bar(
        (at.0 + left * x_per_pixel, at.1 - top * y_per_pixel),
        (at.0 + right * x_per_pixel, at.1 - bottom * y_per_pixel),
        WHITE,
    )?;
    plane.label(text, at, offset, color)
}

/// The operator that adds `value` to a sum written out: "+" or "−".
fn sign(value: f64) -> &'static str {
    if value < 0.0 { "−" } else { "+" }
}

/// An arc of radius `r` from the direction of `from` to that of `to`.
fn angle_arc(
    plane: &mut Plane<'_>,
    from: &ArrayRef1<f64>,
    to: &ArrayRef1<f64>,
    r: f64,
) -> Result<(), DrawError> {
    let (start, end) = (from[1].atan2(from[0]), to[1].atan2(to[0]));
    let points = (0..=24)
        .map(|step| start + (end - start) * f64::from(step) / 24.0)
        .map(|angle| (r * angle.cos(), r * angle.sin()))
        .collect();
    plane.line(points, MUTED, 2)
}

/// A small square marking the right angle at `corner` between the
/// directions `u` and `v`.
fn right_angle(
    plane: &mut Plane<'_>,
    corner: &ArrayRef1<f64>,
    u: &ArrayRef1<f64>,
    v: &ArrayRef1<f64>,
) -> Result<(), DrawError> {
    let size = 0.22;
    let step_u = u * (size / dot(u, u).sqrt());
    let step_v = v * (size / dot(v, v).sqrt());
    let corner = corner.to_owned();
    let a = &corner + &step_u;
    let c = &corner + &step_v;
    let bend = &a + &step_v;
    plane.line(vec![point(&a), point(&bend), point(&c)], MUTED, 2)
}

/// A 2-D vector as a plotting coordinate.
fn point(v: &ArrayRef1<f64>) -> (f64, f64) {
    (v[0], v[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each state's value gives the scores and answers that `mlmath`
    /// computes for the rule of thumb with that weight on age.
    #[test]
    fn classifier_values_come_from_mlmath() {
        let expected = [
            "w₂ = −5: scores −5, −120, 75, −190, −50; visit house 2",
            "w₂ = −4.5: scores 2.5, −105, 77.5, −170, −40; visit houses 0 and 2",
            "w₂ = −4: scores 10, −90, 80, −150, −30; visit houses 0 and 2",
            "w₂ = −3.5: scores 17.5, −75, 82.5, −130, −20; visit houses 0 and 2",
            "w₂ = −3: scores 25, −60, 85, −110, −10; visit houses 0 and 2",
            "w₂ = −2.5: scores 32.5, −45, 87.5, −90, 0; visit houses 0 and 2",
            "w₂ = −2: scores 40, −30, 90, −70, 10; visit houses 0, 2 and 4",
            "w₂ = −1.5: scores 47.5, −15, 92.5, −50, 20; visit houses 0, 2 and 4",
            "w₂ = −1: scores 55, 0, 95, −30, 30; visit houses 0, 2 and 4",
            "w₂ = −0.5: scores 62.5, 15, 97.5, −10, 40; visit houses 0, 1, 2 and 4",
        ];
        assert_eq!(expected.len(), AGE_WEIGHTS.len());
        let area_and_age = houses().select(ndarray::Axis(1), &[0, 2]);
        for (state, (&age_weight, value)) in AGE_WEIGHTS.iter().zip(expected).enumerate() {
            let w = array![1.0, age_weight];
            let scores = predict(&area_and_age, &w, -50.0);
            let visits = classify(&area_and_age, &w, -50.0);
            // The expected scores and answers are mlmath's.
            let listed_scores: Vec<String> = scores.iter().map(|&s| short(s)).collect();
            assert!(value.contains(&format!("scores {};", listed_scores.join(", "))));
            let visited: Vec<String> = (0..visits.len())
                .filter(|&house| visits[house])
                .map(|house| house.to_string())
                .collect();
            assert!(value.ends_with(&listed(&visited)), "{value}");
            let mut svg = String::new();
            let words = classifier_at_weight(state, Layout::Wide, &mut svg).unwrap();
            assert_eq!(words.value, value);
        }
        // The slider starts at the chapter's rule of thumb.
        assert_eq!(AGE_WEIGHTS[RULE_OF_THUMB_STATE], rule_of_thumb().0[1]);
    }
}
