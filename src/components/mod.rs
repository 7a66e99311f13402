//! Building blocks shared by the pages.

pub mod floor;
pub mod floor_stream;
pub mod language_switch;
pub mod page;
pub mod shell;
