//! The journal's tamper evidence, on copies of a 40-sale till file edited with plain SQL: each
//! edit is found and named, at open or by the full check the app runs in the background.

mod edits;
mod export;
mod fixture;
mod outside_head;
mod upgrade;
