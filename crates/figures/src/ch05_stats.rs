//! Figures of Chapter 5, Probability and statistics: the deviations of the
//! street's eight prices from their mean, a histogram of a seeded
//! Gaussian sample with its mean and standard deviation, Gaussians with
//! different means and spreads, the 68–95–99.7 rule, running means of die
//! rolls settling down, noisy houses around their true line, and the true
//! line's residuals looking like the noise.

use mlmath::stats::{
    die_rolls, fraction_within, gaussian_pdf, histogram, mean, noisy_line, normal_sample,
    residuals, running_mean, std_dev, street_prices,
};
use plotters::prelude::{Circle, Color, Polygon};

use crate::style::{AxisNames, BLUE, GREEN, INK, MUTED, ORANGE, Plane, VERMILLION, canvas};
use crate::{DrawError, Figure};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "street-deviations",
        chapter: "ch05-statistics.md",
        draw: still!(
            street_deviations,
            "The eight prices of the street, one house per row, as dots on a price axis in thousand dollars: 220, 240, 240, 240, 250, 250, 270 and 290. A solid vertical line marks the mean, 250, and each dot is joined to it by a horizontal stick labelled with its deviation: -30, -10, -10, -10, 0, 0, +20 and +40, orange below the mean and blue at or above it. Dashed lines mark one standard deviation, 20, either side of the mean, at 230 and 270.",
            "Deviations from the mean: they cancel out on average, and their squares average to the variance, 400."
        ),
    },
    Figure {
        name: "sample-histogram",
        chapter: "ch05-statistics.md",
        draw: still!(
            sample_histogram,
            "A histogram of 1000 prices drawn from a Gaussian with mean 250 and standard deviation 20 thousand dollars, in 14 bins 10 thousand dollars wide from 180 to 320. The bars rise from none or a few houses per bin at both ends to about 200 per bin in the two middle bins, 240 to 260, in a roughly symmetric hill. A solid line marks the sample's mean, 250.2; dashed lines mark one standard deviation, 20.1, either side of it, at 230.1 and 270.2.",
            "A histogram shows a sample's shape: the mean marks its centre, the standard deviation its typical spread."
        ),
    },
    Figure {
        name: "gaussian-curves",
        chapter: "ch05-statistics.md",
        draw: still!(
            gaussian_curves,
            "Three bell curves on one axis, price in thousand dollars across and probability density up. Blue: mean 250, standard deviation 20, a peak of 2.0 per cent per thousand dollars at 250. Orange: mean 250, standard deviation 40, centred at the same place but twice as wide and half as tall, peaking at 1.0. Green: mean 300, standard deviation 20, the same shape as the blue curve moved 50 to the right.",
            "μ moves the bell curve along the axis; σ makes it wider and lower, keeping the area under it at 1."
        ),
    },
    Figure {
        name: "sigma-bands",
        chapter: "ch05-statistics.md",
        draw: still!(
            sigma_bands,
            "The bell curve with mean 250 and standard deviation 20 thousand dollars, with the area under it shaded in three bands: darkest within one standard deviation of the mean (230 to 270), lighter out to two (210 to 290), lightest out to three (190 to 310). Brackets above the curve give the share of the area in each: 68.3, 95.4 and 99.7 per cent, and beside each the share of the 1000-price sample in the same range: 68.9, 95.5 and 99.7 per cent.",
            "About 68%, 95% and 99.7% of a Gaussian lies within 1, 2 and 3 standard deviations of the mean; the sample agrees."
        ),
    },
    Figure {
        name: "running-mean",
        chapter: "ch05-statistics.md",
        draw: still!(
            running_mean_figure,
            "Three lines, one for each of three series of 1000 die rolls, showing the average of the first k rolls against k. All three swing widely in the first few dozen rolls, anywhere from 1 up to 5.5, then settle, and after 1000 rolls all three lie within 0.11 of a dashed horizontal line at 3.5, the expected value of one roll.",
            "The law of large numbers: the running average of die rolls settles towards 3.5, the expected value."
        ),
    },
    Figure {
        name: "noisy-line",
        chapter: "ch05-statistics.md",
        draw: still!(
            noisy_line_figure,
            "200 houses plotted as dots, area in square metres across (50 to 150) and price in thousand dollars up. A straight line, the true line price = 2 × area + 50, runs through the middle of the cloud from 150 at area 50 to 350 at area 150. A thin vertical stick joins every dot to the line: its residual. The dots scatter above and below the line: 133 of the 200 lie within 20 thousand dollars of it, and the farthest is 69 away.",
            "Data from y = 2x + 50 + ε: even the true line misses every point by its noise."
        ),
    },
    Figure {
        name: "residual-histogram",
        chapter: "ch05-statistics.md",
        draw: still!(
            residual_histogram,
            "A histogram of the residuals of the true line on 1000 noisy houses, in bins 5 thousand dollars wide from -70 to 70. The bars form a symmetric hill centred near 0. Over it, a dark curve shows what a Gaussian with mean 0 and standard deviation 20 predicts for each bin; the bars follow the curve closely. A note gives the residuals' mean, -0.7, and standard deviation, 20.3.",
            "The true line's residuals are the noise: a Gaussian with mean 0 and standard deviation 20."
        ),
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

fn street_deviations(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 680, 380)?;
    let prices = street_prices();
    let (mu, sigma) = (mean(&prices), std_dev(&prices));
    let last = (prices.len() - 1) as f64;
    let (bottom, top) = (-0.7, last + 0.99);
    let mut plane = Plane::free(
        &root,
        "Eight prices and their deviations from the mean",
        200.0..310.0,
        bottom..top,
        AxisNames {
            x: "price (thousand dollars)",
            y: "house",
            x_categories: &[],
        },
    )?;
    // Vertical marks stop short of the top, where their labels sit.
    let (mark_top, label_at) = (last + 0.35, top - 0.04);
    for (side, text) in [(-1.0, "mean − σ"), (1.0, "mean + σ")] {
        let at = mu + side * sigma;
        plane.dashed((at, bottom), (at, mark_top), VERMILLION)?;
        plane.label(text, (at, label_at), (-36, 0), VERMILLION)?;
    }
    plane.line(vec![(mu, bottom), (mu, mark_top)], INK, 3)?;
    plane.label(&format!("mean {mu}"), (mu, label_at), (-40, 0), INK)?;
    for (house, &price) in prices.iter().enumerate() {
        let row = house as f64;
        let deviation = price - mu;
        let color = if deviation < 0.0 { ORANGE } else { BLUE };
        plane.line(vec![(mu, row), (price, row)], color, 3)?;
        plane.dot((price, row), color)?;
        let text = if deviation > 0.0 {
            format!("+{deviation}")
        } else {
            format!("{deviation}")
        };
        let offset = if deviation < 0.0 { (-40, -9) } else { (10, -9) };
        plane.label(&text, (price, row), offset, color)?;
    }
    Ok(())
}

