// Explorable figures: a slider picks which of a figure's states the page
// shows. Every state was computed and drawn at build time, from the same
// Rust as the still figures; this script only fetches them, the first time
// the reader moves the control, and swaps the picture and its words.
// Without it the figure stays at its first state, still, as in print.
(function () {
    'use strict';
    const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
    // One step of Play: slow enough to see each state and hear it read.
    const PLAY_STEP_MS = 1200;

    function setUp(figure) {
        const control = figure.querySelector('.explorable-control');
        const input = control.querySelector('input[type="range"]');
        const play = control.querySelector('.explorable-play');
        const value = control.querySelector('.explorable-value');
        const img = figure.querySelector('picture img');
        const source = figure.querySelector('picture source');
        const caption = figure.querySelector('figcaption');
        const narrow = window.matchMedia(source.media);
        // Each layout's states, fetched once, and a picture URL per state.
        const loaded = new Map();
        const pictures = new Map();
        let playing = null;

        function statesOf(layout) {
            if (!loaded.has(layout)) {
                const url = figure.dataset[layout];
                const states = fetch(url)
                    .then((response) => {
                        if (!response.ok) throw new Error(`${url}: ${response.status}`);
                        return response.json();
                    })
                    .then((file) => file.states);
                // A failed fetch is tried again on the next move.
                states.catch(() => loaded.delete(layout));
                loaded.set(layout, states);
            }
            return loaded.get(layout);
        }

        function pictureOf(layout, index, svg) {
            const key = `${layout} ${index}`;
            if (!pictures.has(key)) {
                pictures.set(key, URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })));
            }
            return pictures.get(key);
        }

        async function show(index) {
            const layout = narrow.matches ? 'narrowStates' : 'states';
            figure.setAttribute('aria-busy', 'true');
            let states;
            try {
                states = await statesOf(layout);
            } catch (error) {
                figure.removeAttribute('aria-busy');
                value.textContent = `The figure could not load its states (${error.message}); try again.`;
                return;
            }
            // A later move has already asked for another state.
            if (Number(input.value) !== index) return;
            const state = states[index];
            const picture = pictureOf(layout, index, state.svg);
            source.srcset = picture;
            img.src = picture;
            img.alt = state.alt;
            caption.textContent = state.caption;
            input.setAttribute('aria-valuetext', state.value);
            value.textContent = state.value;
            figure.dataset.shown = `${layout} ${index}`;
            figure.removeAttribute('aria-busy');
        }

        function stop() {
            if (playing === null) return;
            window.clearInterval(playing);
            playing = null;
            play.textContent = 'Play';
            play.setAttribute('aria-pressed', 'false');
        }

        function start() {
            if (reducedMotion.matches) return;
            if (Number(input.value) === Number(input.max)) {
                input.value = input.min;
                show(Number(input.value));
            }
            play.textContent = 'Pause';
            play.setAttribute('aria-pressed', 'true');
            playing = window.setInterval(() => {
                if (Number(input.value) >= Number(input.max)) {
                    stop();
                    return;
                }
                input.value = Number(input.value) + 1;
                show(Number(input.value));
            }, PLAY_STEP_MS);
        }

        input.addEventListener('input', () => {
            stop();
            show(Number(input.value));
        });
        play.addEventListener('click', () => (playing === null ? start() : stop()));
        // Play only for readers who do not ask for less motion.
        const allowPlay = () => {
            play.hidden = reducedMotion.matches;
            if (reducedMotion.matches) stop();
        };
        reducedMotion.addEventListener('change', allowPlay);
        allowPlay();
        // A window that crosses the phone width takes the other layout.
        narrow.addEventListener('change', () => {
            if (figure.dataset.shown) show(Number(input.value));
        });
        control.hidden = false;
    }

    document.querySelectorAll('figure.explorable').forEach(setUp);
})();
