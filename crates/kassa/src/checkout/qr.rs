//! The SCA page as a QR code for the customer's phone.
//!
//! The URL carries a waitToken (a JWT), so it is long: a few hundred characters. Error
//! correction level **L** (7 %) keeps the symbol at the lowest version, so each module is as
//! large as possible on the screen; a phone reading a lit laptop screen at arm's length
//! suffers blur and glare, not torn or smudged paper, so bigger modules help far more than
//! redundancy. The quiet zone is the standard's **4 modules** of white, which phones need to
//! find the symbol against a busy screen around it.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::CheckoutError;

/// Error correction chosen for screen-to-phone scanning (see the module docs).
pub const EC_LEVEL: EcLevel = EcLevel::L;

/// Smallest side of the QR code: large enough to scan from a phone across the counter.
pub const MIN_PX: u32 = 320;

/// The rendered QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qr {
    pub svg: String,
    /// Modules per side, without the quiet zone.
    pub modules: usize,
}

/// Renders `url` as an SVG QR code with a 4-module quiet zone, at least `min_px` wide.
pub fn render(url: &str, min_px: u32) -> Result<Qr, CheckoutError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EC_LEVEL).map_err(|e| {
        CheckoutError::InvalidOrder(format!("the SCA link cannot be a QR code: {e}"))
    })?;
    let svg = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .min_dimensions(min_px, min_px)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Ok(Qr {
        svg,
        modules: code.width(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_sca_url_renders_with_large_modules_and_a_quiet_zone() {
        let url = format!(
            "https://sca.kronor.io/?token={}",
            "eyJhbGciOiJIUzI1NiJ9x".repeat(16)
        );
        let qr = render(&url, 320).expect("renders");
        assert!(
            qr.svg.starts_with("<?xml") || qr.svg.starts_with("<svg"),
            "{}",
            &qr.svg[..40]
        );
        // About 370 bytes: version 12 (65 modules) at L; M would need a bigger symbol, so
        // smaller modules on the same screen area.
        assert_eq!(qr.modules, 65);
        let at_m = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).expect("m");
        assert!(qr.modules < at_m.width());
        // 4 modules of quiet zone each side: the SVG is (modules + 8) modules wide.
        let side = (qr.modules + 8) as u32;
        let width: u32 = qr
            .svg
            .split("width=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|w| w.parse().ok())
            .expect("width");
        assert_eq!(
            width % side,
            0,
            "width {width} is a whole number of {side} modules"
        );
    }
}
