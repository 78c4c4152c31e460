//! Content: load (the only reader), YAML with positions, validation, and the model.

pub mod load;
pub mod model;
mod skipped;
pub mod validate;
pub mod yaml;
