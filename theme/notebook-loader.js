// Inlined into every page with runnable blocks by the build
// (xtask/src/build/page_pass.rs, with EditorLoader), SOURCES replaced by the
// paths of Ace, its Rust mode, its two themes and notebook.js: turns a
// runnable block into an editor the first time the reader focuses it.
(function () {
const sources = SOURCES;
let loading = null;
function load(src) {
return new Promise((resolve, reject) => {
const script = document.createElement('script');
script.src = src;
script.onload = resolve;
script.onerror = () => reject(new Error('could not load ' + src));
document.body.append(script);
});
}
document.querySelectorAll('pre.playground > code').forEach(code => {
code.tabIndex = 0;
code.addEventListener('pointerdown', event => { code.notebookPoint = { x: event.clientX, y: event.clientY }; });
code.addEventListener('focus', () => {
loading = loading || sources.reduce((previous, src) => previous.then(() => load(src)), Promise.resolve());
loading.then(() => window.notebookEdit(code))
.catch(error => console.error('The code editor did not load: ' + error.message));
});
});
})();
