//! Figures of Chapter 5, Probability and statistics: the deviations of the
//! street's eight prices from their mean, a histogram of a seeded
//! Gaussian sample with its mean and standard deviation, Gaussians with
//! different means and spreads, the 68–95–99.7 rule, running means of die
//! rolls settling down, (explorable) a growing price sample's histogram
//! and running mean, noisy houses around their true line, and the true
//! line's residuals looking like the noise.
//!
//! Each figure draws a wide and a narrow layout from the same values, and
//! formats every number its words use once, for its label and its words.

use mlmath::stats::{
    die_rolls, fraction_within, gaussian_pdf, histogram, mean, noisy_line, normal_sample,
    residuals, running_mean, std_dev, street_prices,
};
use plotters::prelude::{Circle, Color, Polygon, RGBColor};

use crate::prose::{count_word, listed};
use crate::style::{
    Area, AxisNames, BLUE, GREEN, INK, MUTED, ORANGE, Plane, VERMILLION, canvas, centred_text,
};
use crate::{Control, Draw, DrawError, Figure, Layout, Words};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "street-deviations",
        chapter: "ch05-statistics.md",
        draw: Draw::Still(street_deviations),
    },
    Figure {
        name: "sample-histogram",
        chapter: "ch05-statistics.md",
        draw: Draw::Still(sample_histogram),
    },
    Figure {
        name: "gaussian-curves",
        chapter: "ch05-statistics.md",
        draw: Draw::Still(gaussian_curves),
    },
    Figure {
        name: "sigma-bands",
        chapter: "ch05-statistics.md",
        draw: Draw::Still(sigma_bands),
    },
    Figure {
        name: "running-mean",
        chapter: "ch05-statistics.md",
        draw: Draw::Still(running_mean_figure),
    },
    Figure {
        name: "growing-sample",
        chapter: "ch05-statistics.md",
        draw: Draw::Explorable(Control {
            label: "Sample size m",
            states: SAMPLE_SIZES.len(),
            initial: 4,
            draw: growing_sample,
        }),
    },
    Figure {
        name: "noisy-line",
        chapter: "ch05-statistics.md",
        draw: Draw::Still(noisy_line_figure),
    },
    Figure {
        name: "residual-histogram",
        chapter: "ch05-statistics.md",
        draw: Draw::Still(residual_histogram),
    },
];

/// The chapter's sample: 1000 prices (thousand dollars), mean 250, sd 20.
const PRICE_MU: f64 = 250.0;
const PRICE_SIGMA: f64 = 20.0;
const PRICE_SEED: u64 = 4;
const SAMPLE_SIZE: usize = 1000;

/// The chapter's noisy houses: price = 2 × area + 50 + noise of sd 20.
const TRUE_W: f64 = 2.0;
const TRUE_B: f64 = 50.0;
const NOISE_SIGMA: f64 = 20.0;
const HOUSES_SEED: u64 = 7;
/// How many of the noisy houses the scatter shows: more would hide the
/// sticks under one another.
const SCATTERED_HOUSES: usize = 200;

/// The canvas of a figure in `layout`: the book's wide size, or a phone's
/// 360 px, taller so that the plot keeps some height.
fn figure_canvas(
    svg: &mut String,
    layout: Layout,
    height: (u32, u32),
) -> Result<Area<'_>, DrawError> {
    canvas(svg, layout.pick(680, 360), layout.pick(height.0, height.1))
}

/// `text` centred on the point `at` of `plane`, nudged by `nudge` pixels:
/// for labels that belong above a line or a bracket whatever its width.
fn centred(
    root: &Area<'_>,
    plane: &Plane<'_>,
    text: &str,
    at: (f64, f64),
    nudge: (i32, i32),
    color: RGBColor,
    strong: bool,
) -> Result<(), DrawError> {
    let (x, y) = plane.chart.backend_coord(&at);
    centred_text(root, text, (x + nudge.0, y + nudge.1), color, strong)
}

/// A value with its sign, as a deviation is labelled: +20, 0, -30.
fn signed(value: f64) -> String {
    if value > 0.0 {
        format!("+{value}")
    } else {
        format!("{value}")
    }
}

/// Draws a histogram of `counts` in bins of `width` starting at `low`.
fn bars(plane: &mut Plane<'_>, counts: &[usize], low: f64, width: f64) -> Result<(), DrawError> {
    let gap = width * 0.06;
    for (bin, &count) in counts.iter().enumerate() {
        let from = low + width * bin as f64;
        plane.bar((from + gap, 0.0), (from + width - gap, count as f64), BLUE)?;
    }
    Ok(())
}

/// The points of `f` from `low` to `high`, fine enough for a smooth curve.
fn curve(f: impl Fn(f64) -> f64, low: f64, high: f64) -> Vec<(f64, f64)> {
    (0..=160)
        .map(|step| low + (high - low) * f64::from(step) / 160.0)
        .map(|x| (x, f(x)))
        .collect()
}

