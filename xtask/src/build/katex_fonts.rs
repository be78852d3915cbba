//! KaTeX's fonts cut to the glyphs the book uses.
//!
//! The typesetter hands on every formula it wrote; `katex_glyphs` finds the
//! characters each of KaTeX's faces draws in them. Each face of the vendored
//! stylesheet (`book/katex/`) is then subset to those characters plus
//! [`SAFETY_MARGIN`] (with allsorts, from the vendored WOFF2), written back
//! as WOFF2 (ttf2woff2, brotli at its best level, single-threaded so the
//! bytes never change) under a name carrying its content hash, and a copy
//! of the stylesheet pointing at them, itself under a hashed name, replaces
//! the vendored one in the site. The full fonts are removed from the site.
//!
//! A subset depends only on its source font and its characters, so it is
//! kept in memory (for `serve`) and in `target/xtask/katex-fonts/` (for the
//! next build): a prose edit that brings no new character subsets nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

use allsorts::binary::read::ReadScope;
use allsorts::font::read_cmap_subtable;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::FontTableProvider;
use allsorts::tables::cmap::Cmap;
use allsorts::tag;
use anyhow::Context;

use crate::build::katex_css::Stylesheet;
use crate::build::katex_glyphs::{self, Glyphs};
use crate::project;

/// Characters every face keeps if it has them, though no formula uses them
/// yet: the ASCII digits, what a new formula most often brings (a number).
/// Letters are left out: in the faces a chapter loads they cost 2–5 KB a
/// page (the italic and bold faces most), which the 150 KB page budget
/// cannot spare; a formula with a new letter re-cuts its face, once. The
/// browser check reports any character a subset lacks.
pub const SAFETY_MARGIN: &[std::ops::RangeInclusive<char>] = &['0'..='9'];

/// Changes whenever the way a subset is made changes (library, options),
/// so that no cached subset of an older recipe is used.
const RECIPE: &str =
    "allsorts 0.17 minimal profile, unicode cmap; ttf2woff2 0.14 glyf transform, brotli 11";

/// What the site's formulas need from KaTeX's CSS and fonts.
#[derive(Debug, Clone, Default)]
pub struct KatexAssets {
    /// The stylesheet, from the site's root (`katex/katex-HASH.css`).
    pub css: String,
    /// Each vendored font file (`KaTeX_Main-Regular.woff2`) and its subset,
    /// from the site's root (`katex/fonts/KaTeX_Main-Regular-HASH.woff2`).
    pub fonts: BTreeMap<String, String>,
    /// The characters each face draws on the site.
    pub glyphs: Glyphs,
}

/// Subsets made (not found in a cache) since the program started.
static MADE: AtomicUsize = AtomicUsize::new(0);
/// Subsets by cache key, for every later build in this process.
static SUBSETS: LazyLock<Mutex<HashMap<String, Vec<u8>>>> = LazyLock::new(Default::default);
/// The glyphs of each formula already read, for every later build.
static FORMULA_GLYPHS: LazyLock<Mutex<HashMap<String, Glyphs>>> = LazyLock::new(Default::default);

/// How many subsets this process has made rather than found in a cache.
pub fn subsets_made() -> usize {
    MADE.load(Ordering::Relaxed)
}

/// The characters `formulas` draw in each face of `sheet`.
pub fn glyphs_of(formulas: &BTreeSet<String>, sheet: &Stylesheet) -> Glyphs {
    let mut glyphs = Glyphs::new();
    let mut known = FORMULA_GLYPHS.lock().expect("glyph cache lock");
    for formula in formulas {
        let found = known
            .entry(formula.clone())
            .or_insert_with(|| katex_glyphs::glyphs_in(formula, sheet));
        katex_glyphs::merge(&mut glyphs, found);
    }
    glyphs
}

