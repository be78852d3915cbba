// Checks that `cargo xtask test` runs inside every page of the built book,
// in headless Chromium. Each function returns plain data (strings, arrays)
// that the Rust side reads as JSON.
window.__xtask = (() => {
  // Text a reader sees as prose, outside code and typeset math.
  function proseTextNodes(root) {
    const skip = 'code, pre, script, style, .katex, math, textarea, noscript';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        return node.parentElement && node.parentElement.closest(skip)
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function isVisible(element) {
    const style = getComputedStyle(element);
    return style.display !== 'none' && style.visibility !== 'hidden' && element.getClientRects().length > 0;
  }

  // A filename, a single word or a stock phrase does not describe a figure.
  function meaningfulAlt(alt, minWords) {
    const text = (alt || '').trim();
    return text.split(/\s+/).length >= minWords && !/\.(svg|png|jpe?g|gif)\b/i.test(text)
      && !/^(image|figure|picture|graph|chart|diagram)\b/i.test(text);
  }

  // Loads lazy images too, so that every image is checked.
  async function loadImages() {
    const images = Array.from(document.images);
    images.forEach(img => { img.loading = 'eager'; });
    await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
      img.addEventListener('load', done, { once: true });
      img.addEventListener('error', done, { once: true });
      setTimeout(done, 5000);
    })));
    return images;
  }

  // The sidebar toggle must be a real button that opens and closes the
  // sidebar (the build turns mdBook's <label> into one).
  function sidebarToggleProblems() {
    const toggle = document.getElementById('mdbook-sidebar-toggle');
    if (!toggle) return [];
    if (toggle.tagName !== 'BUTTON') return [`the sidebar toggle is a <${toggle.tagName.toLowerCase()}>, not a <button>`];
    const visible = () => document.documentElement.classList.contains('sidebar-visible');
    const before = visible();
    toggle.click();
    const after = visible();
    toggle.click();
    if (after === before || visible() !== before) {
      return [`the sidebar toggle does not open and close the sidebar (visible: ${before}, after one click: ${after}, after two: ${visible()})`];
    }
    return [];
  }

  // The build highlights every code block with the book's highlight.js
  // (xtask/src/build/highlight.rs) and marks it, so that pages do not carry
  // it; what the build wrote must be what highlight.js writes in the
  // browser. Run after the page is weighed: it loads the script as
  // theme/hidden-lines-restore.js does, which a first load does not.
  async function highlightingProblems() {
    const problems = [];
    if (!document.querySelector('pre > code')) return problems;
    if (!window.hljs) {
      await new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = window.path_to_highlight_js;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load highlight.js from ${script.src}`));
        document.body.append(script);
      }).catch(error => problems.push(error.message));
      if (!window.hljs) return problems;
    }
    document.querySelectorAll('pre > code').forEach(code => {
      const first = code.textContent.trim().split('\n')[0].slice(0, 50);
      if (!code.hasAttribute('data-highlighted')) {
        problems.push(`a code block was not highlighted by the build: "${first}"`);
        return;
      }
      // Hidden lines are empty placeholders until the reader touches a block.
      const shown = code.cloneNode(true);
      shown.querySelectorAll('.boring').forEach(span => span.remove());
      const language = (/\blanguage-([\w-]+)/.exec(code.className) || [])[1];
      const result = language ? hljs.highlight(language, shown.textContent, true) : hljs.highlightAuto(shown.textContent);
      const expected = document.createElement('code');
      expected.innerHTML = hljs.fixMarkup(result.value);
      if (shown.innerHTML !== expected.innerHTML) {
        problems.push(`a code block reads differently from what highlight.js makes of it in the browser: "${first}"`);
      }
    });
    // A block whose hidden lines come back (the reader touched it) is
    // highlighted again whole, hidden lines included, by the page's script.
    const folded = Array.from(document.querySelectorAll('pre > code')).find(code => code.querySelector('.boring[data-lines]'));
    if (folded) {
      const first = folded.textContent.trim().split('\n')[0].slice(0, 50);
      folded.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      const coloured = () => folded.querySelector('.boring [class^="hljs-"]') !== null;
      for (let waited = 0; waited < 5000 && !coloured(); waited += 50) {
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      if (folded.querySelector('.boring[data-lines]')) {
        problems.push(`touching a block did not bring its hidden lines back: "${first}"`);
      } else if (!coloured()) {
        problems.push(`a block whose hidden lines came back was not highlighted again within 5 s (theme/hidden-lines-restore.js loads highlight.js for it): "${first}"`);
      }
    }
    return problems;
  }

  async function pageProblems(minAltWords) {
    const problems = [];
    const main = document.querySelector('main') || document.body;
    for (const node of proseTextNodes(main)) {
      const match = node.textContent.match(/\$|\\[A-Za-z]+/);
      if (match && isVisible(node.parentElement)) {
        problems.push(`raw TeX is visible: "${node.textContent.trim().slice(0, 60)}"`);
      }
    }
    document.querySelectorAll('.katex-error').forEach(error => {
      problems.push(`KaTeX error is visible: ${error.getAttribute('title') || error.textContent}`);
    });
    document.querySelectorAll('.katex').forEach(math => {
      if (!math.querySelector('.katex-mathml math')) {
        problems.push(`math without MathML (screen readers cannot read it): "${math.textContent.slice(0, 40)}"`);
      }
      // Markup in the formula's text (an <em> that Markdown made of two
      // underscores, say) ends the <math> element early; screen readers
      // then read the rest as raw TeX.
      const stray = math.querySelector('.katex-mathml > :not(math)');
      if (stray) {
        problems.push(`a formula's MathML was broken apart by <${stray.tagName.toLowerCase()}> "${stray.textContent.slice(0, 40)}"`);
      }
    });
    for (const img of await loadImages()) {
      const src = img.getAttribute('src');
      if (!img.complete || img.naturalWidth === 0) problems.push(`image did not load: ${src}`);
      if (!meaningfulAlt(img.getAttribute('alt'), minAltWords)) {
        problems.push(`image has no meaningful alt text (say what it shows, in at least ${minAltWords} words): ${src}`);
      }
    }
    problems.push(...sidebarToggleProblems());
    if (window.ace) problems.push('the code editor (Ace) loaded with the page, before the reader asked to edit a block');
    return problems;
  }

  function parseColor(text) {
    const parts = (text.match(/[\d.]+/g) || []).map(Number);
    return { r: parts[0] || 0, g: parts[1] || 0, b: parts[2] || 0, a: parts.length > 3 ? parts[3] : 1 };
  }

  function luminance({ r, g, b }) {
    const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  }

  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }

  // The first opaque background behind an element.
  function backgroundOf(element) {
    for (let e = element; e; e = e.parentElement) {
      const color = parseColor(getComputedStyle(e).backgroundColor);
      if (color.a >= 1) return color;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  }

  // Switches mdBook's theme the way a reader does, with its theme menu.
  // mdBook fades colours over half a second; the checks measure the colours
  // the fade ends on, so they switch the fades off instead of waiting.
  async function setTheme(theme) {
    const button = document.getElementById(`mdbook-theme-${theme}`);
    if (!button) return false;
    if (!document.getElementById('xtask-no-fades')) {
      const style = document.createElement('style');
      style.id = 'xtask-no-fades';
      style.textContent = '*, *::before, *::after { transition: none !important; }';
      document.head.append(style);
    }
    button.click();
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    // Colours may fade from the old theme; measure once they have settled.
    // An endless animation (the editor's blinking cursor) never finishes.
    const finite = animation => !animation.effect || animation.effect.getComputedTiming().endTime !== Infinity;
    await Promise.all(document.getAnimations().filter(finite).map(animation => animation.finished.catch(() => null)));
    return document.documentElement.classList.contains(theme);
  }

  // An element axe flagged, with the colours for contrast problems.
  function describeNode(node) {
    const data = (node.any[0] || {}).data;
    const colours = data && data.contrastRatio
      ? ` ${data.fgColor} on ${data.bgColor} is ${data.contrastRatio}:1, needs ${data.expectedContrastRatio}` : '';
    return node.target.join(' ') + colours;
  }

  // Serious and critical axe-core violations, as lines of text.
  async function axeViolations(options, context) {
    const result = await axe.run(context || document, Object.assign({ resultTypes: ['violations'] }, options));
    return result.violations
      .filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element(s): ${v.nodes.slice(0, 4).map(describeNode).join('; ')})`);
  }

  // Whether `element` holds text of its own (not only through children).
  function hasOwnText(element) {
    for (const node of element.childNodes) {
      if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) return true;
    }
    return false;
  }

  // The ids of the background chains seen so far (see contrastKeyer).
  const chainIds = new Map();

  // A function giving, for an element with text, all that axe's
  // colour-contrast rule reads for it: its colour, size, weight and text
  // shadow, whether it is visible, and for it and each ancestor the
  // background (colour and image), opacity, filter and blend mode.
  function contrastKeyer() {
    const chainOf = new Map();
    const chain = element => {
      if (!element) return 0;
      if (chainOf.has(element)) return chainOf.get(element);
      const style = getComputedStyle(element);
      const key = [style.backgroundColor, style.backgroundImage, style.opacity, style.filter,
        style.mixBlendMode, chain(element.parentElement)].join(',');
      if (!chainIds.has(key)) chainIds.set(key, chainIds.size + 1);
      chainOf.set(element, chainIds.get(key));
      return chainIds.get(key);
    };
    return element => {
      const style = getComputedStyle(element);
      return [style.color, style.fontSize, style.fontWeight, style.textShadow,
        isVisible(element), chain(element)].join(';');
    };
  }

  // Every element with text, grouped by its contrast key (contrastKeyer).
  // The contrast of every element of a group is the same, so checking one
  // checks them all; a theme changes colours, not this grouping's inputs
  // other than colours, so the groups are made again in each theme. The
  // one input left out is where an element sits (another element drawn
  // over it), which themes do not change: the full light-theme pass keeps
  // axe's own view of that.
  function contrastGroups() {
    const keyOf = contrastKeyer();
    const groups = new Map();
    for (const element of document.querySelectorAll('body *')) {
      if (!hasOwnText(element)) continue;
      const key = keyOf(element);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(element);
    }
    return Array.from(groups.values());
  }

  // Empties, until the returned function is called, every element that
  // neither is nor holds one of `kept`. Every element stays where it is,
  // so selectors that count siblings still match as before.
  function emptyAllBut(kept) {
    const keep = new Set(kept);
    const holds = new Set();
    for (const element of kept) {
      for (let e = element.parentElement; e && !holds.has(e); e = e.parentElement) holds.add(e);
    }
    const emptied = [];
    const visit = element => {
      for (const child of element.children) {
        if (keep.has(child)) continue;
        if (holds.has(child)) {
          visit(child);
        } else if (child.firstChild) {
          emptied.push([child, Array.from(child.childNodes)]);
        }
      }
    };
    visit(document.body);
    emptied.forEach(([element]) => element.replaceChildren());
    return () => emptied.forEach(([element, children]) => element.replaceChildren(...children));
  }

  // One element of each contrast group: the one with the fewest elements
  // inside it, since axe also checks what an element holds.
  function contrastRepresentatives() {
    return contrastGroups().map(group =>
      group.reduce((best, e) => e.getElementsByTagName('*').length < best.getElementsByTagName('*').length ? e : best));
  }

  // axe's colour-contrast rule on the contrast representatives, in a theme
  // other than light.
  //
  // axe lays every element of the page on a grid to find what lies under
  // each one, which takes seconds however few elements are checked. So
  // every other element is emptied for the run, and the grid holds little
  // more than the checked elements and their ancestors: what lies under an
  // element then comes from its ancestors, as the grouping assumes. Should
  // emptying change any checked element's contrast key, the page is put
  // back and checked whole.
  async function themeContrastViolations() {
    const representatives = contrastRepresentatives();
    if (representatives.length === 0) return [];
    const check = () => axeViolations({ runOnly: ['color-contrast'] }, { include: representatives });
    const keyOf = contrastKeyer();
    const keys = representatives.map(keyOf);
    const restore = emptyAllBut(representatives);
    try {
      const keyAfter = contrastKeyer();
      if (representatives.every((element, i) => keyAfter(element) === keys[i])) return await check();
    } finally {
      restore();
    }
    return check();
  }

  // axe-core on the whole page in the light theme, in one run (one grid):
  // every rule on every element, but colour contrast on the contrast
  // representatives only. With `skipFormulas` (the print page, which is
  // every chapter again), the formulas are left out: their markup is the
  // chapter pages', where each is checked; they are nine elements in ten
  // of the page.
  async function axeProblems(skipFormulas) {
    // Each formula is set aside for the run (axe's own `exclude` compares
    // every element with every excluded one: minutes on the print page),
    // an empty span in its place, and put back after.
    const formulas = skipFormulas ? Array.from(document.querySelectorAll('.katex')) : [];
    const places = formulas.map(formula => {
      const place = document.createElement('span');
      formula.replaceWith(place);
      return place;
    });
    const representatives = contrastRepresentatives();
    representatives.forEach(element => element.setAttribute('data-xtask-contrast', ''));
    axe.configure({ rules: [{ id: 'color-contrast', selector: '[data-xtask-contrast]' }] });
    try {
      return await axeViolations({});
    } finally {
      axe.reset();
      representatives.forEach(element => element.removeAttribute('data-xtask-contrast'));
      places.forEach((place, i) => place.replaceWith(formulas[i]));
    }
  }

  // In each theme, figures must be unchanged white cards (their ink is
  // checked against white when they are drawn), captions readable, and
  // no text may fall below axe's contrast thresholds. The light theme's
  // contrast is checked by axeProblems.
  async function themeProblems(themes) {
    const problems = [];
    if (!document.getElementById('mdbook-theme-light')) return problems;
    await loadImages();
    for (const theme of themes) {
      if (!await setTheme(theme)) {
        problems.push(`the ${theme} theme did not apply`);
        continue;
      }
      document.querySelectorAll('figure.figure').forEach(figure => {
        const img = figure.querySelector('img');
        const name = img ? img.getAttribute('src') : '(figure without image)';
        if (!img || !isVisible(img) || img.getBoundingClientRect().width < 100) {
          problems.push(`${theme}: figure ${name} is not visible`);
          return;
        }
        const style = getComputedStyle(img);
        const card = parseColor(style.backgroundColor);
        if (!(card.r === 255 && card.g === 255 && card.b === 255 && card.a === 1)) {
          problems.push(`${theme}: figure ${name} is not on an opaque white card (background ${style.backgroundColor})`);
        }
        if (style.filter !== 'none' || style.mixBlendMode !== 'normal' || Number(style.opacity) !== 1) {
          problems.push(`${theme}: figure ${name} is altered by the theme (filter ${style.filter}, blend ${style.mixBlendMode}, opacity ${style.opacity})`);
        }
        const caption = figure.querySelector('figcaption');
        if (caption) {
          const ratio = contrast(parseColor(getComputedStyle(caption).color), backgroundOf(caption));
          if (ratio < 4.5) problems.push(`${theme}: caption of ${name} has contrast ${ratio.toFixed(2)}:1, needs 4.5:1`);
        }
      });
      if (window.axe && theme !== 'light') {
        (await themeContrastViolations()).forEach(line => problems.push(`${theme}: ${line}`));
      }
    }
    await setTheme('light');
    return problems;
  }

  // A block's whole program as mdBook wrote it. The build stores hidden
  // lines once per page (xtask/src/build/hidden_lines.rs): an empty
  // `.boring[data-lines]` span names ranges of the page's table. Read here
  // independently of the page's own script, which puts them back on use.
  function programText(code) {
    const table = document.getElementById('hidden-lines');
    const lines = table ? JSON.parse(table.textContent) : [];
    let text = '';
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.nodeType === Node.TEXT_NODE) {
        text += node.data;
      } else if (node.matches('.boring[data-lines]')) {
        for (const range of node.dataset.lines.split(',')) {
          const [first, last] = range.split('-').map(Number);
          text += lines.slice(first, (last === undefined ? first : last) + 1).join('');
        }
      }
    }
    return text;
  }

  // Every Rust block: what the page shows about it, and what the book
  // claims its output is (a text block right after it, possibly after a
  // one-line paragraph such as "This prints:").
  function blocks() {
    return Array.from(document.querySelectorAll('pre > code.language-rust')).map((code, index) => {
      const pre = code.parentElement;
      const button = pre.querySelector('.play-button');
      let expected = null;
      let next = pre.nextElementSibling;
      if (next && next.tagName === 'P' && next.textContent.trim().endsWith(':')) next = next.nextElementSibling;
      if (next && next.tagName === 'PRE' && next.querySelector('code.language-text')) {
        expected = next.querySelector('code').textContent;
      }
      return {
        index,
        classes: Array.from(code.classList),
        runnable: !!button && !button.classList.contains('hidden'),
        has_button: !!button,
        code: programText(code),
        expected,
      };
    });
  }

  // Clicks the Run button of each block in `indices`. mdBook sends each
  // request as the button is clicked, so all are on their way at once.
  function clickRuns(indices) {
    const codes = document.querySelectorAll('pre > code.language-rust');
    indices.forEach(index => codes[index].parentElement.querySelector('.play-button').click());
  }

  // Opens block `index` in the editor the way a reader does (focusing it,
  // as a click or Tab does), waits for the editor, and puts the cursor at
  // the start of the last line that closes `main` (a lone "}"). Returns a
  // problem or null, and how many lines the book hid in the block.
  async function openEditor(index) {
    const code = document.querySelectorAll('pre > code.language-rust')[index];
    const hidden_lines = programText(code).split('\n').length - code.textContent.split('\n').length;
    const fail = problem => ({ problem, hidden_lines });
    if (code.tabIndex !== 0) return fail('the block cannot be reached with the keyboard (no tabindex)');
    code.focus();
    for (let waited = 0; waited < 10000 && !code.classList.contains('ace_editor'); waited += 50) {
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    if (!window.ace || !code.classList.contains('ace_editor')) return fail('focusing the block did not open the editor');
    const editor = ace.edit(code);
    if (document.activeElement !== editor.textInput.getElement()) return fail('the editor did not take the focus');
    const lines = editor.getValue().split('\n');
    const row = lines.map(line => line.trim()).lastIndexOf('}');
    if (row < 0) return fail('the block has no line that closes main');
    editor.gotoLine(row + 1, 0, false);
    return fail(null);
  }

  // What block `index` holds: the editor's text, whether its hidden lines
  // are folded away, its theme, and the result Run showed.
  function editorState(index) {
    const code = document.querySelectorAll('pre > code.language-rust')[index];
    const pre = code.parentElement;
    const editor = window.ace && code.classList.contains('ace_editor') ? ace.edit(code) : null;
    const result = pre.querySelector('.result');
    return {
      value: editor ? editor.getValue() : null,
      folds: editor ? editor.getSession().getAllFolds().length : 0,
      theme: editor ? editor.getTheme() : null,
      has_reset: !!pre.querySelector('.reset-button'),
      result: result ? result.innerText : null,
    };
  }

  function resetBlock(index) {
    const code = document.querySelectorAll('pre > code.language-rust')[index];
    code.parentElement.querySelector('.reset-button').click();
  }

  // At the current (phone) width, the page must not scroll sideways: wide
  // things scroll inside their own box. Names what sticks out: formulas
  // (by their TeX), pictures, tables, code and display math.
  // A figure's drawing, laid out once per address: its drawn width, its
  // smallest font size, and any text cut off at the drawing's edge or laid
  // over other text (measured in the drawing's own units).
  const drawnFigures = new Map();
  function drawnFigure(url) {
    if (!drawnFigures.has(url)) {
      drawnFigures.set(url, fetch(url).then(response => response.text()).then(text => {
        const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
        const holder = document.createElement('div');
        holder.style.cssText = 'position: absolute; left: -10000px; top: 0; visibility: hidden; content-visibility: visible;';
        holder.append(document.importNode(svg, true));
        document.body.append(holder);
        const drawn = holder.querySelector('svg');
        const width = parseFloat(drawn.getAttribute('width'));
        const height = parseFloat(drawn.getAttribute('height'));
        const texts = Array.from(drawn.querySelectorAll('text')).filter(t => t.textContent.trim());
        // The drawing is laid out at its own size, so a CSS pixel is one of
        // its units; the screen box also turns rotated text (an axis name).
        const origin = drawn.getBoundingClientRect();
        const boxOf = t => {
          const r = t.getBoundingClientRect();
          return { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height };
        };
        const boxes = texts.map(t => ({ text: t.textContent.trim(), box: boxOf(t), size: parseFloat(t.getAttribute('font-size')) }));
        holder.remove();
        const problems = [];
        for (const { text, box } of boxes) {
          if (box.x < -0.5 || box.y < -0.5 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5) {
            problems.push(`"${text}" is cut off at the drawing's edge`);
          }
        }
        // Text boxes include the font's ascent and descent: a little overlap
        // between lines set close together is not text over text.
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
          const across = Math.min(a.box.x + a.box.width, b.box.x + b.box.width) - Math.max(a.box.x, b.box.x);
          const down = Math.min(a.box.y + a.box.height, b.box.y + b.box.height) - Math.max(a.box.y, b.box.y);
          if (across > 2 && down > 4) problems.push(`"${a.text}" is drawn over "${b.text}"`);
        }));
        return { width, smallest: Math.min(...boxes.map(b => b.size)), problems };
      }));
    }
    return drawnFigures.get(url);
  }

  // Every figure as the reader sees it at this window's width: the drawing
  // the browser chose (wide or narrow), whose smallest text, as rendered
  // (font size × shown width ÷ drawn width), must be at least `minPx`.
  async function figureProblems(minPx) {
    await loadImages();
    // Lay out the whole page: figures far below the first screen are
    // otherwise skipped (content-visibility) and have no size yet.
    const style = document.createElement('style');
    style.textContent = '* { content-visibility: visible !important; }';
    document.head.append(style);
    const problems = [];
    for (const img of document.querySelectorAll('main figure img')) {
      problems.push(...await imageProblems(img, img.currentSrc || img.src, minPx));
    }
    style.remove();
    return problems;
  }

  // One figure's drawing (`url`, named by its file) as `img` shows it: its
  // smallest text as rendered, text cut off, text over text.
  async function imageProblems(img, url, minPx, name = url.split('/').pop()) {
    const problems = [];
    try {
      const drawn = await drawnFigure(url);
      const rendered = drawn.smallest * img.clientWidth / drawn.width;
      if (!(rendered >= minPx)) {
        problems.push(`figure ${name}: its smallest text renders at ${rendered.toFixed(1)}px in a ${window.innerWidth}px-wide window (the drawing is ${drawn.width}px wide, shown ${img.clientWidth}px wide); at least ${minPx}px is needed`);
      }
      problems.push(...drawn.problems.map(problem => `figure ${name}: ${problem}`));
    } catch (error) {
      problems.push(`figure ${name}: could not be read (${error})`);
    }
    return problems;
  }

  function phoneProblems() {
    const width = document.documentElement.clientWidth;
    const total = document.documentElement.scrollWidth;
    const sticksOut = element => element.getBoundingClientRect().right > width + 1;
    // Wide things may scroll inside their own box: a code block, a table's
    // wrapper, a display formula. The page's column is not such a box.
    const contained = element =>
      element.closest('pre, .table-wrapper, .katex-display') !== null &&
      !sticksOut(element.closest('pre, .table-wrapper, .katex-display'));
    const kinds = '.katex, .katex-display, img, svg, table, pre, figure, iframe, video';
    const culprits = Array.from(document.querySelectorAll(`main :is(${kinds})`))
      .filter(element => !element.parentElement.closest('.katex, .katex-display'))
      .filter(element => isVisible(element) && sticksOut(element) && !contained(element));
    const describe = element => {
      const tex = element.querySelector('annotation');
      const text = (tex ? tex.textContent : element.textContent).trim().replace(/\s+/g, ' ').slice(0, 80);
      const what = tex ? 'the formula' : element.tagName.toLowerCase();
      return `${what} "${text}" reaches ${Math.round(element.getBoundingClientRect().right)}px`;
    };
    // The column itself may scroll (mdBook's content box does), so a
    // formula can stick out without widening the page.
    if (culprits.length > 0) {
      return [`at ${width}px wide, ${culprits.length} thing(s) stick out of the column (break long inline math into shorter formulas or make it display math): ` +
        culprits.slice(0, 6).map(describe).join('; ') + (culprits.length > 6 ? '; …' : '')];
    }
    if (total > width + 1) {
      return [`at ${width}px wide the page is ${total}px wide and scrolls sideways; no formula, picture, table or code block sticks out, so look for another wide element`];
    }
    return [];
  }

  // TeX a reader should never see: a control word such as \vb or \frac,
  // or an escaped brace, bar or space.
  const TEX_COMMAND = /\\(?:[A-Za-z]{2,}|[{}|,;!])/;

  // Words to search for on this page: a long word of its title, and the
  // word just before some of its formulas, so that teasers show math.
  // Stop words (such as "about") are not indexed, so they are skipped.
  function searchWords() {
    const stop = (window.elasticlunr && elasticlunr.stopWordFilter.stopWords) || {};
    const usable = text => (text.match(/[A-Za-z]{5,}/g) || []).filter(w => !stop[w.toLowerCase()]);
    const title = (document.querySelector('main h1') || {}).textContent || '';
    const words = usable(title).slice(0, 1);
    const formulas = Array.from(document.querySelectorAll('main .katex'));
    const picks = [0, Math.floor(formulas.length / 2), formulas.length - 1];
    for (const index of new Set(formulas.length ? picks : [])) {
      const formula = formulas[index].closest('.katex-display') || formulas[index];
      const before = formula.previousSibling;
      const found = before && before.nodeType === Node.TEXT_NODE ? usable(before.textContent) : [];
      if (found.length) words.push(found[found.length - 1]);
    }
    if (!words.length) words.push('vector');
    return Array.from(new Set(words.map(w => w.toLowerCase())));
  }

  // Polls `test` every 50 ms until it holds or `ms` pass; whether it held.
  async function until(test, ms) {
    for (let waited = 0; waited < ms; waited += 50) {
      if (test()) return true;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    return test();
  }

  // Opens mdBook's search with its button, as a reader does (its scripts
  // load then); whether it opened.
  async function openSearch() {
    document.getElementById('mdbook-search-toggle').click();
    return until(() => Boolean(window.search && window.search.hasFocus) && !document.getElementById('mdbook-search-wrapper').classList.contains('hidden'), 5000);
  }

  // Types `word` into the open search; the addresses its results link to,
  // or null when no result showed.
  async function searchFor(word) {
    const bar = document.getElementById('mdbook-searchbar');
    const header = document.getElementById('mdbook-searchresults-header');
    bar.value = word;
    bar.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
    const results = () => document.querySelectorAll('#mdbook-searchresults li a');
    const shown = () => header.textContent.includes(`'${word}'`) && results().length > 0;
    if (!await until(shown, 5000)) return null;
    return Array.from(results(), link => link.href);
  }

  // Search must work though its scripts load only on first use: open it
  // with the button, search each of searchWords(), expect results, and
  // no teaser may show TeX (the build indexes a formula as its MathML text).
  async function searchProblems() {
    const toggle = document.getElementById('mdbook-search-toggle');
    const bar = document.getElementById('mdbook-searchbar');
    if (!toggle || !bar) return [];
    if (window.elasticlunr) return ['the search scripts loaded before the reader asked for search'];
    if (!await openSearch()) return ['clicking the search button did not open the search'];
    const problems = [];
    for (const word of searchWords()) {
      if (!await searchFor(word)) {
        problems.push(`searching for "${word}" found nothing`);
        continue;
      }
      document.querySelectorAll('#mdbook-searchresults .teaser').forEach(teaser => {
        const tex = teaser.textContent.match(TEX_COMMAND);
        if (tex) problems.push(`searching for "${word}" shows TeX (${tex[0]}) in a teaser: "${teaser.textContent.trim().slice(0, 120)}"`);
      });
    }
    toggle.click();
    return problems;
  }

  // Links of the page to its own origin that lead outside `base` (the
  // site's address, such as http://127.0.0.1:4000/ml-math-notes/).
  function linksOutside(base) {
    return Array.from(document.querySelectorAll('a[href]'), link => link.href)
      .filter(href => href.startsWith(`${location.origin}/`) && !href.startsWith(base));
  }

  // A page whose stylesheets or scripts did not load: mdBook's menu bar
  // must be laid out as a row (chrome.css), what is marked hidden must be
  // hidden (general.css), and its toc.js must have filled the sidebar.
  function assetProblems() {
    const problems = [];
    const menu = document.getElementById('mdbook-menu-bar');
    if (menu && getComputedStyle(menu).display !== 'flex') {
      problems.push("the page is unstyled: mdBook's menu bar is not laid out as a row (chrome.css did not apply)");
    }
    const hidden = document.querySelector('.hidden');
    if (hidden && getComputedStyle(hidden).display !== 'none') {
      problems.push(`the page is unstyled: #${hidden.id || hidden.tagName.toLowerCase()} is marked hidden but shows (general.css did not apply)`);
    }
    if (document.getElementById('mdbook-sidebar') && !document.querySelector('#mdbook-sidebar a[href]')) {
      problems.push('the sidebar has no links: its script (toc.js) did not run');
    }
    return problems;
  }

  return { highlightingProblems, searchProblems, openSearch, searchFor, linksOutside, assetProblems, loadImages, pageProblems, axeViolations, axeProblems, setTheme, themeProblems, blocks, clickRuns, phoneProblems, figureProblems, imageProblems, contrast, parseColor, backgroundOf, openEditor, editorState, resetBlock };
})();
