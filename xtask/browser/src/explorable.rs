//! A reader on the explorable figures: nothing of their states loads before
//! the reader touches a control; then each slider is moved with real keys
//! (DevTools `Input.dispatchKeyEvent`) and dragged with a real pointer
//! (`Input.dispatchMouseEvent`, after a hit test that the slider is what
//! lies there), Play is pressed, and every time the picture, its words and
//! the announced numbers must be the state the slider is at, as the
//! figure's states file has it. Every state is then shown in every theme
//! and held to the figures' legibility rules; and with reduced motion
//! asked for, Play is not offered. The in-page half is
//! `assets/explorable-checks.js`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use headless_chrome::Tab;
use headless_chrome::browser::tab::point::Point;
use headless_chrome::protocol::cdp::{Emulation, Input};

use crate::chromium::scaled;
use crate::network::Record;
use crate::page::{THEMES, evaluate, evaluate_json};

const EXPLORABLE_CHECKS: &str = include_str!("../assets/explorable-checks.js");

/// One explorable figure, as `list` reports it.
#[derive(serde::Deserialize)]
struct Explorable {
    /// The slider's id, which names the figure (`explore-secant-slider`).
    name: String,
    states: usize,
}

/// What `state` reports.
#[derive(serde::Deserialize, Debug)]
struct Shown {
    value: usize,
    shown: Option<String>,
    busy: bool,
    playing: bool,
}

/// Where the slider is, as `sliderBox` reports it.
#[derive(serde::Deserialize)]
struct SliderBox {
    left: f64,
    right: f64,
    y: f64,
    covered: Option<String>,
    play: Option<PointJson>,
}

#[derive(serde::Deserialize, Clone, Copy)]
struct PointJson {
    x: f64,
    y: f64,
}

/// The explorable figures of the page a tab shows, in a window `width` CSS
/// pixels wide. Problems name the figure; the caller names the page.
pub struct Explorables<'a> {
    tab: &'a Tab,
    width: u32,
    figures: Vec<Explorable>,
}

impl<'a> Explorables<'a> {
    pub fn on(tab: &'a Tab, width: u32) -> anyhow::Result<Self> {
        evaluate(tab, EXPLORABLE_CHECKS, false).context("loading the explorable checks")?;
        let figures = evaluate_json(tab, "__xtaskExplore.list()")?;
        Ok(Explorables {
            tab,
            width,
            figures,
        })
    }

    /// On a desktop: nothing fetched before a touch, then each figure moved
    /// by keys, by a drag and by Play, and every state in every theme.
    pub fn desktop_problems(&self, record: &Mutex<Record>) -> anyhow::Result<Vec<String>> {
        let mut problems = self.untouched_problems(record)?;
        for (index, figure) in self.figures.iter().enumerate() {
            let found = self
                .moved_problems(index, figure, record)
                .and_then(|mut found| {
                    found.extend(self.reduced_motion_problems(index)?);
                    found.extend(self.every_state_problems(index, figure, THEMES)?);
                    Ok(found)
                });
            problems.extend(self.named(figure, found));
        }
        Ok(problems)
    }

    /// On a phone: each figure moved by a key, and every state, in the
    /// light theme, legible at the phone's width.
    pub fn phone_problems(&self, record: &Mutex<Record>) -> anyhow::Result<Vec<String>> {
        let mut problems = self.untouched_problems(record)?;
        for (index, figure) in self.figures.iter().enumerate() {
            let found = self.key_problems(index, figure).and_then(|mut found| {
                found.extend(self.every_state_problems(index, figure, &["light"])?);
                Ok(found)
            });
            problems.extend(self.named(figure, found));
        }
        Ok(problems)
    }

    /// `found`'s problems, or its failure, each naming `figure`.
    fn named(&self, figure: &Explorable, found: anyhow::Result<Vec<String>>) -> Vec<String> {
        let name = format!("explorable figure #{} at {} px", figure.name, self.width);
        match found {
            Ok(found) => found.into_iter().map(|p| format!("{name}: {p}")).collect(),
            Err(error) => vec![format!("{name}: the check failed: {error:#}")],
        }
    }

