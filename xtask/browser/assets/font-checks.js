// The in-page half of the KaTeX font check (xtask/browser/src/fonts.rs):
// writes out the text the browser is then asked about (which fonts drew
// it): every character in every font KaTeX's output asks for, all of a
// font's characters together and each alone, and puts the page back as it
// was afterwards.
window.__xtaskFonts = (() => {
  const MARK = 'data-xtask-font-sample';
  let opened = [];
  let samples = [];

  // Lays out every formula: the book lays out only what is near the screen
  // (`content-visibility: auto`), and closed <details> (the solutions) not
  // at all; text that is never laid out is drawn in no font.
  async function layOutEverything() {
    const style = document.createElement('style');
    style.id = 'xtask-fonts-all';
    style.textContent = '* { content-visibility: visible !important; }';
    document.head.append(style);
    opened = Array.from(document.querySelectorAll('details:not([open])'));
    opened.forEach(details => { details.open = true; });
    document.body.getBoundingClientRect();
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    await document.fonts.ready;
  }

  // The TeX of the formula around `element`, for the message.
  function texOf(element) {
    const formula = element.closest('.katex');
    const tex = formula && formula.querySelector('annotation[encoding="application/x-tex"]');
    return tex ? tex.textContent.trim() : '';
  }

  // Gathers, for every font KaTeX's output asks for (family, weight and
  // style, as computed), every character drawn in it (`.katex-html`, not its
  // SVG pieces), with a formula that draws it; then writes each font's
  // characters into one marked span with that font, so that the browser is
  // asked once per font rather than once per element. Glyph coverage, and
  // so fallback, depends only on the font and the character.
  async function markSamples() {
    await layOutEverything();
    const fonts = new Map();
    for (const element of document.querySelectorAll('.katex-html, .katex-html *')) {
      if (element.closest('svg')) continue;
      const text = Array.from(element.childNodes)
        .filter(node => node.nodeType === Node.TEXT_NODE)
        .map(node => node.data)
        .join('');
      if (!text) continue;
      const style = getComputedStyle(element);
      const key = `${style.fontFamily}|${style.fontWeight}|${style.fontStyle}`;
      if (!fonts.has(key)) {
        fonts.set(key, { family: style.fontFamily, weight: style.fontWeight, style: style.fontStyle, chars: new Map() });
      }
      const chars = fonts.get(key).chars;
      for (const c of text) {
        if (!chars.has(c)) chars.set(c, texOf(element));
      }
    }
    const box = document.createElement('div');
    box.id = 'xtask-font-samples';
    box.style.cssText = 'position: absolute; left: 0; top: 0; white-space: pre;';
    document.body.append(box);
    samples = [];
    for (const font of fonts.values()) {
      for (const group of [[...font.chars.keys()]].concat([...font.chars.keys()].map(c => [c]))) {
        const span = document.createElement('span');
        span.style.fontFamily = font.family;
        span.style.fontWeight = font.weight;
        span.style.fontStyle = font.style;
        span.textContent = group.join('');
        span.setAttribute(MARK, String(samples.length));
        box.append(span, document.createElement('br'));
        samples.push({
          text: group.join(''),
          font: `${font.family} ${font.weight} ${font.style}`,
          tex: group.length === 1 ? font.chars.get(group[0]) : '',
          whole: group.length > 1,
        });
      }
    }
    document.body.getBoundingClientRect();
    await document.fonts.ready;
    return samples;
  }

  // Undoes `markSamples`: the checks after this one see the page as built.
  function restore() {
    const box = document.getElementById('xtask-font-samples');
    if (box) box.remove();
    opened.forEach(details => { details.open = false; });
    opened = [];
    const style = document.getElementById('xtask-fonts-all');
    if (style) style.remove();
    return true;
  }

  return { markSamples, restore, MARK };
})();
