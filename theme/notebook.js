// Notebook-style code blocks: a runnable block becomes an editor (mdBook's
// Ace) the first time the reader focuses it, by a click or the Tab key.
// Pages carry only a small loader (theme/notebook-loader.js, put in by
// the page pass, xtask/src/build/page_pass.rs), which loads Ace, its
// Rust mode and themes, and this file on that first focus, then calls
// `window.notebookEdit(code)`.
//
// The editor holds the whole program, hidden lines included: folded, so
// the block still reads as the book shows it, and its line numbers are the
// compiler's. Run sends what it holds (mdBook's `playground_text` asks the
// editor of a block marked `editable`). Ctrl+Enter runs; Escape, then Tab,
// leaves the editor; the reset button brings the book's code back; the
// theme follows the book's (mdBook's theme switch updates `window.editors`).
'use strict';

(function () {
    const dark = ['coal', 'navy', 'ayu'];

    // Rows whose every character is in a hidden line (`.boring`).
    function hiddenRows(code) {
        const rows = [];
        let row = 0, hidden = true, any = false;
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const boring = walker.currentNode.parentElement.closest('.boring') !== null;
            for (const ch of walker.currentNode.data) {
                any = true;
                hidden = hidden && boring;
                if (ch === '\n') {
                    if (hidden) rows.push(row);
                    row += 1; hidden = true; any = false;
                }
            }
        }
        if (any && hidden) rows.push(row);
        return rows;
    }
    // The hidden lines' places in the editor's text, as ranges that follow
    // the reader's edits (Ace moves anchors as text is typed or deleted).
    function hiddenRanges(editor, rows) {
        const doc = editor.getSession().getDocument();
        const ranges = [];
        for (let i = 0; i < rows.length;) {
            let last = i;
            while (last + 1 < rows.length && rows[last + 1] === rows[last] + 1) last += 1;
            ranges.push({
                start: doc.createAnchor(rows[i], 0),
                end: doc.createAnchor(rows[last], doc.getLine(rows[last]).length),
            });
            i = last + 1;
        }
        return ranges;
    }
    function forget(ranges) {
        ranges.forEach(range => { range.start.detach(); range.end.detach(); });
    }
    // Folds each hidden range that still holds text, wherever edits moved it.
    function fold(editor, ranges) {
        const Range = ace.require('ace/range').Range;
        const session = editor.getSession();
        session.unfold();
        for (const { start, end } of ranges) {
            const range = new Range(start.row, start.column, end.row, end.column);
            if (range.isEmpty()) continue;
            const count = end.row - start.row + 1;
            session.addFold(count === 1 ? '⋯ 1 hidden line' : `⋯ ${count} hidden lines`, range);
        }
    }
    function becomeEditor(code, point) {
        const pre = code.parentElement;
        const rows = hiddenRows(code);
        // The editor's own input takes the focus from now on.
        code.removeAttribute('tabindex');
        code.classList.add('editable');
        const editor = ace.edit(code);
        editor.setOptions({
            highlightActiveLine: false,
            showPrintMargin: false,
            showLineNumbers: true,
            showGutter: true,
            showFoldWidgets: false,
            maxLines: Infinity,
            fontSize: '0.875em',
        });
        editor.$blockScrolling = Infinity;
        editor.getSession().setMode('ace/mode/rust');
        const theme = dark.some(name => document.documentElement.classList.contains(name));
        editor.setTheme(theme ? 'ace/theme/tomorrow_night' : 'ace/theme/dawn');
        editor.originalCode = editor.getValue();
        let hidden = hiddenRanges(editor, rows);
        window.editors = window.editors || [];
        window.editors.push(editor);
        const play = pre.querySelector('.play-button');
        editor.commands.addCommand({
            name: 'run', bindKey: { win: 'Ctrl-Enter', mac: 'Ctrl-Enter' },
            exec: () => play && play.click(),
        });
        const input = editor.textInput.getElement();
        input.setAttribute('aria-label', 'Code editor. Ctrl+Enter runs the code; Escape, then Tab, leaves the editor.');
        // Escape, then Tab: the Tab skips Ace and moves the focus on.
        let escaped = false;
        code.addEventListener('keydown', event => {
            if (event.key === 'Tab' && escaped) event.stopPropagation();
            escaped = event.key === 'Escape';
        }, true);
        const buttons = pre.querySelector('.buttons');
        const reset = document.createElement('button');
        reset.className = 'reset-button';
        reset.title = 'Undo changes';
        reset.setAttribute('aria-label', reset.title);
        reset.innerHTML = document.getElementById('fa-clock-rotate-left').innerHTML;
        // The eye button shows and hides the hidden lines, as before, also
        // after the code was edited.
        const eye = Array.from(buttons.querySelectorAll('button')).find(b => /hidden lines|Hide lines/.test(b.title));
        const linesShown = () => eye !== undefined && eye.title === 'Hide lines';
        if (eye) eye.addEventListener('click', () => {
            if (linesShown()) editor.getSession().unfold();
            else fold(editor, hidden);
        });
        // Folded, unless the reader had shown the hidden lines already.
        if (!linesShown()) fold(editor, hidden);
        reset.addEventListener('click', () => {
            editor.setValue(editor.originalCode, -1);
            forget(hidden);
            hidden = hiddenRanges(editor, rows);
            if (linesShown()) editor.getSession().unfold();
            else fold(editor, hidden);
            editor.focus();
        });
        buttons.insertBefore(reset, buttons.firstChild);
        editor.resize(true);
        if (point) editor.moveCursorToPosition(editor.renderer.screenToTextCoordinates(point.x, point.y));
        editor.focus();
    }

    window.notebookEdit = function (code) {
        if (!code.classList.contains('editable')) becomeEditor(code, code.notebookPoint);
    };
})();