/// Writes the subset fonts and their stylesheet into `site` for
/// `formulas` (the HTML of every formula on the site), from the vendored
/// KaTeX in `src/katex/`, and removes the vendored files from `site`.
pub fn write_subsets(
    src: &Path,
    site: &Path,
    formulas: &BTreeSet<String>,
) -> anyhow::Result<KatexAssets> {
    let vendored = src.join("katex");
    let css_path = src.join(project::KATEX_CSS);
    let css = fs_err::read_to_string(&css_path)
        .with_context(|| format!("reading {}", project::display(&css_path)))?;
    let sheet = Stylesheet::parse(&css)
        .with_context(|| format!("reading the fonts of {}", project::display(&css_path)))?;
    let glyphs = glyphs_of(formulas, &sheet);
    let fonts_dir = site.join("katex").join("fonts");
    fs_err::create_dir_all(&fonts_dir)
        .with_context(|| format!("creating {}", project::display(&fonts_dir)))?;
    let faces: Vec<_> = sheet.faces.iter().collect();
    let subsets = project::parallel_map(&faces, |face| {
        let path = vendored.join(&face.url);
        let font =
            fs_err::read(&path).with_context(|| format!("reading {}", project::display(&path)))?;
        let chars = glyphs.get(&face.url).cloned().unwrap_or_default();
        subset_cached(&font, &chars)
            .with_context(|| format!("subsetting {}", project::display(&path)))
    });
    let mut css = css.clone();
    let mut fonts = BTreeMap::new();
    for (face, subset) in faces.iter().zip(subsets) {
        let subset = subset?;
        let file = face.url.rsplit('/').next().unwrap_or(&face.url);
        let (stem, extension) = file.rsplit_once('.').unwrap_or((file, "woff2"));
        let name = format!("{stem}-{}.{extension}", project::content_hash(&subset));
        let target = fonts_dir.join(&name);
        fs_err::write(&target, &subset)
            .with_context(|| format!("writing {}", project::display(&target)))?;
        let url = format!("{}{name}", &face.url[..face.url.len() - file.len()]);
        css = css.replace(&format!("url({})", face.url), &format!("url({url})"));
        fonts.insert(file.to_owned(), format!("katex/fonts/{name}"));
        remove_if_present(&site.join("katex").join(&face.url))?;
    }
    let css_name = format!("katex/katex-{}.css", project::content_hash(css.as_bytes()));
    let css_target = site.join(&css_name);
    fs_err::write(&css_target, css)
        .with_context(|| format!("writing {}", project::display(&css_target)))?;
    remove_if_present(&site.join(project::KATEX_CSS))?;
    Ok(KatexAssets {
        css: css_name,
        fonts,
        glyphs,
    })
}

fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    match fs_err::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(error).with_context(|| format!("removing {}", project::display(path)))
        }
        _ => Ok(()),
    }
}

/// The subset of `font` for `chars`, from the memory or disk cache if it
/// was made before.
fn subset_cached(font: &[u8], chars: &BTreeSet<char>) -> anyhow::Result<Vec<u8>> {
    let key = cache_key(font, chars);
    if let Some(found) = SUBSETS.lock().expect("subset cache lock").get(&key) {
        return Ok(found.clone());
    }
    let on_disk = project::scratch_dir("katex-fonts").join(format!("{key}.woff2"));
    let subset = match fs_err::read(&on_disk) {
        Ok(bytes) => bytes,
        Err(_) => {
            let bytes = subset(font, chars)?;
            MADE.fetch_add(1, Ordering::Relaxed);
            // A cache that cannot be written only costs the next build time.
            let _ = fs_err::create_dir_all(on_disk.parent().expect("a folder"))
                .and_then(|()| fs_err::write(&on_disk, &bytes));
            bytes
        }
    };
    SUBSETS
        .lock()
        .expect("subset cache lock")
        .insert(key, subset.clone());
    Ok(subset)
}

