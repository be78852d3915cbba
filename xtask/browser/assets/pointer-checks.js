// What a reader's pointer reaches on the code blocks' buttons (Copy, Run,
// the eye that shows hidden lines, Undo), for xtask/browser/src/pointer.rs.
// The Rust side moves a real pointer (DevTools `Input.dispatchMouseEvent`)
// to each button's centre; `hitAt` then asks the page what lies there, as
// a click would find it. Each function returns plain data, read as JSON.
window.__xtaskPointer = (() => {
  const blocks = () => Array.from(document.querySelectorAll('main pre'));
  const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));

  function editorOf(pre) {
    const code = pre.querySelector(':scope > code.ace_editor');
    return code && window.ace ? ace.edit(code) : null;
  }

  // The block's first line of text, as the reader sees it, to name it.
  function firstLine(pre) {
    const editor = editorOf(pre);
    const code = pre.querySelector(':scope > code:not(.result)');
    const text = editor ? editor.getValue() : (code || pre).innerText;
    const line = text.split('\n').map(part => part.trim()).find(part => part !== '');
    return line === undefined ? '(empty)' : line.slice(0, 60);
  }

  // The buttons a reader can see once the pointer is on the block: those
  // laid out (mdBook hides, with `display: none`, a Run button that
  // cannot run).
  function buttonsOf(pre) {
    return Array.from(pre.querySelectorAll(':scope > .buttons > button'))
      .filter(button => button.getClientRects().length > 0);
  }

  function nameOf(button) {
    return button.getAttribute('aria-label') || button.title || button.className || 'a button';
  }

  // How many blocks the page has.
  function blockCount() {
    return blocks().length;
  }

  // Whether `element` sits well inside the window (not under the menu bar).
  function wellInside(element) {
    const box = element.getBoundingClientRect();
    return box.top > window.innerHeight * 0.15 && box.bottom < window.innerHeight * 0.85;
  }

  // Brings block `index`'s buttons to the middle of the window, unless
  // they are well inside it already (opening the exercise solution that
  // holds the block, as a reader does). Blocks laid out as they come near
  // the window change the height of the page above, so it centres again
  // (a few times at most: near the page's end, it cannot).
  async function bringIntoView(pre) {
    const closed = pre.closest('details:not([open])');
    if (closed) closed.open = true;
    const row = pre.querySelector(':scope > .buttons') || pre;
    let moved = false;
    for (let tries = 0; tries < 4 && !wellInside(row); tries += 1) {
      row.scrollIntoView({ block: 'center', behavior: 'instant' });
      await frames();
      moved = true;
    }
    if (moved) await arriveAsAReaderScrolls();
  }

  // mdBook's menu bar hides as the page scrolls down, step by step: after
  // one jump it stays where the page was, which can be mid-window. A
  // reader's wheel scrolls in small steps, so the last stretch is scrolled
  // that way (one step a frame, so mdBook sees each).
  async function arriveAsAReaderScrolls() {
    const target = window.scrollY;
    const stretch = Math.min(300, target);
    window.scrollTo({ top: target - stretch, behavior: 'instant' });
    await frames();
    for (let step = 1; step <= 10; step += 1) {
      window.scrollTo({ top: target - stretch + (stretch * step) / 10, behavior: 'instant' });
      await frames();
    }
  }

  // Block `index` brought into view: its first line and its buttons, each
  // with its centre.
  // With `edited`, the editor first draws the edit (at the next frame).
  async function targets(index, edited) {
    const pre = blocks()[index];
    if (edited) await frames();
    await bringIntoView(pre);
    return {
      first_line: firstLine(pre),
      buttons: buttonsOf(pre).map(button => {
        const box = button.getBoundingClientRect();
        return { name: nameOf(button), x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }),
    };
  }

  // An element as a reader would look for it: its tag, id, classes and
  // the start of its text.
  function describe(element) {
    if (!element) return 'nothing (the point is outside the window)';
    const id = element.id ? `#${element.id}` : '';
    const classes = Array.from(element.classList).map(name => `.${name}`).join('');
    const text = (element.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${element.tagName.toLowerCase()}${id}${classes}>` + (text && element.tagName !== 'MAIN' ? ` "${text}"` : '');
  }

  // Waits until block `index`'s buttons show (mdBook's chrome.css shows
  // them while the pointer is on the block, fading in): a few frames at
  // most, and none if the pointer is not on the block.
  async function settled(index) {
    const row = blocks()[index].querySelector(':scope > .buttons');
    for (let waited = 0; row && waited < 10; waited += 1) {
      await frames();
      if (getComputedStyle(row).visibility === 'visible') return;
    }
  }

  // What the pointer at (x, y) is on, if not button `button` of block
  // `index`: null when a click there reaches the button.
  async function hitAt(index, button, x, y) {
    await settled(index);
    const target = buttonsOf(blocks()[index])[button];
    const hit = document.elementFromPoint(x, y);
    if (target && hit && target.contains(hit)) return null;
    return `${describe(hit)} (at ${Math.round(x)}, ${Math.round(y)} in a ${window.innerWidth} × ${window.innerHeight} window)`;
  }

  // With the pointer on one of block `index`'s buttons, the buttons a click
  // at their centre would not reach, and what it would reach instead.
  async function missedButtons(index) {
    await settled(index);
    return buttonsOf(blocks()[index]).flatMap(button => {
      const box = button.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit && button.contains(hit) ? [] : [{ name: nameOf(button), covered: describe(hit) }];
    });
  }

  // A point on block `index`'s code where a click reaches the code (and
  // puts the cursor): near the top of its part in the window, a little in
  // from the left; null if the pointer reaches no part of it.
  function codePoint(index) {
    const code = blocks()[index].querySelector(':scope > code:not(.result)');
    const box = code.getBoundingClientRect();
    const top = Math.max(box.top, window.innerHeight * 0.15);
    const bottom = Math.min(box.bottom, window.innerHeight * 0.85);
    const x = box.left + Math.min(40, box.width / 2);
    for (const y of [top + 12, (top + bottom) / 2]) {
      const hit = document.elementFromPoint(x, y);
      if (y < bottom && hit && code.contains(hit)) return { x, y };
    }
    return null;
  }

  // Whether block `index` has become an editor and holds the focus: null
  // if so, else what is there instead.
  function editing(index) {
    const pre = blocks()[index];
    const editor = editorOf(pre);
    if (editor && document.activeElement === editor.textInput.getElement()) return null;
    return `${editor ? 'the editor is open but' : 'no editor opened, and'} the focus is on ${describe(document.activeElement)}`;
  }

  // The editor's text in block `index` (null before it is an editor), and
  // how many folds hide lines.
  function editorText(index) {
    const editor = editorOf(blocks()[index]);
    return editor
      ? { value: editor.getValue(), folds: editor.getSession().getAllFolds().length }
      : { value: null, folds: 0 };
  }

  // The blocks with a Run button a reader can use, by number.
  function runnableBlocks() {
    return blocks().flatMap((pre, index) =>
      pre.classList.contains('playground') && pre.querySelector('.play-button:not(.hidden)') ? [index] : []);
  }

  // Block `index`'s code as the reader sees it, without its hidden lines
  // (what Copy must copy), and what its Copy button's tooltip says.
  function shownCode(index) {
    const code = blocks()[index].querySelector('code').cloneNode(true);
    code.querySelectorAll('.boring').forEach(span => span.remove());
    return code.textContent.trimEnd();
  }
  function copyTooltip(index) {
    const tip = blocks()[index].querySelector('.clip-button .tooltiptext');
    return tip ? tip.innerText : '';
  }

  return { blockCount, targets, hitAt, missedButtons, codePoint, editing, editorText, runnableBlocks, shownCode, copyTooltip };
})();