fn street_deviations(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = figure_canvas(svg, layout, (380, 440))?;
    let prices = street_prices();
    let (mu, sigma) = (mean(&prices), std_dev(&prices));
    let (mu_text, sigma_text) = (format!("{mu}"), format!("{sigma}"));
    let variance_text = format!("{}", sigma * sigma);
    // Houses are numbered from 1, one row each.
    let last = prices.len() as f64;
    // One row of labels above the houses, below where a 9th row's tick
    // would be.
    let (label_row, top) = (last + 0.62, last + 0.95);
    let bottom = 0.3;
    let mut plane = Plane::free(
        &root,
        layout.pick(
            "Eight prices and their deviations from the mean",
            "Eight prices, deviations from the mean",
        ),
        200.0..310.0,
        bottom..top,
        AxisNames::new("price (thousand dollars)", "house"),
    )?;
    let mark_top = last + 0.35;
    let mut sigma_lines = Vec::new();
    for (side, wide_text, narrow_text) in [(-1.0, "mean − σ", "−σ"), (1.0, "mean + σ", "+σ")]
    {
        let at = mu + side * sigma;
        sigma_lines.push(format!("{at}"));
        plane.dashed((at, bottom), (at, mark_top), VERMILLION)?;
        // Narrow, the lines are too close for labels centred on them to
        // clear the mean's: they move out, beside their lines.
        let (text, nudge) = layout.pick((wide_text, 0), (narrow_text, 20));
        let nudge = (nudge * side as i32, 0);
        centred(
            &root,
            &plane,
            text,
            (at, label_row),
            nudge,
            VERMILLION,
            true,
        )?;
    }
    plane.line(vec![(mu, bottom), (mu, mark_top)], INK, 3)?;
    let mean_label = format!("mean {mu_text}");
    centred(
        &root,
        &plane,
        &mean_label,
        (mu, label_row),
        (0, 0),
        INK,
        true,
    )?;
    // σ and the variance, right of the mean + σ line, below the houses
    // that lie above the mean.
    let note_x = mu + sigma;
    plane.label(
        &format!("σ = {sigma_text}"),
        (note_x, 3.6),
        (8, 0),
        VERMILLION,
    )?;
    plane.label(&format!("σ² = {variance_text}"), (note_x, 2.6), (8, 0), INK)?;
    let mut deviations = Vec::new();
    for (house, &price) in prices.iter().enumerate() {
        let row = (house + 1) as f64;
        let deviation = price - mu;
        let color = if deviation < 0.0 { ORANGE } else { BLUE };
        plane.line(vec![(mu, row), (price, row)], color, 3)?;
        plane.dot((price, row), color)?;
        let text = signed(deviation);
        // A label left of a dot below the mean would sit on the mean − σ
        // line in the narrow plot: there it goes above the dot.
        match (deviation < 0.0, layout) {
            (true, Layout::Wide) => plane.label(&text, (price, row), (-40, -9), color)?,
            (true, Layout::Narrow) => {
                centred(&root, &plane, &text, (price, row), (0, -16), color, true)?
            }
            (false, _) => plane.label(&text, (price, row), (10, -9), color)?,
        }
        deviations.push(text);
    }

    let mut words = Words::default();
    // The dots stand at the prices on the price axis, unprinted.
    let prices: Vec<String> = prices
        .iter()
        .map(|&p| words.shows(format!("{p}")))
        .collect();
    let sigma_lines: Vec<String> = sigma_lines.into_iter().map(|at| words.shows(at)).collect();
    words.alt = format!(
        "The street's eight prices, one house per row, as dots on a price axis in thousand dollars: {}. \
         A solid vertical line marks the mean, {mu_text}; each dot off the mean is joined to it by a horizontal stick, \
         and every dot is labelled with its deviation: {}, orange below the mean and blue at or above it. \
         Dashed lines mark one standard deviation, σ = {sigma_text}, either side of the mean, at {}, \
         and a note gives the variance, σ² = {variance_text}.",
        listed(&prices),
        listed(&deviations),
        listed(&sigma_lines),
    );
    words.caption = format!(
        "Deviations from the mean: they cancel out on average, and their squares average to the variance, {variance_text}."
    );
    Ok(words)
}

