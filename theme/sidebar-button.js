// The sidebar toggle is a real button (theme/index.hbs makes mdBook's
// <label> one, for screen readers and keyboards). A label ticked its checkbox
// by itself; the button does it here, after mdBook's own click handler.
(function () {
    'use strict';
    const button = document.getElementById('mdbook-sidebar-toggle');
    const checkbox = document.getElementById('mdbook-sidebar-toggle-anchor');
    if (button && checkbox) {
        button.addEventListener('click', () => checkbox.click());
    }
})();