fn sample_histogram(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 680, 400)?;
    let prices = normal_sample(SAMPLE_SIZE, PRICE_MU, PRICE_SIGMA, PRICE_SEED);
    let (low, high, width) = (180.0, 320.0, 10.0);
    let counts = histogram(&prices, low, high, ((high - low) / width) as usize);
    let tallest = *counts.iter().max().unwrap_or(&1) as f64;
    let top = tallest * 1.25;
    let mut plane = Plane::free(
        &root,
        "1000 prices drawn from a Gaussian",
        low..high,
        0.0..top,
        AxisNames {
            x: "price (thousand dollars)",
            y: "houses per 10-thousand-dollar bin",
            x_categories: &[],
        },
    )?;
    bars(&mut plane, &counts, low, width)?;
    let (mu, sigma) = (mean(&prices), std_dev(&prices));
    plane.line(vec![(mu, 0.0), (mu, top * 0.92)], INK, 3)?;
    plane.label(&format!("mean {mu:.1}"), (mu, top * 0.92), (-48, -20), INK)?;
    for (side, offset) in [(-1.0, -96), (1.0, 8)] {
        let at = mu + side * sigma;
        plane.dashed((at, 0.0), (at, top * 0.8), VERMILLION)?;
        let text = if side < 0.0 {
            "mean − σ"
        } else {
            "mean + σ"
        };
        plane.label(text, (at, top * 0.8), (offset, -4), VERMILLION)?;
    }
    let spread = format!("σ = {sigma:.1}");
    plane.label(&spread, (mu + sigma, top * 0.62), (8, 0), VERMILLION)?;
    Ok(())
}

fn gaussian_curves(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 680, 400)?;
    let (low, high) = (130.0, 370.0);
    let mut plane = Plane::free(
        &root,
        "Gaussians with different μ and σ",
        low..high,
        0.0..2.4,
        AxisNames {
            x: "price (thousand dollars)",
            y: "density (% per thousand dollars)",
            x_categories: &[],
        },
    )?;
    // Density in per cent per thousand dollars: 100 times the pdf.
    let curves = [
        (250.0, 20.0, BLUE, (-160, -12)),
        (250.0, 40.0, ORANGE, (0, 0)),
        (300.0, 20.0, GREEN, (14, -12)),
    ];
    for (mu, sigma, color, offset) in curves {
        let points = curve(|x| 100.0 * gaussian_pdf(x, mu, sigma), low, high);
        plane.line(points, color, 3)?;
        let peak = 100.0 * gaussian_pdf(mu, mu, sigma);
        let text = format!("μ = {mu}, σ = {sigma}");
        // The wide curve's label sits above its left tail, clear of the others.
        let at = if sigma > 30.0 {
            (135.0, 0.75)
        } else {
            (mu, peak)
        };
        plane.label(&text, at, offset, color)?;
    }
    Ok(())
}

