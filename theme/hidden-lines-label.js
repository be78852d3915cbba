// mdBook's eye button (show or hide a block's hidden lines) takes its new
// name from what was clicked: a click on its icon, where a pointer usually
// lands, names it "undefined" for screen readers. Here its name follows
// its title, whenever mdBook changes the title.
(function () {
    'use strict';
    const named = new MutationObserver(changes => changes.forEach(change =>
        change.target.setAttribute('aria-label', change.target.title)));
    document.querySelectorAll('pre > .buttons > button[title="Show hidden lines"]').forEach(button =>
        named.observe(button, { attributes: true, attributeFilter: ['title'] }));
})();
