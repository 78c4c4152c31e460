//! Arbitrary text (lossy UTF-8) as a portal's GeoJSON outline, into
//! `content::outline::read` (which parses it with `content::json`). It must not panic;
//! every problem points at a line of the text (1 to lines + 1) and a column ≥ 1; an
//! outline it accepts has rings of at least 3 positions, all in range, inside its bounds.
#![no_main]

use std::path::PathBuf;

use halong::content::load::TextFile;
use halong::content::outline::read;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let lines = text.lines().count().max(1);
    let file = TextFile {
        path: PathBuf::from("content/map/outline.geojson"),
        text,
        revision: 0,
    };
    let (outline, problems) = read(&file);
    for problem in &problems {
        assert!(problem.position.line >= 1 && problem.position.line <= lines + 1, "{problem:?}");
        assert!(problem.position.column >= 1, "{problem:?}");
    }
    if let Some(outline) = outline {
        assert!(problems.is_empty());
        let bounds = outline.bounds;
        for ring in &outline.rings {
            assert!(ring.len() >= 3);
            for &(lon, lat) in ring {
                assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
                assert!(bounds.contains(lat, lon));
            }
        }
        let frame = outline.frame();
        assert!(frame.south <= bounds.south && frame.north >= bounds.north);
    }
});