fn sigma_bands(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 680, 420)?;
    let (mu, sigma) = (PRICE_MU, PRICE_SIGMA);
    let (low, high) = (mu - 4.0 * sigma, mu + 4.0 * sigma);
    let height = |x: f64| 100.0 * gaussian_pdf(x, mu, sigma);
    let peak = height(mu);
    let top = peak * 2.05;
    let mut plane = Plane::free(
        &root,
        "Within 1, 2 and 3 standard deviations",
        low..high,
        0.0..top,
        AxisNames {
            x: "price (thousand dollars)",
            y: "density (% per thousand dollars)",
            x_categories: &[],
        },
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
        let text = format!(
            "±{k}σ: curve {:.1}%, sample {:.1}%",
            share(k),
            100.0 * fraction_within(&sample, k)
        );
        plane.label(&text, (mu, level), (-130, -22), INK)?;
    }
    Ok(())
}

fn running_mean_figure(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 680, 400)?;
    let rolls = 1000;
    let mut plane = Plane::free(
        &root,
        "Running average of die rolls",
        0.0..f64::from(rolls),
        1.0..6.0,
        AxisNames {
            x: "number of rolls k",
            y: "average of the first k rolls",
            x_categories: &[],
        },
    )?;
    plane.dashed((0.0, 3.5), (f64::from(rolls), 3.5), INK)?;
    plane.note("dashed: 3.5, the expected value", (560.0, 3.0), (0, 0), INK)?;
    for (seed, color) in [(1, BLUE), (2, ORANGE), (3, GREEN)] {
        let means = running_mean(&die_rolls(rolls as usize, seed));
        let points = means
            .iter()
            .enumerate()
            .map(|(k, &m)| ((k + 1) as f64, m))
            .collect();
        plane.line(points, color, 2)?;
    }
    plane.note(
        "three series of rolls (seeds 1, 2, 3)",
        (40.0, 5.7),
        (0, 0),
        MUTED,
    )?;
    Ok(())
}

fn noisy_line_figure(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 680, 420)?;
    let (area, price) = noisy_line(200, TRUE_W, TRUE_B, NOISE_SIGMA, HOUSES_SEED);
    let mut plane = Plane::free(
        &root,
        "200 noisy houses and the true line",
        45.0..155.0,
        80.0..420.0,
        AxisNames {
            x: "area (square metres)",
            y: "price (thousand dollars)",
            x_categories: &[],
        },
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
    plane.line(
        vec![(50.0, line(50.0)), (150.0, line(150.0))],
        VERMILLION,
        3,
    )?;
    plane.label("true line: y = 2x + 50", (50.0, 395.0), (0, 0), VERMILLION)?;
    plane.note(
        "stick: residual y − (2x + 50)",
        (50.0, 370.0),
        (0, 0),
        MUTED,
    )?;
    Ok(())
}

fn residual_histogram(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 680, 400)?;
    let (area, price) = noisy_line(SAMPLE_SIZE, TRUE_W, TRUE_B, NOISE_SIGMA, HOUSES_SEED);
    let r = residuals(&area, &price, TRUE_W, TRUE_B);
    let (low, high, width) = (-70.0, 70.0, 5.0);
    let counts = histogram(&r, low, high, ((high - low) / width) as usize);
    let tallest = *counts.iter().max().unwrap_or(&1) as f64;
    let top = tallest * 1.25;
    let mut plane = Plane::free(
        &root,
        "Residuals of the true line, 1000 houses",
        low..high,
        0.0..top,
        AxisNames {
            x: "residual (thousand dollars)",
            y: "houses per 5-thousand-dollar bin",
            x_categories: &[],
        },
    )?;
    bars(&mut plane, &counts, low, width)?;
    // A Gaussian with mean 0 and sd σ predicts m × width × pdf per bin.
    let expected = |x: f64| SAMPLE_SIZE as f64 * width * gaussian_pdf(x, 0.0, NOISE_SIGMA);
    plane.line(curve(expected, low, high), INK, 3)?;
    plane.label("curve: Gaussian", (30.0, top * 0.85), (0, 0), INK)?;
    plane.label("μ = 0, σ = 20", (30.0, top * 0.85), (0, 22), INK)?;
    let summary = format!("mean {:.1}, σ {:.1}", mean(&r), std_dev(&r));
    plane.note(&summary, (low + 3.0, top * 0.95), (0, 0), MUTED)?;
    Ok(())
}
