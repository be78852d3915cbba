// Run by the build, not in the browser (xtask/src/build/highlight.rs), after
// theme/highlight.js, in QuickJS: what mdBook's book.js does before it
// highlights each <code>, on a stand-in for the element.
hljs.configure({ tabReplace: '    ', languages: [] });
function highlightForBook(className, parentClassName, text) {
    const named = /\blang(?:uage)?-([\w-]+)\b/i.exec(className);
    if (named && !hljs.getLanguage(named[1])) {
        throw new Error('theme/highlight.js has no language "' + named[1] + '" (it has '
            + hljs.listLanguages().join(', ') + '): mark the block as one of those, or add '
            + 'the language to theme/highlight.js as its header says');
    }
    const element = {
        className: className,
        parentNode: { className: parentClassName },
        textContent: text,
        firstChild: null,
        innerHTML: '',
        hasAttribute: function () { return false; },
    };
    hljs.highlightBlock(element);
    return [element.className, element.innerHTML];
}