fn sample_histogram(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = figure_canvas(svg, layout, (400, 460))?;
    let prices = normal_sample(SAMPLE_SIZE, PRICE_MU, PRICE_SIGMA, PRICE_SEED);
    let (low, high, width) = (180.0, 320.0, 10.0);
    let bins = ((high - low) / width) as usize;
    let counts = histogram(&prices, low, high, bins);
    let tallest = *counts.iter().max().unwrap_or(&1) as f64;
    // Rows of labels above the bars, as multiples of the tallest bar: the
    // narrow plot's labels cannot sit side by side, so it stacks them.
    let (sigma_row, mean_row, note_row, top) =
        layout.pick((1.08, 1.25, 1.33, 1.35), (1.1, 1.27, 1.44, 1.5));
    let [sigma_row, mean_row, note_row, top] =
        [sigma_row, mean_row, note_row, top].map(|r| r * tallest);
    let (size_text, mu_text, sigma_text) = (
        format!("{SAMPLE_SIZE}"),
        format!("{PRICE_MU}"),
        format!("{PRICE_SIGMA}"),
    );
    let width_text = format!("{width}");
    let mut plane = Plane::free(
        &root,
        &layout.pick(
            format!("{size_text} prices drawn from a Gaussian"),
            format!("{size_text} prices from a Gaussian"),
        ),
        low..high,
        0.0..top,
        AxisNames::new(
            "price (thousand dollars)",
            &format!("houses per {width_text}-thousand-dollar bin"),
        ),
    )?;
    bars(&mut plane, &counts, low, width)?;
    let drawn_with = format!("drawn with μ = {mu_text}, σ = {sigma_text}");
    plane.note(&drawn_with, (low + 2.0, note_row), (0, -8), MUTED)?;
    let (mu, sigma) = (mean(&prices), std_dev(&prices));
    let (mean_text, sd_text) = (format!("{mu:.1}"), format!("{sigma:.1}"));
    plane.line(vec![(mu, 0.0), (mu, mean_row)], INK, 3)?;
    centred(
        &root,
        &plane,
        &format!("mean {mean_text}"),
        (mu, mean_row),
        (0, -12),
        INK,
        true,
    )?;
    let mut edges = Vec::new();
    // The sample's own standard deviation is an estimate (σ̂ in the text),
    // so it is labelled "sd", keeping σ for the 20 it was drawn with.
    for (side, wide_text, narrow_text) in [(-1.0, "mean − sd", "−sd"), (1.0, "mean + sd", "+sd")]
    {
        let at = mu + side * sigma;
        edges.push(format!("{at:.1}"));
        plane.dashed((at, 0.0), (at, sigma_row), VERMILLION)?;
        let text = layout.pick(wide_text, narrow_text);
        centred(
            &root,
            &plane,
            text,
            (at, sigma_row),
            (0, -12),
            VERMILLION,
            true,
        )?;
    }
    let spread = format!("sd = {sd_text}");
    plane.label(&spread, (mu + sigma, 0.62 * tallest), (8, 0), VERMILLION)?;

    let mut words = Words::default();
    // The axis's ends, where the first and last bins start and stop.
    let (low_text, high_text) = (
        words.shows(format!("{low}")),
        words.shows(format!("{high}")),
    );
    let edges: Vec<String> = edges.into_iter().map(|e| words.shows(e)).collect();
    // The tallest bars are the two either side of the sample's mean.
    let middle_bins = words.shows(two_tallest(&counts, low, width)?);
    let empty_bins = counts.iter().filter(|&&c| c == 0).count();
    words.alt = format!(
        "A histogram of {size_text} prices drawn from a Gaussian with mean {mu_text} and standard deviation {sigma_text} \
         thousand dollars, in bins {width_text} thousand dollars wide from {low_text} to {high_text}. \
         The bars rise from {} at the ends to the two tallest, between {middle_bins}, \
         in a roughly symmetric hill. A solid line marks the sample's mean, {mean_text}; \
         dashed lines mark one standard deviation, {sd_text}, either side of it, at {}.",
        if empty_bins > 0 {
            "none or a few houses per bin"
        } else {
            "a few houses per bin"
        },
        listed(&edges),
    );
    words.caption = "A histogram shows a sample's shape: the mean marks its centre, the standard deviation its typical spread."
        .to_owned();
    Ok(words)
}

/// Where the two tallest bars of a histogram stand, "a and b", when they
/// stand side by side.
fn two_tallest(counts: &[usize], low: f64, width: f64) -> Result<String, DrawError> {
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&bin| std::cmp::Reverse(counts[bin]));
    match order[..] {
        [a, b, ..] if a.abs_diff(b) == 1 => {
            let first = a.min(b) as f64;
            Ok(format!(
                "{} and {}",
                low + width * first,
                low + width * (first + 2.0)
            ))
        }
        _ => Err(DrawError::new(
            "the words expect the two tallest bars side by side",
        )),
    }
}

