// Added to every page by `cargo xtask serve` (xtask/serve/src/http_server.rs),
// never by the build: reloads the page when the preview has rebuilt the site.
(function () {
    let seen = null;
    setInterval(function () {
        fetch('/__xtask/generation')
            .then(function (response) { return response.text(); })
            .then(function (generation) {
                if (seen !== null && generation !== seen) location.reload();
                seen = generation;
            })
            .catch(function () {});
    }, 700);
})();
