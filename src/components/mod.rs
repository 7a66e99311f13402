//! Building blocks shared by the pages.

pub mod language_switch;
pub mod page;
pub mod shell;
