//! Content: load (the only reader), YAML with positions, text per language, the
//! portal's fact schema, validation, and the model.

pub mod load;
pub mod model;
pub mod schema;
pub mod text;
pub mod validate;
pub mod yaml;