    /// Before any control is touched, no states file may have been fetched:
    /// a page's first load carries only the still pictures.
    fn untouched_problems(&self, record: &Mutex<Record>) -> anyhow::Result<Vec<String>> {
        let files: Vec<String> = evaluate_json(self.tab, "__xtaskExplore.statesFiles()")?;
        let requested = record.lock().expect("record lock").site_requests.clone();
        Ok(fetched(&files, &requested)
            .into_iter()
            .map(|file| format!("{file} was fetched before the reader touched its control"))
            .collect())
    }

    /// Figure `index` as built, then moved one step by a key, then dragged
    /// to its far end, then played: each time it must show the state its
    /// slider is at, and its states file must be fetched only now.
    fn moved_problems(
        &self,
        index: usize,
        figure: &Explorable,
        record: &Mutex<Record>,
    ) -> anyhow::Result<Vec<String>> {
        let mut problems: Vec<String> =
            self.ask(&format!("__xtaskExplore.builtProblems({index})"))?;
        problems
            .extend(self.ask::<Vec<String>>(&format!("__xtaskExplore.matchProblems({index})"))?);
        problems.extend(self.key_problems(index, figure)?);
        let files: Vec<String> = self.ask("__xtaskExplore.statesFiles()")?;
        let requested = record.lock().expect("record lock").site_requests.clone();
        if fetched(&files[index * 2..index * 2 + 2], &requested).is_empty() {
            problems.push("moving its slider did not fetch its states file".into());
        }
        problems.extend(self.drag_problems(index, figure)?);
        problems.extend(self.play_problems(index)?);
        Ok(problems)
    }

    /// One press of an arrow key on the focused slider (towards the side
    /// with room) must move it one state, and the figure must follow.
    fn key_problems(&self, index: usize, figure: &Explorable) -> anyhow::Result<Vec<String>> {
        let box_ = self.slider_box(index)?;
        if let Some(instead) = box_.covered {
            return Ok(vec![format!("a pointer on its slider finds {instead}")]);
        }
        if !self.ask::<bool>(&format!("__xtaskExplore.focus({index})"))? {
            return Ok(vec!["its slider does not take the keyboard's focus".into()]);
        }
        let from = self.state(index)?.value;
        let (key, to) = if from + 1 < figure.states {
            ("ArrowRight", from + 1)
        } else {
            ("ArrowLeft", from - 1)
        };
        self.tab
            .press_key(key)
            .map_err(|error| anyhow::anyhow!("pressing {key}: {error}"))?;
        self.arrived_problems(index, to, &format!("after {key} from state {from}"))
    }

    /// A real drag of the slider from its thumb to the end farther away.
    fn drag_problems(&self, index: usize, figure: &Explorable) -> anyhow::Result<Vec<String>> {
        let box_ = self.slider_box(index)?;
        if let Some(instead) = box_.covered {
            return Ok(vec![format!("a pointer on its slider finds {instead}")]);
        }
        let from = self.state(index)?.value;
        let last = figure.states - 1;
        let to = if from * 2 >= last { 0 } else { last };
        let at = |state: usize| {
            let share = state as f64 / last.max(1) as f64;
            // The ends are 2 px inside the track: a press there is the end.
            box_.left + 2.0 + share * (box_.right - box_.left - 4.0)
        };
        self.drag(at(from), at(to), box_.y)?;
        self.arrived_problems(index, to, &format!("after a drag from state {from}"))
    }