fn gaussian_curves(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = figure_canvas(svg, layout, (400, 420))?;
    let (low, high) = (130.0, 370.0);
    // The narrow plot has no room beside the peaks for the labels: it lists
    // them in a legend above the curves instead.
    let top = layout.pick(2.4, 3.4);
    let mut plane = Plane::free(
        &root,
        layout.pick(
            "Gaussians with different μ and σ",
            "Gaussians, different μ and σ",
        ),
        low..high,
        0.0..top,
        AxisNames::new(
            "price (thousand dollars)",
            "density (% per thousand dollars)",
        ),
    )?;
    // Density in per cent per thousand dollars: 100 times the pdf.
    let curves = [
        (250.0, 20.0, BLUE, (-160, -12)),
        (250.0, 40.0, ORANGE, (0, 0)),
        (300.0, 20.0, GREEN, (14, -12)),
    ];
    let mut described = Vec::new();
    for (row, (mu, sigma, color, offset)) in curves.into_iter().enumerate() {
        let points = curve(|x| 100.0 * gaussian_pdf(x, mu, sigma), low, high);
        plane.line(points, color, 3)?;
        let peak = 100.0 * gaussian_pdf(mu, mu, sigma);
        let (mu_text, sigma_text) = (format!("{mu}"), format!("{sigma}"));
        let text = format!("μ = {mu_text}, σ = {sigma_text}");
        match layout {
            Layout::Wide => {
                // The wide curve's label sits above its left tail, clear of the others.
                let at = if sigma > 30.0 {
                    (135.0, 0.75)
                } else {
                    (mu, peak)
                };
                plane.label(&text, at, offset, color)?;
            }
            Layout::Narrow => {
                let y = top - 0.3 - 0.3 * row as f64;
                plane.line(vec![(low + 4.0, y), (low + 20.0, y)], color, 3)?;
                plane.label(&text, (low + 24.0, y), (0, -9), color)?;
            }
        }
        described.push((mu, mu_text, sigma_text, format!("{peak:.1}")));
    }

    let mut words = Words::default();
    // The peaks' heights and the shift between the blue and green curves
    // are read off the axes, not printed.
    let [
        (blue_mu, blue_mean, blue_sd, blue_peak),
        (_, wide_mean, wide_sd, wide_peak),
        (green_mu, green_mean, green_sd, _),
    ] = described
        .try_into()
        .map_err(|_| DrawError::new("three curves"))?;
    let (blue_peak, wide_peak) = (words.shows(blue_peak), words.shows(wide_peak));
    let shift = words.shows(format!("{}", green_mu - blue_mu));
    words.alt = format!(
        "Three bell curves on one axis, price in thousand dollars across and density in per cent per thousand dollars up. \
         Blue: mean {blue_mean}, standard deviation {blue_sd}, peaking at {blue_peak} at {blue_mean}. \
         Orange: mean {wide_mean}, standard deviation {wide_sd}, centred at the same place but twice as wide and half as tall, \
         peaking at {wide_peak}. Green: mean {green_mean}, standard deviation {green_sd}, the blue curve's shape moved \
         {shift} to the right."
    );
    words.caption =
        "μ moves the bell curve along the axis; σ makes it wider and lower, keeping the area under it the same."
            .to_owned();
    Ok(words)
}

fn sigma_bands(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = figure_canvas(svg, layout, (440, 480))?;
    let (mu, sigma) = (PRICE_MU, PRICE_SIGMA);
    let (low, high) = (mu - 4.0 * sigma, mu + 4.0 * sigma);
    let height = |x: f64| 100.0 * gaussian_pdf(x, mu, sigma);
    let peak = height(mu);
    let top = peak * 2.5;
    let mut plane = Plane::free(
        &root,
        layout.pick(
            "Within 1, 2 and 3 standard deviations",
            "Within 1, 2 and 3 σ of the mean",
        ),
        low..high,
        0.0..top,
        AxisNames::new(
            "price (thousand dollars)",
            "density (% per thousand dollars)",
        ),
    )?;
    let sample = normal_sample(SAMPLE_SIZE, PRICE_MU, PRICE_SIGMA, PRICE_SEED);
    // The area within k σ, from the sum of thin strips under the curve.
    let share = |k: f64| {
        let strips = 4000;
        let step = 2.0 * k * sigma / f64::from(strips);
        (0..strips)
            .map(|i| height(mu - k * sigma + step * (f64::from(i) + 0.5)) * step)
            .sum::<f64>()
    };
    for (k, shade) in [(3.0, 0.2), (2.0, 0.45), (1.0, 0.8)] {
        let mut outline = curve(height, mu - k * sigma, mu + k * sigma);
        outline.push((mu + k * sigma, 0.0));
        outline.push((mu - k * sigma, 0.0));
        plane
            .chart
            .draw_series(std::iter::once(Polygon::new(outline, BLUE.mix(shade))))?;
    }
    plane.line(curve(height, low, high), INK, 2)?;
    let (mu_text, sigma_text, size_text) = (
        format!("{mu}"),
        format!("{sigma}"),
        format!("{SAMPLE_SIZE}"),
    );
    let legend_row = top - 0.12;
    plane.note(
        &format!("curve: μ = {mu_text}, σ = {sigma_text}"),
        (low + 2.0, legend_row),
        (0, 0),
        INK,
    )?;
    plane.note(
        &format!("sample: {size_text} prices"),
        (low + 2.0, legend_row),
        (0, 22),
        INK,
    )?;
    let mut ks = Vec::new();
    let mut curve_shares = Vec::new();
    let mut sample_shares = Vec::new();
    let mut ranges = Vec::new();
    for k in [1.0, 2.0, 3.0] {
        let level = peak * (1.0 + 0.25 * k);
        let (from, to) = (mu - k * sigma, mu + k * sigma);
        plane.line(
            vec![
                (from, level - 0.06),
                (from, level),
                (to, level),
                (to, level - 0.06),
            ],
            INK,
            2,
        )?;
        let (in_curve, in_sample) = (
            format!("{:.1}", share(k)),
            format!("{:.1}", 100.0 * fraction_within(&sample, k)),
        );
        let text = layout.pick(
            format!("±{k}σ: curve {in_curve}%, sample {in_sample}%"),
            format!("±{k}σ: {in_curve}%, sample {in_sample}%"),
        );
        centred(&root, &plane, &text, (mu, level), (0, -12), INK, true)?;
        ks.push(format!("{k}"));
        curve_shares.push(in_curve);
        sample_shares.push(in_sample);
        ranges.push((format!("{from}"), format!("{to}")));
    }

    let mut words = Words::default();
    // Where each band starts and stops, on the price axis.
    let ranges: Vec<String> = ranges
        .into_iter()
        .map(|(from, to)| format!("{} to {}", words.shows(from), words.shows(to)))
        .collect();
    words.alt = format!(
        "The bell curve with mean {mu_text} and standard deviation {sigma_text} thousand dollars, the area under it shaded in three bands: \
         darkest within one standard deviation of the mean ({}), lighter out to two ({}), lightest out to three ({}). \
         Brackets above the curve give the share of the area within each: {} per cent; and beside each, the share of a sample of \
         {size_text} prices within as many of its own standard deviations of its own mean: {} per cent.",
        ranges[0],
        ranges[1],
        ranges[2],
        listed(&curve_shares),
        listed(&sample_shares),
    );
    words.caption = format!(
        "A Gaussian holds {} of its area within {} standard deviations of its mean; the sample agrees.",
        listed(
            &curve_shares
                .iter()
                .map(|s| format!("{s}%"))
                .collect::<Vec<_>>()
        ),
        listed(&ks),
    );
    Ok(words)
}

