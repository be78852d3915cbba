// A table, display formula or code block wider than the column scrolls
// sideways (on a phone, often). Keyboard readers scroll it with the arrow
// keys once it has the focus, so each one that scrolls takes a place in
// the Tab order, and gives it back when a wider window lets it fit. Each is measured when it
// or what it holds is laid out or changes size (a ResizeObserver), so
// blocks the book does not lay out yet (content-visibility in book.css)
// are not laid out early; until then, in a narrow window, where wide
// formulas are common, each one counts as scrolling.
(function () {
    'use strict';
    // Runnable blocks take the focus already (they open in the editor).
    const selector = '.table-wrapper, .katex-display, pre:not(.playground) > code';
    const scrollers = document.querySelectorAll(`main :is(${selector})`);
    if (scrollers.length === 0 || !window.ResizeObserver) return;
    const mark = 'data-scroll-focus';
    function setFocusable(element, focusable) {
        if (focusable && !element.hasAttribute('tabindex')) {
            element.setAttribute('tabindex', '0');
            element.setAttribute(mark, '');
        } else if (!focusable && element.hasAttribute(mark) && document.activeElement !== element) {
            element.removeAttribute('tabindex');
            element.removeAttribute(mark);
        }
    }
    function update(element) {
        setFocusable(element, element.scrollWidth > element.clientWidth + 1);
    }
    const narrow = window.matchMedia('(max-width: 750px)').matches;
    // Each observed element, and the scroller it is or is in.
    const scrollerOf = new Map();
    const observer = new ResizeObserver(entries =>
        entries.forEach(entry => update(scrollerOf.get(entry.target))));
    scrollers.forEach(element => {
        if (narrow) setFocusable(element, true);
        for (const observed of [element, element.firstElementChild]) {
            if (!observed) continue;
            scrollerOf.set(observed, element);
            observer.observe(observed);
        }
    });
})();
