// What a reader meets on an explorable figure (theme/explorable.js), for
// xtask/browser/src/explorable.rs: the control as built, the state shown
// against the figure's states file, and where a pointer finds the slider.
// The Rust side moves the slider with real keys and a real pointer; each
// function here returns plain data, read as JSON.
window.__xtaskExplore = (() => {
  const figures = () => Array.from(document.querySelectorAll('main figure.explorable'));
  const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));

  function parts(index) {
    const figure = figures()[index];
    const control = figure.querySelector('.explorable-control');
    return {
      figure,
      control,
      input: control.querySelector('input[type="range"]'),
      play: control.querySelector('.explorable-play'),
      value: control.querySelector('.explorable-value'),
      img: figure.querySelector('picture img'),
      source: figure.querySelector('picture source'),
      caption: figure.querySelector('figcaption'),
    };
  }

  const layoutOf = ({ source }) => (window.matchMedia(source.media).matches ? 'narrowStates' : 'states');
  const shownOf = p => p.figure.dataset.shown || null;

  // The page's explorable figures: the slider's id, its states, its value.
  function list() {
    return figures().map((_, index) => {
      const { input } = parts(index);
      return { name: input.id, states: Number(input.max) + 1, value: Number(input.value) };
    });
  }

  // Every states file the page links, each layout's, as site paths.
  function statesFiles() {
    return figures().flatMap(figure => [figure.dataset.states, figure.dataset.narrowStates])
      .map(url => new URL(url, document.baseURI).pathname);
  }

  // As built, before the reader touches it: the control shows, is
  // labelled, announces politely, and says the still picture's numbers.
  function builtProblems(index) {
    const p = parts(index);
    const problems = [];
    if (p.control.hidden || p.control.getClientRects().length === 0) {
      problems.push('its control is hidden: theme/explorable.js did not bring it to life');
    }
    const label = Array.from(p.input.labels || []).map(l => l.textContent.trim()).join(' ');
    if (!label) problems.push('its slider has no label');
    if (p.value.getAttribute('aria-live') !== 'polite') problems.push('its value line is not a polite live region');
    if (p.input.getAttribute('aria-valuetext') !== p.value.textContent) {
      problems.push(`its slider's aria-valuetext "${p.input.getAttribute('aria-valuetext')}" is not its value line "${p.value.textContent}"`);
    }
    if (shownOf(p) !== null) problems.push(`it shows state ${shownOf(p)} before anyone moved it`);
    return problems;
  }

  // Scrolls the slider into the middle of the window and gives its box,
  // the centre of the Play button (if shown), and what a pointer finds at
  // the slider's two ends and centre, if not the slider.
  async function sliderBox(index) {
    const p = parts(index);
    p.control.scrollIntoView({ block: 'center' });
    await frames();
    const box = p.input.getBoundingClientRect();
    const y = box.top + box.height / 2;
    const covered = [box.left + 2, box.left + box.width / 2, box.right - 2]
      .map(x => document.elementFromPoint(x, y))
      .filter(hit => hit !== p.input)
      .map(hit => (hit ? `<${hit.tagName.toLowerCase()} class="${hit.className}">` : 'nothing'));
    const playBox = p.play.getClientRects().length > 0 ? p.play.getBoundingClientRect() : null;
    return {
      left: box.left,
      right: box.right,
      y,
      covered: covered.length > 0 ? covered[0] : null,
      play: playBox ? { x: playBox.left + playBox.width / 2, y: playBox.top + playBox.height / 2 } : null,
    };
  }

  // Gives the slider the keyboard's focus, as Tab does.
  function focus(index) {
    const { input } = parts(index);
    input.focus();
    return document.activeElement === input;
  }

  // The slider's value, the state the picture shows (`null` before the
  // first move), whether it is loading, and whether Play is playing.
  function state(index) {
    const p = parts(index);
    return {
      value: Number(p.input.value),
      shown: shownOf(p),
      busy: p.figure.getAttribute('aria-busy') === 'true',
      playing: p.play.getAttribute('aria-pressed') === 'true',
    };
  }

  // Each states file, read once.
  const statesFilesRead = new Map();
  function statesOf(url) {
    if (!statesFilesRead.has(url)) {
      statesFilesRead.set(url, fetch(url).then(response => response.json()).then(file => file.states));
    }
    return statesFilesRead.get(url);
  }

  // What the figure shows against state `input.value` of its states file
  // for the layout the window takes: the picture, its alt text and
  // caption, the value line, aria-valuetext; the still picture, before any
  // move, must be the first state's drawing.
  async function matchProblems(index) {
    const p = parts(index);
    const layout = layoutOf(p);
    const states = await statesOf(p.figure.dataset[layout]);
    const k = Number(p.input.value);
    const expected = states[k];
    if (!expected) return [`its slider is at ${k}, but it has ${states.length} states`];
    const problems = [];
    if (shownOf(p) !== null && shownOf(p) !== `${layout} ${k}`) {
      problems.push(`its slider is at ${k} in the ${layout} layout, but the picture is ${shownOf(p)}`);
    }
    const differs = (what, shown, wanted) => {
      if (shown !== wanted) problems.push(`state ${k}: ${what} "${shown}", not "${wanted}"`);
    };
    differs('the value line says', p.value.textContent, expected.value);
    differs("the slider's aria-valuetext is", p.input.getAttribute('aria-valuetext'), expected.value);
    differs('the alt text is', p.img.alt, expected.alt);
    differs('the caption is', p.caption.textContent, expected.caption);
    const url = p.img.currentSrc || p.img.src;
    const drawn = await fetch(url).then(response => response.text());
    if (drawn !== expected.svg) problems.push(`state ${k}: the picture shown (${url.split('/').pop()}) is not that state's drawing`);
    return problems;
  }

  // Moves the slider to `k` as a script would, for sweeping every state,
  // and waits (at most `limitMs`) until the picture shows it.
  async function setState(index, k, limitMs) {
    const p = parts(index);
    p.input.value = k;
    p.input.dispatchEvent(new Event('input', { bubbles: true }));
    const started = performance.now();
    while (shownOf(p) !== `${layoutOf(p)} ${k}` || p.figure.getAttribute('aria-busy') === 'true') {
      if (performance.now() - started > limitMs) return false;
      await new Promise(done => setTimeout(done, 20));
    }
    await p.img.decode().catch(() => null);
    return true;
  }

  // State `k` as shown in this theme and window: its drawing's text (as
  // page-checks' figure check measures it), the card it sits on, and the
  // contrast of the control's words.
  async function legibilityProblems(index, k, minPx, theme) {
    const p = parts(index);
    const name = `${p.input.id} state ${k} (${layoutOf(p)}, ${theme}, ${window.innerWidth}px)`;
    const problems = await window.__xtask.imageProblems(p.img, p.img.currentSrc || p.img.src, minPx, name);
    const card = window.__xtask.parseColor(getComputedStyle(p.img).backgroundColor);
    if (!(card.r === 255 && card.g === 255 && card.b === 255 && card.a === 1)) {
      problems.push(`figure ${name}: not on an opaque white card`);
    }
    const words = [p.caption, p.value, p.control.querySelector('label'), p.play]
      .filter(element => element && element.getClientRects().length > 0);
    for (const element of words) {
      const ratio = window.__xtask.contrast(window.__xtask.parseColor(getComputedStyle(element).color), window.__xtask.backgroundOf(element));
      if (ratio < 4.5) problems.push(`figure ${name}: "${element.textContent.trim().slice(0, 40)}" has contrast ${ratio.toFixed(2)}:1, needs 4.5:1`);
    }
    return problems;
  }

  // Whether the Play button is shown to the reader.
  function playShown(index) {
    const { play } = parts(index);
    return !play.hidden && getComputedStyle(play).display !== 'none';
  }

  return { list, statesFiles, builtProblems, sliderBox, focus, state, matchProblems, setState, legibilityProblems, playShown };
})();
