//! End-to-end tests of the sandbox: real sockets on 127.0.0.1 port 0, real SQLite files.

mod binary;
mod faults;
mod http_api;
mod lifecycle;
mod persistence;
mod robustness;
mod sca_page;
mod schema_subset;
mod support;
mod swish;
mod swish_page;
mod swish_persistence;
mod websocket;
mod websocket_client;
mod websocket_close;
mod websocket_keep_alive;
mod wire_quirks;