    /// Play, clicked with a real pointer, must move the figure on by
    /// itself; clicked again, it must stop.
    fn play_problems(&self, index: usize) -> anyhow::Result<Vec<String>> {
        let box_ = self.slider_box(index)?;
        let Some(play) = box_.play else {
            return Ok(vec!["it offers no Play button".into()]);
        };
        let before = self.state(index)?.value;
        self.tab
            .click_point(Point {
                x: play.x,
                y: play.y,
            })
            .map_err(|error| anyhow::anyhow!("clicking Play: {error}"))?;
        // Play starts again from the first state at the last one.
        let moved = |shown: &Shown| shown.value != before && shown.shown.is_some() && !shown.busy;
        let limit = scaled(Duration::from_secs(5));
        let Some(playing) = self.wait(index, limit, moved)? else {
            return Ok(vec![format!(
                "Play did not move it on from state {before} within {}s",
                limit.as_secs()
            )]);
        };
        let mut problems = Vec::new();
        if !playing.playing {
            problems.push("Play does not say it is playing (aria-pressed)".into());
        }
        self.tab
            .click_point(Point {
                x: play.x,
                y: play.y,
            })
            .map_err(|error| anyhow::anyhow!("clicking Pause: {error}"))?;
        if self.state(index)?.playing {
            problems.push("a second click on Play does not stop it".into());
        }
        problems
            .extend(self.ask::<Vec<String>>(&format!("__xtaskExplore.matchProblems({index})"))?);
        Ok(problems)
    }

    /// With `prefers-reduced-motion: reduce`, Play must not be offered.
    fn reduced_motion_problems(&self, index: usize) -> anyhow::Result<Vec<String>> {
        self.reduce_motion(true)?;
        let shown = self.ask::<bool>(&format!("__xtaskExplore.playShown({index})"));
        self.reduce_motion(false)?;
        Ok(if shown? {
            vec!["it offers Play to a reader who asks for reduced motion".into()]
        } else {
            Vec::new()
        })
    }

    /// Every state of figure `index`, in each of `themes`: what it shows
    /// must be the state, legible.
    fn every_state_problems(
        &self,
        index: usize,
        figure: &Explorable,
        themes: &[&str],
    ) -> anyhow::Result<Vec<String>> {
        let mut problems = Vec::new();
        let limit = scaled(Duration::from_secs(10)).as_millis();
        for theme in themes {
            if !self.ask::<bool>(&format!("__xtask.setTheme({theme:?})"))? {
                problems.push(format!("the {theme} theme did not apply"));
                continue;
            }
            for state in 0..figure.states {
                if !self.ask::<bool>(&format!(
                    "__xtaskExplore.setState({index}, {state}, {limit})"
                ))? {
                    problems.push(format!(
                        "{theme}: state {state} did not show within {limit} ms"
                    ));
                    continue;
                }
                problems.extend(
                    self.ask::<Vec<String>>(&format!("__xtaskExplore.matchProblems({index})"))?,
                );
                problems.extend(self.ask::<Vec<String>>(&format!(
                    "__xtaskExplore.legibilityProblems({index}, {state}, {}, {theme:?})",
                    figures::MIN_TEXT_PX
                ))?);
            }
        }
        self.ask::<bool>("__xtask.setTheme('light')")?;
        // The same problem in several themes is one problem.
        let mut seen = std::collections::HashSet::new();
        problems.retain(|problem| seen.insert(problem.clone()));
        Ok(problems)
    }

    /// Waits until figure `index` shows state `to`, then compares it with
    /// its states file; `how` says what moved it.
    fn arrived_problems(&self, index: usize, to: usize, how: &str) -> anyhow::Result<Vec<String>> {
        let limit = scaled(Duration::from_secs(10));
        let arrived = |shown: &Shown| {
            shown.value == to
                && !shown.busy
                && shown
                    .shown
                    .as_deref()
                    .is_some_and(|s| s.ends_with(&format!(" {to}")))
        };
        if self.wait(index, limit, arrived)?.is_none() {
            let now = self.state(index)?;
            return Ok(vec![format!(
                "{how}, the slider should be at {to} and the picture show it; within {}s the slider is at {} and the picture {}",
                limit.as_secs(),
                now.value,
                now.shown.as_deref().unwrap_or("still the first one")
            )]);
        }
        Ok(self
            .ask::<Vec<String>>(&format!("__xtaskExplore.matchProblems({index})"))?
            .into_iter()
            .map(|problem| format!("{how}: {problem}"))
            .collect())
    }

