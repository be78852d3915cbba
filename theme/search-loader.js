// Inlined into every page by the build (xtask/src/build/book.rs,
// defer_search_scripts), SOURCES replaced by the paths of mdBook's three
// search scripts: loads them the first time the reader opens the search.
(function () {
    const sources = SOURCES;
    const toggle = document.getElementById('mdbook-search-toggle');
    let state = 'idle';
    function load(then) {
        if (state !== 'idle') return;
        state = 'loading';
        let next = 0;
        (function one() {
            if (next === sources.length) { state = 'loaded'; if (then) then(); return; }
            const script = document.createElement('script');
            script.src = sources[next++];
            script.onload = one;
            document.body.append(script);
        })();
    }
    if (/[?&](search|highlight)=/.test(window.location.search)) { load(); return; }
    function openSearch() { load(() => toggle.click()); }
    toggle.addEventListener('click', event => {
        if (state === 'loaded') return;
        event.stopImmediatePropagation();
        openSearch();
    });
    document.addEventListener('keydown', event => {
        if (state !== 'idle' || event.altKey || event.ctrlKey || event.metaKey) return;
        if (/^(input|textarea|select)$/i.test(event.target.tagName)) return;
        if (event.key === '/' || event.key === 's' || event.key === 'S') {
            event.preventDefault();
            openSearch();
        }
    });
})();
