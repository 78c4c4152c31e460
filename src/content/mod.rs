//! Content: load (the only reader), YAML and JSON with positions, the portal's
//! outline, validation, and the model.

pub mod geo;
pub mod json;
pub mod load;
pub mod model;
pub mod outline;
pub mod validate;
pub mod yaml;