    /// Polls figure `index` until `done` says so, at most `limit`.
    fn wait(
        &self,
        index: usize,
        limit: Duration,
        done: impl Fn(&Shown) -> bool,
    ) -> anyhow::Result<Option<Shown>> {
        let started = Instant::now();
        loop {
            let shown = self.state(index)?;
            if done(&shown) {
                return Ok(Some(shown));
            }
            if started.elapsed() > limit {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Presses the left button at `from_x`, moves in steps to `to_x`, and
    /// releases it there, at height `y`.
    fn drag(&self, from_x: f64, to_x: f64, y: f64) -> anyhow::Result<()> {
        const STEPS: usize = 8;
        self.mouse(
            Input::DispatchMouseEventTypeOption::MouseMoved,
            from_x,
            y,
            0,
        )?;
        self.mouse(
            Input::DispatchMouseEventTypeOption::MousePressed,
            from_x,
            y,
            1,
        )?;
        for step in 1..=STEPS {
            let x = from_x + (to_x - from_x) * step as f64 / STEPS as f64;
            self.mouse(Input::DispatchMouseEventTypeOption::MouseMoved, x, y, 1)?;
        }
        self.mouse(
            Input::DispatchMouseEventTypeOption::MouseReleased,
            to_x,
            y,
            0,
        )
    }

    /// One mouse event; `buttons` says whether the left button is down.
    fn mouse(
        &self,
        kind: Input::DispatchMouseEventTypeOption,
        x: f64,
        y: f64,
        buttons: u32,
    ) -> anyhow::Result<()> {
        let pressing = !matches!(kind, Input::DispatchMouseEventTypeOption::MouseMoved);
        self.tab
            .call_method(Input::DispatchMouseEvent {
                Type: kind,
                x,
                y,
                modifiers: None,
                timestamp: None,
                button: Some(if pressing || buttons > 0 {
                    Input::MouseButton::Left
                } else {
                    Input::MouseButton::None
                }),
                buttons: Some(buttons),
                click_count: pressing.then_some(1),
                force: None,
                tangential_pressure: None,
                tilt_x: None,
                tilt_y: None,
                twist: None,
                delta_x: None,
                delta_y: None,
                pointer_Type: None,
            })
            .map(drop)
            .map_err(|error| anyhow::anyhow!("moving the pointer: {error}"))
    }

    /// Asks the browser to report `prefers-reduced-motion: reduce`, or not.
    fn reduce_motion(&self, reduce: bool) -> anyhow::Result<()> {
        let features = reduce.then(|| {
            vec![Emulation::MediaFeature {
                name: "prefers-reduced-motion".into(),
                value: "reduce".into(),
            }]
        });
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: None,
                features,
            })
            .map(drop)
            .map_err(|error| anyhow::anyhow!("emulating reduced motion: {error}"))
    }

    fn slider_box(&self, index: usize) -> anyhow::Result<SliderBox> {
        self.ask(&format!("__xtaskExplore.sliderBox({index})"))
    }

    fn state(&self, index: usize) -> anyhow::Result<Shown> {
        self.ask(&format!("__xtaskExplore.state({index})"))
    }

    fn ask<T: serde::de::DeserializeOwned>(&self, expression: &str) -> anyhow::Result<T> {
        evaluate_json(self.tab, expression)
            .with_context(|| format!("asking the page `{expression}`"))
    }
}

/// Which of `files` (site paths, `/figures/x.states.json`) are among the
/// `requested` site files (relative to the site).
fn fetched(files: &[String], requested: &[String]) -> Vec<String> {
    files
        .iter()
        .filter(|file| {
            requested.iter().any(|path| {
                file.trim_start_matches('/').ends_with(path.as_str()) && !path.is_empty()
            })
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fetched;

    #[test]
    fn a_states_file_counts_as_fetched_only_when_requested() {
        let files = [
            "/figures/a.states.json".to_owned(),
            "/figures/a.narrow.states.json".to_owned(),
        ];
        let requested = ["ch03.html".to_owned(), "figures/a.svg".to_owned()];
        assert!(fetched(&files, &requested).is_empty());
        let requested = ["figures/a.narrow.states.json".to_owned()];
        assert_eq!(
            fetched(&files, &requested),
            ["/figures/a.narrow.states.json"]
        );
    }
}
