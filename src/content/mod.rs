//! Content: load (the only reader), YAML with positions, text per language,
//! validation, and the model.

pub mod load;
pub mod model;
pub mod text;
pub mod validate;
pub mod yaml;
