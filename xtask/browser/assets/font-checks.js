// The in-page half of the KaTeX font check (xtask/browser/src/fonts.rs):
// picks the elements whose text the browser is then asked about (which
// fonts drew it), one for every character in every font KaTeX's output
// asks for, and puts the page back as it was afterwards.
window.__xtaskFonts = (() => {
  const MARK = 'data-xtask-font-sample';
  let opened = [];

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

  // Marks one element for each new (font, character) pair of the text
  // KaTeX draws (`.katex-html`, not its SVG pieces); returns, by mark, what
  // each sample is: its text, the font CSS asks for, and its formula.
  async function markSamples() {
    await layOutEverything();
    const seen = new Set();
    const samples = [];
    for (const element of document.querySelectorAll('.katex-html, .katex-html *')) {
      if (element.closest('svg')) continue;
      const text = Array.from(element.childNodes)
        .filter(node => node.nodeType === Node.TEXT_NODE)
        .map(node => node.data)
        .join('');
      if (!text) continue;
      const style = getComputedStyle(element);
      const font = `${style.fontFamily} ${style.fontWeight} ${style.fontStyle}`;
      let fresh = false;
      for (const c of text) {
        const key = `${font}|${c}`;
        if (!seen.has(key)) {
          seen.add(key);
          fresh = true;
        }
      }
      if (fresh) {
        element.setAttribute(MARK, String(samples.length));
        samples.push({ text, font, tex: texOf(element) });
      }
    }
    return samples;
  }

  // Undoes `markSamples`: the checks after this one see the page as built.
  function restore() {
    document.querySelectorAll(`[${MARK}]`).forEach(element => element.removeAttribute(MARK));
    opened.forEach(details => { details.open = false; });
    opened = [];
    const style = document.getElementById('xtask-fonts-all');
    if (style) style.remove();
    return true;
  }

  return { markSamples, restore, MARK };
})();
