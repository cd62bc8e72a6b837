//! End-to-end tests of the simulator: real HTTP on 127.0.0.1 port 0, a real pty, the binary.

mod binary;
mod ccsp;
mod control;
mod robustness;
mod support;
mod xccsp;
mod xccsp_faults;
