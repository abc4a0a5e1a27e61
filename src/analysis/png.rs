//! PNG pictures of the map: the SVG picture rasterised by resvg, with the window's own font
//! (Ubuntu, from egui) so that names look the same on a machine without fonts.

/// `svg` drawn at `scale` times its size, as PNG bytes.
pub fn from_svg(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    fonts.set_sans_serif_family("Ubuntu");
    let options = usvg::Options {
        fontdb: std::sync::Arc::new(fonts),
        ..Default::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot draw the map: {e}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("the map is too large to draw")?;
    // A picture beyond 16k pixels a side is not a picture anyone can use.
    if size.width() > 16_384 || size.height() > 16_384 {
        return Err(format!(
            "the map would be {}×{} pixels; filter it or export SVG",
            size.width(),
            size.height()
        ));
    }
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("the map is too large to draw")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}