fn running_mean_figure(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = figure_canvas(svg, layout, (400, 440))?;
    let rolls = 1000;
    let expected = 3.5;
    let expected_text = format!("{expected}");
    let rolls_text = format!("{rolls}");
    let mut plane = Plane::free(
        &root,
        "Running average of die rolls",
        0.0..f64::from(rolls),
        1.0..6.0,
        AxisNames::new("number of rolls k", "average of the first k rolls"),
    )?;
    plane.dashed((0.0, expected), (f64::from(rolls), expected), INK)?;
    let series = [(1, BLUE), (2, ORANGE), (3, GREEN)];
    let mut finals = Vec::new();
    // How far the averages swing while they are still young.
    const EARLY: usize = 36;
    let (mut early_low, mut early_high) = (f64::INFINITY, f64::NEG_INFINITY);
    for (seed, color) in series {
        let means = running_mean(&die_rolls(rolls as usize, seed));
        let points = means
            .iter()
            .enumerate()
            .map(|(k, &m)| ((k + 1) as f64, m))
            .collect();
        plane.line(points, color, 2)?;
        for &m in means.iter().take(EARLY) {
            early_low = early_low.min(m);
            early_high = early_high.max(m);
        }
        finals.push((means[means.len() - 1], color));
    }
    // Notes below the settled lines, where only the first rolls pass.
    let notes = (layout.pick(560.0, 80.0), layout.pick(3.0, 2.7));
    let dashed = format!("dashed: {expected_text}, the expected value");
    plane.note(&dashed, notes, (0, 0), INK)?;
    plane.note(&format!("after {rolls_text} rolls:"), notes, (0, 26), INK)?;
    let mut final_texts = Vec::new();
    for (i, &(value, color)) in finals.iter().enumerate() {
        let text = format!("{value:.2}");
        plane.label(&text, notes, (52 * i as i32, 48), color)?;
        final_texts.push(text);
    }
    let seeds = layout.pick(
        "three series of rolls (seeds 1, 2, 3)",
        "three series of rolls",
    );
    plane.note(seeds, (40.0, 5.7), (0, 0), MUTED)?;

    let mut words = Words::default();
    let farthest = finals
        .iter()
        .map(|&(value, _)| (value - expected).abs())
        .fold(0.0, f64::max);
    // A distance between printed numbers, and the lines' early extremes.
    let farthest = words.shows(format!("{farthest:.2}"));
    let (early_low, early_high) = (
        words.shows(format!("{early_low}")),
        words.shows(format!("{early_high}")),
    );
    words.alt = format!(
        "Three lines, one for each of three series of {rolls_text} die rolls, showing the average of the first k rolls against k. \
         All three swing widely in the first few dozen rolls, anywhere from {early_low} up to {early_high}, then settle; \
         after {rolls_text} rolls they stand at {} (blue, orange and green), all within {farthest} of a dashed horizontal line at {expected_text}, \
         the expected value of one roll.",
        listed(&final_texts),
    );
    words.caption = format!(
        "The law of large numbers: the running average of die rolls settles towards {expected_text}, the expected value."
    );
    Ok(words)
}

