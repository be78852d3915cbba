// Inlined into every page with pooled hidden lines by the build
// (xtask/src/build/hidden_lines.rs): puts a block's hidden lines back from
// the page's table the first time the reader touches the block, then loads
// highlight.js (the page does not carry it: the build highlighted every
// block) and highlights the block again, with those lines.
(function () {
    const table = JSON.parse(document.getElementById('hidden-lines').textContent);
    function lines(ranges) {
        return ranges.split(',').map(range => {
            const [first, last] = range.split('-').map(Number);
            return table.slice(first, (last === undefined ? first : last) + 1).join('');
        }).join('');
    }
    let highlighter = null;
    function loadHighlighter() {
        highlighter = highlighter || new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = window.path_to_highlight_js;
            script.onload = () => resolve(window.hljs);
            script.onerror = () => reject(new Error('could not load ' + script.src));
            document.body.append(script);
        });
        return highlighter;
    }
    function restore(code) {
        code.querySelectorAll('.boring[data-lines]').forEach(span => {
            span.textContent = lines(span.dataset.lines);
            span.removeAttribute('data-lines');
        });
        // The text is whole at once (Run and Copy read it); the colours
        // follow when highlight.js has loaded, unless the block is an
        // editor by then, which colours its own text.
        loadHighlighter()
            .then(hljs => { if (!code.classList.contains('editable')) highlight(hljs, code); })
            .catch(error => console.error('The code was not highlighted again: ' + error.message));
    }
    function highlight(hljs, code) {
        hljs.configure({ tabReplace: '    ', languages: [] });
        // The build highlighted the block without these lines; again.
        code.removeAttribute('data-highlighted');
        // Rebuild the block as plain text in hidden and shown stretches,
        // as mdBook wrote it, and highlight it whole.
        const stretches = [];
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const hidden = walker.currentNode.parentElement.closest('.boring') !== null;
            const last = stretches[stretches.length - 1];
            if (last && last.hidden === hidden) last.text += walker.currentNode.data;
            else stretches.push({ hidden, text: walker.currentNode.data });
        }
        code.textContent = '';
        for (const { hidden, text } of stretches) {
            if (hidden) {
                const span = document.createElement('span');
                span.className = 'boring';
                span.textContent = text;
                code.append(span);
            } else {
                code.append(text);
            }
        }
        hljs.highlightBlock(code);
    }
    document.querySelectorAll('pre > code').forEach(code => {
        if (!code.querySelector('.boring[data-lines]')) return;
        const once = () => { if (code.querySelector('.boring[data-lines]')) restore(code); };
        for (const type of ['pointerdown', 'focusin', 'keydown', 'click']) {
            code.parentElement.addEventListener(type, once, true);
        }
    });
})();
