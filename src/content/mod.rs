//! Content: load (the only reader), YAML and JSON with positions, text per
//! language, periods of flow figures, the portal's fact schema and outline, validation,
//! and the model.

pub mod geo;
pub mod json;
pub mod load;
pub mod model;
pub mod outline;
pub mod period;
pub mod schema;
mod skipped;
pub mod text;
pub mod validate;
pub mod yaml;