/// The sample sizes the growing-sample slider moves through: the first m
/// of the chapter's 1000 prices (the same seed, so each sample extends the
/// one before it).
const SAMPLE_SIZES: [usize; 10] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/// The first `m` of the chapter's seeded prices.
fn first_prices(n: usize) -> ndarray::Array1<f64> {
    normal_sample(n, PRICE_MU, PRICE_SIGMA, PRICE_SEED)
}

/// What the growing-sample figure says of the first `m` prices: their mean,
/// its distance from μ, and the typical distance σ/√m, as printed.
fn sample_numbers(n: usize) -> (String, String, String) {
    let prices = first_prices(n);
    let mu = mean(&prices);
    (
        format!("{mu:.2}"),
        format!("{:.2}", (mu - PRICE_MU).abs()),
        format!("{:.2}", PRICE_SIGMA / (n as f64).sqrt()),
    )
}

/// The value beside the sample-size slider.
fn sample_value(n: usize) -> String {
    let (mean_text, off_text, typical_text) = sample_numbers(n);
    format!(
        "m = {n}: mean {mean_text}, {off_text} from μ = {PRICE_MU}, typical distance {typical_text}"
    )
}

fn growing_sample(state: usize, layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let n = SAMPLE_SIZES[state];
    let root = figure_canvas(svg, layout, (640, 720))?;
    let (top, bottom) = root.split_vertically(layout.pick(330, 380));
    let prices = first_prices(n);
    let (mean_text, off_text, typical_text) = sample_numbers(n);
    let (mu_text, sigma_text, n_text) = (
        format!("{PRICE_MU}"),
        format!("{PRICE_SIGMA}"),
        format!("{n}"),
    );
    let prices_word = if n == 1 { "price" } else { "prices" };

    // The histogram as shares of the sample, so that every n has the same
    // axis, under the share the Gaussian gives each bin.
    let (low, high, width) = (180.0, 320.0, 10.0);
    let counts = histogram(&prices, low, high, ((high - low) / width) as usize);
    let shares: Vec<f64> = counts
        .iter()
        .map(|&c| 100.0 * c as f64 / n as f64)
        .collect();
    let share_top = layout.pick(45.0, 60.0);
    let mut plane = Plane::free(
        &top,
        &format!("Histogram of the first m = {n_text} {prices_word}"),
        low..high,
        0.0..share_top,
        AxisNames::new(
            "price (thousand dollars)",
            layout.pick("share of prices per bin (%)", "share per bin (%)"),
        ),
    )?;
    let gap = width * 0.06;
    for (bin, &share) in shares.iter().enumerate() {
        let from = low + width * bin as f64;
        plane.bar(
            (from + gap, 0.0),
            (from + width - gap, share.min(share_top)),
            BLUE,
        )?;
        // A bar taller than the axis is cut at its top and labelled.
        if share > share_top {
            plane.label(
                &format!("{share:.0}%"),
                (from + width, share_top),
                (4, 2),
                INK,
            )?;
        }
    }
    let expected = |x: f64| 100.0 * width * gaussian_pdf(x, PRICE_MU, PRICE_SIGMA);
    plane.function_between(expected, low..high, INK, 3)?;
    let note_row = share_top * 0.96;
    plane.note("curve: Gaussian", (low + 2.0, note_row), (0, 0), INK)?;
    plane.note(
        &format!("μ = {mu_text}, σ = {sigma_text}"),
        (low + 2.0, note_row),
        (0, 22),
        INK,
    )?;

    // The running mean against k on a logarithmic axis: x is log10 k.
    let (mean_low, mean_high) = (225.0, layout.pick(295.0, 302.0));
    let mut plane = Plane::free(
        &bottom,
        "Running mean of the first k prices",
        -0.2..3.2,
        mean_low..mean_high,
        AxisNames {
            x: "number of prices k (log scale)",
            y: layout.pick("mean (thousand dollars)", "mean (thousand $)"),
            x_categories: &["1", "10", "100", "1000"],
        },
    )?;
    plane.dashed((-0.2, PRICE_MU), (3.2, PRICE_MU), INK)?;
    for side in [-1.0, 1.0] {
        let edge: Vec<(f64, f64)> = (0..=60)
            .map(|i| {
                let x = 3.0 * f64::from(i) / 60.0;
                (x, PRICE_MU + side * PRICE_SIGMA / 10f64.powf(x / 2.0))
            })
            .collect();
        plane.clipped_dashed(edge, MUTED)?;
    }
    let means = running_mean(&first_prices(SAMPLE_SIZES[SAMPLE_SIZES.len() - 1]));
    // Every k up to 50, then steps of about 1% of k: a smooth line, light.
    let mut ks: Vec<usize> = (1..=n.min(50)).collect();
    while let Some(&k) = ks.last() {
        let next = (k + k / 40).max(k + 1).min(n);
        if next == k {
            break;
        }
        ks.push(next);
    }
    let points = ks
        .iter()
        .map(|&k| ((k as f64).log10(), means[k - 1]))
        .collect();
    plane.line(points, BLUE, 2)?;
    let at = ((n as f64).log10(), means[n - 1]);
    plane.dot(at, INK)?;
    let legend_x = -0.15;
    plane.label(
        &layout.pick(
            format!("mean of m = {n_text} {prices_word}: {mean_text}"),
            format!("m = {n_text}: mean {mean_text}"),
        ),
        (legend_x, mean_high),
        (0, 4),
        BLUE,
    )?;
    plane.note(
        &format!("{off_text} from μ = {mu_text} (dashed)"),
        (legend_x, mean_high),
        (0, 26),
        INK,
    )?;
    plane.note(
        &format!("typical distance σ/√m = {typical_text}"),
        (legend_x, mean_high),
        (0, 48),
        MUTED,
    )?;

    let mut words = Words::default();
    let filled = shares.iter().filter(|&&s| s > 0.0).count();
    // The number of bars is counted off the picture, not printed.
    words.shows(filled.to_string());
    let tallest = (0..shares.len())
        .max_by(|&a, &b| shares[a].total_cmp(&shares[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let from = words.shows(format!("{}", low + width * tallest as f64));
    let to = words.shows(format!("{}", low + width * (tallest as f64 + 1.0)));
    let tallest_share = words.shows(format!("{:.0}", shares[tallest]));
    let peak = words.shows(format!("{:.1}", expected(PRICE_MU)));
    let (low_text, high_text) = (
        words.shows(format!("{low}")),
        words.shows(format!("{high}")),
    );
    let bars = if n == 1 {
        "a single bar holds it".to_owned()
    } else if filled == 1 {
        "a single bar holds them all".to_owned()
    } else {
        format!(
            "{} bars are filled, the tallest, from {from} to {to}, holding {tallest_share}% of them",
            count_word(filled)
        )
    };
    let the_first = if n == 1 {
        "the first".to_owned()
    } else {
        format!("the first {n_text}")
    };
    words.alt = format!(
        "Two panels. Top: a histogram of {the_first} of the chapter's prices, drawn from a \
         Gaussian with mean {mu_text} and standard deviation {sigma_text} thousand dollars, as the \
         share of the sample in each bin from {low_text} to {high_text}; {bars}. Over it, a dark \
         bell curve gives the share the Gaussian puts in each bin, at most {peak}%. Bottom: the \
         running mean of the prices against their number k, on a logarithmic axis, up to \
         k = {n_text}, where it is {mean_text}, {off_text} from the dashed line at μ = {mu_text}. \
         Two dashed curves either side of that line mark the typical distance σ/√k, \
         {typical_text} at k = {n_text}, closing in as k grows."
    );
    words.caption = format!(
        "With m = {n_text} {prices_word} the mean is {mean_text}, {off_text} from μ; as m grows \
         the histogram takes the Gaussian's shape and the mean closes in on μ, about as fast as \
         σ/√m."
    );
    words.value = sample_value(n);
    Ok(words)
}

fn noisy_line_figure(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = figure_canvas(svg, layout, (420, 440))?;
    let (area, price) = noisy_line(SCATTERED_HOUSES, TRUE_W, TRUE_B, NOISE_SIGMA, HOUSES_SEED);
    let count_text = format!("{SCATTERED_HOUSES}");
    // Room above the highest house for the two notes, which would cover
    // the houses at the top right of the narrow plot.
    let top = layout.pick(420.0, 450.0);
    let mut plane = Plane::free(
        &root,
        &layout.pick(
            format!("{count_text} noisy houses and the true line"),
            format!("{count_text} noisy houses, the true line"),
        ),
        45.0..155.0,
        80.0..top,
        AxisNames::new("area (square metres)", "price (thousand dollars)"),
    )?;
    let line = |x: f64| TRUE_W * x + TRUE_B;
    for (&x, &y) in area.iter().zip(&price) {
        plane.line(vec![(x, line(x)), (x, y)], MUTED, 1)?;
    }
    plane.chart.draw_series(
        area.iter()
            .zip(&price)
            .map(|(&x, &y)| Circle::new((x, y), 3, BLUE.filled())),
    )?;
    let (smallest, largest) = (50.0, 150.0);
    plane.line(
        vec![(smallest, line(smallest)), (largest, line(largest))],
        VERMILLION,
        3,
    )?;
    let rule = format!("{TRUE_W}x + {TRUE_B}");
    plane.label(
        &format!("true line: y = {rule}"),
        (50.0, top),
        (0, 8),
        VERMILLION,
    )?;
    plane.note(
        &format!("stick: residual y − ({rule})"),
        (50.0, top),
        (0, 32),
        MUTED,
    )?;

    let mut words = Words::default();
    let r = residuals(&area, &price, TRUE_W, TRUE_B);
    let longest = r.iter().map(|v| v.abs()).fold(0.0, f64::max);
    // The line's ends and the longest stick, read off the axes.
    let (from_area, to_area) = (
        words.shows(format!("{smallest}")),
        words.shows(format!("{largest}")),
    );
    let (from_price, to_price) = (
        words.shows(format!("{}", line(smallest))),
        words.shows(format!("{}", line(largest))),
    );
    let longest = words.shows(format!("{longest:.0}"));
    words.alt = format!(
        "{count_text} houses plotted as dots, area in square metres across ({from_area} to {to_area}) and price in thousand dollars up. \
         A straight red line, the true line y = {rule}, runs through the middle of the cloud from {from_price} at area {from_area} \
         to {to_price} at area {to_area}. A thin vertical stick joins every dot to the line: its residual. The dots scatter \
         above and below the line; the longest stick is about {longest} thousand dollars."
    );
    words.caption =
        format!("Data from y = {rule} + ε: even the true line misses every point by its noise.");
    Ok(words)
}

fn residual_histogram(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = figure_canvas(svg, layout, (400, 440))?;
    let (area, price) = noisy_line(SAMPLE_SIZE, TRUE_W, TRUE_B, NOISE_SIGMA, HOUSES_SEED);
    let r = residuals(&area, &price, TRUE_W, TRUE_B);
    let (low, high, width) = (-70.0, 70.0, 5.0);
    let counts = histogram(&r, low, high, ((high - low) / width) as usize);
    let tallest = *counts.iter().max().unwrap_or(&1) as f64;
    let top = tallest * layout.pick(1.25, 1.6);
    let size_text = format!("{SAMPLE_SIZE}");
    let width_text = format!("{width}");
    let mut plane = Plane::free(
        &root,
        &layout.pick(
            format!("Residuals of the true line, {size_text} houses"),
            format!("Residuals, {size_text} houses"),
        ),
        low..high,
        0.0..top,
        AxisNames::new(
            "residual (thousand dollars)",
            &format!("houses per {width_text}-thousand-dollar bin"),
        ),
    )?;
    bars(&mut plane, &counts, low, width)?;
    // A Gaussian with mean 0 and sd σ predicts m × width × pdf per bin.
    let expected = |x: f64| SAMPLE_SIZE as f64 * width * gaussian_pdf(x, 0.0, NOISE_SIGMA);
    plane.line(curve(expected, low, high), INK, 3)?;
    let noise_text = format!("{NOISE_SIGMA}");
    let (mean_text, sd_text) = (format!("{:.1}", mean(&r)), format!("{:.1}", std_dev(&r)));
    let summary = format!("residuals: mean {mean_text}, sd {sd_text}");
    let gaussian = format!("μ = 0, σ = {noise_text}");
    match layout {
        Layout::Wide => {
            plane.note(&summary, (low + 3.0, top * 0.95), (0, 0), MUTED)?;
            plane.label("curve: Gaussian", (30.0, top * 0.85), (0, 0), INK)?;
            plane.label(&gaussian, (30.0, top * 0.85), (0, 22), INK)?;
        }
        Layout::Narrow => {
            plane.note(&summary, (low + 3.0, top * 0.97), (0, 0), MUTED)?;
            plane.label("curve: Gaussian", (low + 3.0, top * 0.97), (0, 24), INK)?;
            plane.label(&gaussian, (low + 3.0, top * 0.97), (0, 46), INK)?;
        }
    }

    let mut words = Words::default();
    let (low_text, high_text) = (
        words.shows(format!("{low}")),
        words.shows(format!("{high}")),
    );
    words.alt = format!(
        "A histogram of the residuals of the true line on {size_text} noisy houses, in bins {width_text} thousand dollars wide \
         from {low_text} to {high_text}. The bars form a roughly symmetric hill centred near 0. Over it, a dark curve shows what \
         a Gaussian with mean 0 and standard deviation {noise_text} predicts for each bin; the bars follow the curve closely. \
         A note gives the residuals' mean, {mean_text}, and standard deviation, {sd_text}."
    );
    words.caption = format!(
        "The true line's residuals are the noise: a Gaussian with mean 0 and standard deviation {noise_text}."
    );
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::s;

    /// Each state's value holds the numbers of `mlmath` for the first n of
    /// the chapter's 1000 prices, found here from the whole sample.
    #[test]
    fn growing_sample_values_come_from_mlmath() {
        let all = normal_sample(1000, 250.0, 20.0, 4);
        let figure = crate::find("growing-sample").expect("registered");
        for (state, &n) in SAMPLE_SIZES.iter().enumerate() {
            let first = all.slice(s![..n]);
            let sample_mean = mean(&first);
            let expected = format!(
                "m = {n}: mean {sample_mean:.2}, {:.2} from μ = 250, typical distance {:.2}",
                (sample_mean - 250.0).abs(),
                20.0 / (n as f64).sqrt()
            );
            for layout in Layout::ALL {
                let drawing = figure.render_state(state, layout).expect("drawn");
                assert_eq!(drawing.words.value, expected, "state {state}");
            }
            // The running mean drawn ends where the value says.
            assert_eq!(
                format!("{:.2}", running_mean(&all)[n - 1]),
                format!("{sample_mean:.2}")
            );
        }
    }
}