/// A name for the subset of `font` for `chars` made by [`RECIPE`] with
/// [`SAFETY_MARGIN`].
fn cache_key(font: &[u8], chars: &BTreeSet<char>) -> String {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    hash.update(RECIPE.as_bytes());
    hash.update(format!("{SAFETY_MARGIN:?}").as_bytes());
    hash.update(sha2::Sha256::digest(font));
    hash.update(chars.iter().collect::<String>().as_bytes());
    hash.finalize()[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `font` (WOFF2) cut to `chars` and [`SAFETY_MARGIN`], as WOFF2.
pub fn subset(font: &[u8], chars: &BTreeSet<char>) -> anyhow::Result<Vec<u8>> {
    let data = ReadScope::new(font)
        .read::<FontData<'_>>()
        .map_err(|error| anyhow::anyhow!("not a font allsorts can read: {error}"))?;
    let provider = data
        .table_provider(0)
        .map_err(|error| anyhow::anyhow!("reading its tables: {error}"))?;
    let ids = glyph_ids(&provider, chars)?;
    let ttf = allsorts::subset::subset(
        &provider,
        &ids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|error| anyhow::anyhow!("allsorts could not subset it: {error}"))?;
    let options = ttf2woff2::EncodeOptions {
        quality: ttf2woff2::BrotliQuality::from(11),
        transform_glyf_loca: true,
        // One thread: brotli's output then depends on nothing but its input.
        threads: None,
    };
    ttf2woff2::encode_with_options(&ttf, options)
        .map_err(|error| anyhow::anyhow!("ttf2woff2 could not write it as WOFF2: {error}"))
}

/// The glyph ids (`.notdef` first, then ascending) of `chars` and of the
/// safety margin, as far as the font's character map has them.
fn glyph_ids(
    provider: &impl FontTableProvider,
    chars: &BTreeSet<char>,
) -> anyhow::Result<Vec<u16>> {
    let cmap_data = provider
        .read_table_data(tag::CMAP)
        .map_err(|error| anyhow::anyhow!("no character map: {error}"))?;
    let cmap = ReadScope::new(&cmap_data)
        .read::<Cmap<'_>>()
        .map_err(|error| anyhow::anyhow!("reading its character map: {error}"))?;
    let (_, subtable) = read_cmap_subtable(&cmap)
        .map_err(|error| anyhow::anyhow!("reading its character map: {error}"))?
        .context("it has no Unicode character map")?;
    let margin = SAFETY_MARGIN.iter().flat_map(|range| range.clone());
    let mut ids = BTreeSet::new();
    for c in chars.iter().copied().chain(margin) {
        if let Some(id) = subtable
            .map_glyph(u32::from(c))
            .map_err(|error| anyhow::anyhow!("looking up {c:?}: {error}"))?
        {
            ids.insert(id);
        }
    }
    ids.remove(&0);
    Ok(std::iter::once(0).chain(ids).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendored(face: &str) -> Vec<u8> {
        fs_err::read(project::book_src().join(format!("katex/fonts/{face}.woff2"))).unwrap()
    }

    /// The characters a WOFF2 font maps to a glyph, among `wanted`.
    fn mapped(font: &[u8], wanted: impl Iterator<Item = char>) -> String {
        let data = ReadScope::new(font).read::<FontData<'_>>().unwrap();
        let provider = data.table_provider(0).unwrap();
        let cmap_data = provider.read_table_data(tag::CMAP).unwrap();
        let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>().unwrap();
        let (_, subtable) = read_cmap_subtable(&cmap).unwrap().unwrap();
        wanted
            .filter(|c| {
                subtable
                    .map_glyph(u32::from(*c))
                    .unwrap()
                    .is_some_and(|id| id != 0)
            })
            .collect()
    }

    #[test]
    fn a_subset_keeps_its_characters_and_the_margin_and_drops_the_rest() {
        let full = vendored("KaTeX_Main-Regular");
        let subset = subset(&full, &['∑', '+', '≤'].into()).unwrap();
        assert_eq!(&subset[..4], b"wOF2");
        assert!(
            subset.len() * 3 < full.len(),
            "{} of {}",
            subset.len(),
            full.len()
        );
        // Asked for, and in the margin (a digit).
        assert_eq!(mapped(&subset, "+≤07".chars()), "+≤07");
        // Neither: letters are outside the margin.
        assert_eq!(mapped(&subset, "×∞√(Qx".chars()), "");
        assert_eq!(mapped(&full, "×∞√(Qx".chars()), "×∞√(Qx");
    }

    #[test]
    fn subsets_are_byte_identical_and_cached() {
        let full = vendored("KaTeX_Size1-Regular");
        let chars: BTreeSet<char> = ['∑', '(', '⎛'].into();
        let first = subset(&full, &chars).unwrap();
        assert_eq!(first, subset(&full, &chars).unwrap());
        // Made once: kept in memory for `serve` and on disk for the next build.
        let key = cache_key(&full, &chars);
        assert_eq!(subset_cached(&full, &chars).unwrap(), first);
        assert_eq!(SUBSETS.lock().unwrap().get(&key), Some(&first));
        let on_disk = project::scratch_dir("katex-fonts").join(format!("{key}.woff2"));
        assert_eq!(fs_err::read(on_disk).unwrap(), first);
        assert_ne!(cache_key(&full, &chars), cache_key(&full, &['∑'].into()));
    }
}
