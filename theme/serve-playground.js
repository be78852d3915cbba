// Inlined by `cargo xtask serve` (xtask/serve/src/http_server.rs) into the
// head of every page it serves with its local runner: theme/book.js sends
// Run there instead of to the official playground, and waits long enough
// for a compile on this machine (the official playground is given 6 s).
window.book_playground = { url: '/__xtask/playground/', timeout: 120000 };
